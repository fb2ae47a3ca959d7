// The template compiler against liquidjs itself: every template here is rendered both ways with
// the same data and must give the same bytes; what the compiler does not handle must be refused
// at compile time (and still render, through liquidjs).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Drop, Liquid } from 'liquidjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateCompiler, Unsupported } from '../src/render/template-compiler.ts';
import { liquidEngine, TemplateError, Templates } from '../src/render/templates.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'folio-compiler-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, `${name}.liquid`), text);
  return dir;
}

/** A value that is not plain data: liquidjs reads it through valueOf and liquidMethodMissing. */
class Counter extends Drop {
  override valueOf(): number {
    return 7;
  }
  override liquidMethodMissing(key: string): string {
    return `missing:${key}`;
  }
}

const GLOBALS = { root: '../../', site: { title: 'A & B <site>', lang: 'zh-CN' }, t: { sep: ' · ', pageN: 'Page {n}' } };
const SCOPES: Record<string, unknown>[] = [
  {
    title: '<b>"Tom" & \'Jerry\'</b>', empty: '', zero: 0, no: false, yes: true, nothing: null, num: 3.5, big: 12,
    list: ['x', '<y>', 3], names: ['Ann', 'Bob'], none: [], text: 'abc',
    article: { title: 'T', tags: [{ name: 'a', path: 'tags/a/' }, { name: 'b&c', path: 'tags/b/' }], size: 99, date: null, lang: '' },
    nested: { deep: { er: ['p', 'q'] } }, pairs: { k1: 'v1', k2: 2 }, key: 'k2', index: 1, drop: new Counter(),
    pager: { number: 2, count: 3, prev: 'page/1/', next: null },
  },
  { title: null, list: null, names: ['Solo'], none: [], article: { title: '', tags: [] }, pager: { number: 1, count: 1 }, drop: new Counter() },
  {},
];

const SAME: Record<string, Record<string, string>> = {
  outputs: {
    page: '{{ title }}|{{ empty }}|{{ zero }}|{{ no }}|{{ nothing }}|{{ missing }}|{{ num }}|{{ list }}|{{ title | raw }}|' +
      '{{ article.title }}|{{ article.tags.size }}|{{ article.size }}|{{ list.size }}|{{ text.size }}|{{ list.first }}|{{ list.last }}|' +
      '{{ list[0] }}|{{ list[-1] }}|{{ list[index] }}|{{ pairs[key] }}|{{ pairs["k1"] }}|{{ nested.deep.er[1] }}|{{ constructor }}|' +
      '{{ title.constructor }}|{{ drop }}|{{ drop.anything }}|{{ root }}|{{ site.title }}|{{ \'lit<>\' }}|{{ 42 }}|{{ true }}|{{ nil }}',
  },
  filters: {
    page: '{{ names | join: t.sep }}|{{ missing | default: "none" }}|{{ no | default: "dflt", allow_false: true }}|{{ big | plus: 1 }}|' +
      '{{ t.pageN | replace: "{n}", pager.number }}|{{ site.lang | downcase | slice: 0, 2 }}|{{ title | escape }}|{{ title | upcase | raw }}|' +
      '{{ "2024-04-16T10:00:00+08:00" | date: "%Y-%m-%d %H:%M" }}|{{ list | size }}|{{ names | first | append: "!" }}|{{ pairs | json }}|' +
      '{{ article.tags | map: "name" | join: "," }}|{{ names | sort | reverse | join }}|{{ article.tags | where: "name", "a" | size }}|{{ article.tags | find: "name", "b&c" | json }}',
  },
  conditions: {
    page: '{% if title %}T{% endif %}{% if empty %}E{% endif %}{% if zero %}Z{% endif %}{% if no %}N{% else %}n{% endif %}' +
      '{% if nothing %}X{% elsif missing %}M{% elsif yes %}Y{% else %}-{% endif %}{% if big > 10 and num < 4 %}A{% endif %}' +
      '{% if no or yes and nothing %}O{% endif %}{% if text contains "b" %}C{% endif %}{% if names contains "Bob" %}B{% endif %}' +
      '{% if none == empty %}e{% endif %}{% if empty == blank %}b{% endif %}{% if nothing == nil %}0{% endif %}{% if article.title != title %}D{% endif %}' +
      '{% if pager.number == 1 %}1{% endif %}{% if article.tags.size > 0 %}S{% endif %}{% if drop == 7 %}7{% endif %}{% if big >= 12 %}G{% endif %}{% if zero <= -1 %}L{% endif %}' +
      '{% if not yes %}!{% endif %}',
  },
  loops: {
    page: '{% for name in names %}[{{ name }}{% for tag in article.tags %}({{ name }}:{{ tag.name }}){% endfor %}]{% endfor %}' +
      '{% for x in none %}no{% else %}empty{% endfor %}{% for x in nothing %}no{% else %}nil{% endfor %}{% for c in text %}<{{ c }}>{% endfor %}' +
      '{% for pair in pairs %}{{ pair[0] }}={{ pair[1] }};{% endfor %}{% for title in list %}{{ title }}{% endfor %}/{{ title }}' +
      '{% assign total = 0 %}{% for n in names %}{% assign total = total | plus: 1 %}{% assign last = n %}{% endfor %}{{ total }}{{ last }}{{ n }}',
  },
  partials: {
    page: '{% assign secret = "s" %}{% for tag in article.tags %}{% render "_tag", tag: tag, flag %}{% endfor %}{% render "_tag", tag: nothing %}' +
      '{% render "_tag" %}{{ inner }}|{% render "_deeper", title: title %}',
    _tag: '<{{ tag.name | default: "?" }} {{ flag }} {{ secret }} {{ title }} {{ root }}>{% assign inner = "leak" %}{{ inner }}',
    _deeper: '{% render "_tag", tag: article, flag: title %}{{ title }}',
  },
  layouts: {
    page: '{% layout "frame" %}{% assign shade = "dark" %}ignored{{ title }}{% block content %}C:{{ title }}{% render "_bit", x: shade %}{% endblock %}{% block content %}second{% endblock %}after',
    frame: '<html class="{{ shade }}">{% if pager.prev %}<link href="{{ root }}{{ pager.prev }}">{% endif %}{% block head %}H{% endblock %}<main>{% block content %}default{% endblock %}</main>{% block %}{% endblock %}</html>',
    _bit: '[{{ x }}{{ shade }}]',
  },
  anonymous: {
    page: '{% layout "frame" %}only {{ title }} here',
    frame: '<{% block %}{% endblock %}><{% block content %}d{% endblock %}>',
  },
  comments: {
    page: '{%- comment -%} {{ title }} {%- endcomment -%}\n  {%- # a note %}\n<p>\n  {{- title -}}\n</p>\n{%- if yes %}\n  x\n{%- endif %}',
  },
};

describe('template compiler', () => {
  it.each(Object.entries(SAME))('renders %s as liquidjs does', async (_name, files) => {
    const liquid = liquidEngine([await folder(files)]);
    const compiled = new TemplateCompiler(liquid).compile('page');
    for (const scope of SCOPES) {
      expect(compiled(scope, GLOBALS)).toBe(liquid.renderFileSync('page', scope, { globals: GLOBALS }));
    }
  });

  const REFUSED: Record<string, Record<string, string>> = {
    forloop: { page: '{% for n in names %}{{ forloop.index }}{{ n }}{% endfor %}' },
    'block.super': { page: '{% layout "frame" %}{% block content %}{{ block.super }}!{% endblock %}', frame: '{% block content %}base{% endblock %}' },
    'a case tag': { page: '{% case pager.number %}{% when 2 %}two{% else %}other{% endcase %}' },
    'a range': { page: '{% for i in (1..3) %}{{ i }}{% endfor %}' },
    'loop modifiers': { page: '{% for n in names limit: 1 %}{{ n }}{% endfor %}' },
    'an expression filter': { page: '{% assign wanted = "a" %}{{ article.tags | where_exp: "tag", "tag.name == wanted" | map: "path" | join }}' },
    'a partial with a tag it does not know': { page: '{% render "_p" %}', _p: '{% capture x %}{{ title }}{% endcapture %}{{ x }}' },
  };

  it.each(Object.entries(REFUSED))('leaves %s to liquidjs, with the same output', async (_name, files) => {
    const dir = await folder(files);
    const liquid = liquidEngine([dir]);
    // Partials are compiled when first used, so some refusals come at render time.
    expect(() => new TemplateCompiler(liquid).compile('page')(SCOPES[0]!, GLOBALS)).toThrow(Unsupported);
    const templates = new Templates(dir);
    for (const scope of SCOPES) {
      expect(templates.render('page', scope, GLOBALS, 'index.html')).toBe(liquid.renderFileSync('page', scope, { globals: GLOBALS }));
    }
  });

  it('reports a failing template with liquidjs\'s message', async () => {
    const dir = await folder({ page: '{{ title }}{% render "_gone" %}', ok: '{{ title }}' });
    const templates = new Templates(dir);
    const liquid = liquidEngine(templates.dirs);
    let expected = '';
    try {
      liquid.renderFileSync('page', SCOPES[0]!, { globals: GLOBALS });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toContain('_gone');
    const failure = (() => {
      try {
        templates.render('page', SCOPES[0]!, GLOBALS, 'articles/x/index.html');
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(TemplateError);
    expect((failure as TemplateError).message).toContain(`while rendering articles/x/index.html: ${expected}.`);
    // Other templates still render.
    expect(templates.render('ok', SCOPES[0]!, GLOBALS, 'ok.html')).toBe('&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;');
  });

  it('compiles every default template', async () => {
    const liquid = liquidEngine([new URL('../templates/', import.meta.url).pathname]);
    const compiler = new TemplateCompiler(liquid);
    for (const name of ['home', 'article', 'related', 'tags', 'tag', 'archive', 'year', 'month', 'sites', 'site', '404']) {
      expect(() => compiler.compile(name), name).not.toThrow();
    }
  });
});

describe('output escaping', () => {
  it('gives what liquidjs\'s own escape gives, for strings with and without characters to escape and for other values', async () => {
    const dir = await folder({ page: '{% for value in values %}[{{ value }}]{% endfor %}{{ drop }}' });
    const values = ['plain text', 'Tom & Jerry <b>"hi"</b> it\'s', '港口的码头', '', 42, 0.5, true, null, ['a<', 'b'], { key: 'v' }];
    const ours = liquidEngine([dir]).renderFileSync('page', { values, drop: new Counter() });
    const theirs = new Liquid({ root: [dir], extname: '.liquid', outputEscape: 'escape' }).renderFileSync('page', { values, drop: new Counter() });
    expect(ours).toBe(theirs);
    expect(ours).toContain('[Tom &amp; Jerry &lt;b&gt;&#34;hi&#34;&lt;/b&gt; it&#39;s]');
  });
});

describe('partials kept for their arguments and globals', () => {
  /** An engine whose `counted` filter counts the times it runs: how often a partial was really rendered. */
  async function counting(files: Record<string, string>): Promise<{ liquid: Liquid; runs: () => number; compiled: (scope: object, globals: object) => string }> {
    const liquid = liquidEngine([await folder(files)]);
    let runs = 0;
    liquid.registerFilter('counted', (value: unknown) => {
      runs++;
      return value;
    });
    return { liquid, runs: () => runs, compiled: new TemplateCompiler(liquid).compile('page') };
  }

  const CARD = {
    page: '{% for article in articles %}{% render "_card", article: article %}{% endfor %}',
    _card: '<a href="{{ root | counted }}{{ article.path }}">{{ article.title }}</a>{% render "_tags", tags: article.tags %}{{ t.more }}',
    _tags: '{% for tag in tags %}[{{ root }}{{ tag }}]{% endfor %}',
  };

  it('renders a partial at most twice for the same arguments and globals, with liquidjs\'s output every time', async () => {
    const { liquid, runs, compiled } = await counting(CARD);
    const views = Array.from({ length: 6 }, (_, i) => ({ path: `a/${i}/`, title: `T${i} & <${i}>`, tags: [`x${i % 2}`] }));
    const t = { more: 'More' };
    // Lists that share articles at two depths, as home, tag and month pages do.
    const pages = [
      { articles: views.slice(0, 4), root: '../../' }, { articles: views.slice(2, 6), root: '../../' },
      { articles: views.slice(0, 3), root: '../../../' }, { articles: views.slice(1, 5), root: '../../' },
      { articles: views, root: '../../../' }, { articles: views, root: '../../' },
    ];
    for (const { articles, root } of pages) {
      expect(compiled({ articles }, { root, t })).toBe(liquid.renderFileSync('page', { articles }, { globals: { root, t } }));
    }
    const liquidRuns = pages.reduce((total, page) => total + page.articles.length, 0);
    // liquidjs rendered every card; the compiled pages rendered each article at each depth at most twice.
    const shown = new Map<string, number>();
    for (const { articles, root } of pages) for (const view of articles) shown.set(`${view.path}@${root}`, (shown.get(`${view.path}@${root}`) ?? 0) + 1);
    const compiledRuns = [...shown.values()].reduce((total, times) => total + Math.min(times, 2), 0);
    expect(compiledRuns).toBeLessThan(liquidRuns);
    expect(runs()).toBe(liquidRuns + compiledRuns);
    const before = runs();
    compiled({ articles: views }, { root: '../../', t });
    expect(runs()).toBe(before);
  });

  it('renders again for another object, even one equal to the first, and for other globals the partial reads', async () => {
    const { liquid, runs, compiled } = await counting(CARD);
    const view = { path: 'a/', title: 'A', tags: ['x'] };
    const t = { more: 'More' };
    for (let i = 0; i < 3; i++) compiled({ articles: [view] }, { root: '', t });
    expect(runs()).toBe(2);
    // A new view with new content (the model makes a new object when an article changes).
    const edited = { ...view, title: 'A, edited' };
    expect(compiled({ articles: [edited] }, { root: '', t })).toBe(liquid.renderFileSync('page', { articles: [edited] }, { globals: { root: '', t } }));
    // Other labels: `t` is read by the card.
    const other = { more: 'Plus' };
    for (let i = 0; i < 2; i++) {
      expect(compiled({ articles: [view] }, { root: '', t: other })).toBe(liquid.renderFileSync('page', { articles: [view] }, { globals: { root: '', t: other } }));
    }
    // A global the card does not read makes no difference.
    const before = runs();
    compiled({ articles: [view] }, { root: '', t, page: { kind: 'tag' } });
    expect(runs()).toBe(before);
  });

  it('holds a bounded number of calls whose arguments are all plain values', async () => {
    const { runs, compiled } = await counting({ page: '{% render "_name", name: name %}', _name: '<b>{{ name | counted }}</b>' });
    for (let i = 0; i < 3; i++) expect(compiled({ name: 'kept' }, {})).toBe('<b>kept</b>');
    expect(runs()).toBe(2);
    for (let i = 0; i < 20_000; i++) compiled({ name: `name ${i}` }, {});
    const before = runs();
    expect(compiled({ name: 'kept' }, {})).toBe('<b>kept</b>');
    expect(runs()).toBe(before + 1);
  });

  it('keeps nothing of a partial that looks a variable up by a computed name, or renders itself', async () => {
    const { liquid, runs, compiled } = await counting({
      page: '{% render "_pick", which: "a" %}{% render "_pick", which: "b" %}{% render "_tree", node: tree %}',
      _pick: '{{ [which] | counted }}',
      _tree: '({{ node.name | counted }}{% for child in node.children %}{% render "_tree", node: child %}{% endfor %})',
    });
    const tree = { name: 'r', children: [{ name: 'c1', children: [] }, { name: 'c2', children: [] }] };
    for (const globals of [{ a: 'A1', b: 'B1' }, { a: 'A2', b: 'B2' }, { a: 'A2', b: 'B2' }]) {
      expect(compiled({ tree }, globals)).toBe(liquid.renderFileSync('page', { tree }, { globals }));
    }
    const liquidRuns = 3 * (2 + 3);
    expect(runs()).toBe(liquidRuns * 2);
  });
});
