// The render stage end to end: records in, dist/ out, checked for links, order, tags, related
// links, safety and byte-identical rebuilds.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, RelatedLink, SiteConfig } from '../src/model/index.ts';
import { renderSite, siteLanguage, TemplateError, type RenderSummary } from '../src/render/index.ts';

const TEMPLATES = new URL('../templates/', import.meta.url).pathname;
const SITE: SiteConfig = { title: '新闻存档', description: 'Saved news, 中文 and English.', lang: 'zh' };

function record(fields: Partial<ArticleRecord> & Pick<ArticleRecord, 'slug' | 'title'>): ArticleRecord {
  return {
    date: null, author: [], site: null, source: null, url: null, crawled_at: null, sources: [], category: null,
    tags: [], lang: null, summary: '', related: [], images: [], body: '', ...fields,
  };
}

const externalLinks: RelatedLink[] = Array.from({ length: 5 }, (_, i) => ({
  title: `外部报道 ${i + 1}`, url: `https://www.elsewhere.org/story/${i + 1}`, summary: i === 0 ? '另一家媒体的报道。' : null,
}));

const RECORDS: ArticleRecord[] = [
  record({
    slug: 'zhong-guo-jing-ji', title: '中国经济一季度增长5.3%', date: '2024-04-16T10:00:00+08:00',
    author: ['张三', '李四'], site: '新华网', source: '国家统计局', url: 'https://news.example.cn/2024/04/16/econ.html',
    category: '财经', tags: ['经济', '中国'], lang: 'zh', summary: '国家统计局发布一季度数据。',
    related: [
      // Same article as ai-chips' url, but another scheme, case, trailing slash and fragment.
      { title: 'AI chips are in short supply', url: 'HTTP://Tech.Example.com/ai-chips/#comments', summary: 'Chips, again.' },
      // www. is another host: not archived.
      { title: 'AI chips (www mirror)', url: 'https://www.tech.example.com/ai-chips', summary: null },
      ...externalLinks,
    ],
    images: [{ src: 'https://img.example.cn/chart.png', alt: '图表', caption: '一季度各行业增长' }],
    body: '国家统计局16日发布数据。\n\n![图表](https://img.example.cn/chart.png)\n\n## 分行业\n\n| 行业 | 增长 |\n|---|---|\n| 工业 | 6.1% |\n\n> 引用一句话。\n',
  }),
  record({
    slug: 'ai-chips', title: 'AI chips are in short supply', date: '2024-05-02', author: ['Jane Doe'],
    site: 'Tech Example', url: 'https://tech.example.com/ai-chips', tags: ['AI', '经济'], lang: 'en',
    summary: 'Demand for accelerators keeps outrunning supply.',
    body: 'Demand keeps growing.[^1]\n\n[Read the report](/reports/2024.pdf) and [the FAQ](https://tech.example.com/faq).\n\n[^1]: Per the report.\n',
  }),
  record({
    slug: 'markets-wrap', title: 'Markets wrap', date: '2024-04-16', site: 'Wire', tags: ['Markets'], lang: 'en',
    summary: 'Stocks were mixed.', body: 'Stocks were mixed.\n',
  }),
  record({
    slug: 'wei-zhi-ri-qi', title: '日期不详的文章', tags: ['ai'], lang: 'zh', summary: '没有日期。', body: '正文。\n',
  }),
  record({
    slug: 'hostile', title: 'Hello <script>alert("title")</script>', date: '2024-03-01T08:00:00Z',
    site: '<b>Evil</b> site', url: 'javascript:alert(4)', tags: ['<script>x</script>', 'AI'],
    summary: 'A summary with <b>markup</b> & "quotes".',
    related: [{ title: '<i>bad link</i>', url: 'javascript:alert(5)', summary: null }],
    body: [
      'Intro <script>alert(1)</script> text.',
      '<script>alert(2)</script>',
      '<img src="x.png" onerror="alert(3)">',
      '<iframe src="https://evil.example/"></iframe>',
      '[click](javascript:alert(6)) and [mixed case](JaVaScRiPt:alert(7)) and [tab](java\tscript:alert(8))',
      '![pixel](javascript:alert(9)) ![data](data:image/png;base64,AAAA)',
      '<a href="https://evil.example" onclick="alert(10)">raw link</a>',
      '<div style="background:url(javascript:alert(11))">styled</div>',
    ].join('\n\n'),
  }),
];

/** Every file under `dir`, as sorted `/`-separated relative paths. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items].reverse();
  out.push(out.shift()!);
  return out;
}

let root: string;
let dist: string;
let summary: RenderSummary;
const load = async (file: string) => cheerio.load(await readFile(join(dist, file), 'utf8'));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'folio-render-'));
  dist = join(root, 'dist');
  summary = await renderSite(RECORDS, { outDir: dist, templatesDir: TEMPLATES, site: SITE });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('renderSite', () => {
  it('writes every page and counts them', async () => {
    const files = await listFiles(dist);
    for (const record of RECORDS) {
      expect(files).toContain(`articles/${record.slug}/index.html`);
      expect(files).toContain(`articles/${record.slug}/related/index.html`);
    }
    for (const file of ['index.html', 'tags/index.html', 'tags/ai/index.html', 'tags/jing-ji/index.html', 'assets/style.css']) {
      expect(files).toContain(file);
    }
    expect(summary.articles).toBe(5);
    expect(summary.pages).toBe(files.filter((file) => file.endsWith('.html')).length);
    expect(summary.tags).toBe(5); // 经济, 中国, AI (= ai), Markets, <script>x</script>
  });

  it('links only to files that exist, relatively', async () => {
    const broken: string[] = [];
    for (const file of (await listFiles(dist)).filter((name) => name.endsWith('.html'))) {
      const $ = await load(file);
      $('[href], [src]').each((_, element) => {
        const value = $(element).attr('href') ?? $(element).attr('src') ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) return;
        if (value.startsWith('#')) {
          if ($(`[id="${value.slice(1)}"]`).length === 0) broken.push(`${file}: ${value} (no such id)`);
          return;
        }
        if (value.startsWith('/')) return void broken.push(`${file}: root-absolute ${value}`);
        const path = value.split(/[?#]/)[0]!;
        let target = posix.normalize(posix.join(posix.dirname(file), path));
        if (path === '' || path.endsWith('/')) target = posix.join(target, 'index.html');
        if (target.startsWith('..') || !existsSync(join(dist, target))) broken.push(`${file}: ${value} -> ${target}`);
      });
    }
    expect(broken).toEqual([]);
  });

  it('lists articles newest first on the home page, undated last', async () => {
    const $ = await load('index.html');
    const titles = $('.article-list .card-title a').map((_, a) => $(a).text()).get();
    expect(titles).toEqual([
      'AI chips are in short supply', '中国经济一季度增长5.3%', 'Markets wrap',
      'Hello <script>alert("title")</script>', '日期不详的文章',
    ]);
    expect($('title').text()).toBe('新闻存档');
    expect($('.card').first().find('time').attr('datetime')).toBe('2024-05-02');
  });

  it('renders the article page with its metadata', async () => {
    const $ = await load('articles/zhong-guo-jing-ji/index.html');
    expect($('article h1').text()).toBe('中国经济一季度增长5.3%');
    expect($('article').attr('lang')).toBe('zh');
    expect($('article time').attr('datetime')).toBe('2024-04-16T10:00:00+08:00');
    expect($('.authors').text()).toContain('张三、李四');
    expect($('.original a').attr('href')).toBe('https://news.example.cn/2024/04/16/econ.html');
    expect($('.original a').attr('rel')).toBe('nofollow noopener');
    expect($('.original a').attr('target')).toBeUndefined();
    expect($('.tag-list a').map((_, a) => $(a).attr('href')).get()).toEqual(['../../tags/jing-ji/', '../../tags/zhong-guo/']);
    // Not kept in content/media/, and remoteImages is off: a link to the picture, not the picture.
    expect($('.article-body img')).toHaveLength(0);
    expect($('.article-body figure a.image-not-saved').attr('href')).toBe('https://img.example.cn/chart.png');
    expect($('.article-body figure a.image-not-saved').text()).toBe('图片未存档（图表），查看原图');
    expect($('.article-body figcaption').text()).toBe('一季度各行业增长');
    expect($('.article-body table td').first().text()).toBe('工业');
    expect($('.article-body h2').text()).toBe('分行业');
  });

  it('resolves relative body links against the original address and keeps footnotes linked', async () => {
    const $ = await load('articles/ai-chips/index.html');
    const hrefs = $('.article-body a').map((_, a) => $(a).attr('href')).get();
    expect(hrefs).toEqual([
      '#user-content-fn-1', 'https://tech.example.com/reports/2024.pdf', 'https://tech.example.com/faq', '#user-content-fnref-1',
    ]);
    expect($('.article-body a[href^="https:"]').first().attr('rel')).toBe('nofollow noopener');
  });

  it('shows five related links on the article page and links to the full list', async () => {
    const $ = await load('articles/zhong-guo-jing-ji/index.html');
    expect($('.related-box .related-item')).toHaveLength(5);
    expect($('.related-box .more a').attr('href')).toBe('../../articles/zhong-guo-jing-ji/related/');
  });

  it('points related links at archived copies, and marks the rest external', async () => {
    const $ = await load('articles/zhong-guo-jing-ji/related/index.html');
    const items = $('.related-item');
    expect(items).toHaveLength(7);

    const archived = items.filter('.is-archived');
    expect(archived).toHaveLength(1);
    expect(archived.find('a').attr('href')).toBe('../../../articles/ai-chips/');

    const external = items.filter('.is-external');
    expect(external).toHaveLength(6);
    const www = external.filter((_, li) => $(li).text().includes('www mirror'));
    expect(www.find('a').attr('href')).toBe('https://www.tech.example.com/ai-chips');
    const first = external.filter((_, li) => $(li).text().includes('外部报道 1'));
    expect(first.find('a').attr('href')).toBe('https://www.elsewhere.org/story/1');
    expect(first.find('a').attr('rel')).toContain('nofollow');
    expect(first.find('.external-mark').text()).toBe('原文');
    expect(first.find('.summary').text()).toBe('另一家媒体的报道。');
  });

  it('groups tags by slug and counts them', async () => {
    const $ = await load('tags/index.html');
    const counts = $('.tag-index li').map((_, li) => `${$(li).find('a').text()}=${$(li).find('.count').text()}`).get();
    expect(counts).toEqual(['AI=3', '经济=2', '<script>x</script>=1', 'Markets=1', '中国=1']);

    const tag = await load('tags/ai/index.html');
    expect(tag('.card-title a').map((_, a) => tag(a).text()).get()).toEqual([
      'AI chips are in short supply', 'Hello <script>alert("title")</script>', '日期不详的文章',
    ]);
  });

  it('lets nothing executable reach dist/', async () => {
    const problems: string[] = [];
    for (const file of await listFiles(dist)) {
      // folio's own search script (templates/_search.liquid) is the one script a page may load.
      const content = (await readFile(join(dist, file), 'utf8')).replace(/<script src="(?:\.\/|(?:\.\.\/)+)assets\/search\.js" defer><\/script>/g, '');
      // JSON-LD is data, not code: the one inline script element allowed, and its content must parse as JSON.
      const ldJson = /<script type="application\/ld\+json">([^<]*)<\/script>/g;
      for (const [, json] of content.matchAll(ldJson)) expect(() => JSON.parse(json!), file).not.toThrow();
      if (/<script/i.test(content.replace(ldJson, ''))) problems.push(`${file}: <script`);
      if (/\son[a-z]+\s*=/i.test(content)) problems.push(`${file}: on…= attribute`);
      if (/javascript:/i.test(content)) problems.push(`${file}: javascript:`);
      if (/<iframe/i.test(content)) problems.push(`${file}: <iframe`);
      if (/data:image/i.test(content)) problems.push(`${file}: data: URL`);
      if (/\sstyle\s*=/i.test(content)) problems.push(`${file}: style attribute`);
    }
    expect(problems).toEqual([]);

    const $ = await load('articles/hostile/index.html');
    expect($('article h1').text()).toBe('Hello <script>alert("title")</script>');
    expect($('.original')).toHaveLength(0); // its url was javascript:
    expect($('.related-item.is-unlinked').text()).toContain('<i>bad link</i>');
    expect($('.article-body').text()).toContain('click');
    expect(summary.warnings).toContainEqual(expect.objectContaining({ file: 'hostile', message: expect.stringContaining('not an absolute http(s) address') }));
  });

  it('builds byte-identical output whatever the order of the records', async () => {
    const again = join(root, 'again');
    await renderSite(shuffled(RECORDS), { outDir: again, templatesDir: TEMPLATES, site: SITE });
    const files = await listFiles(dist);
    expect(await listFiles(again)).toEqual(files);
    for (const file of files) {
      expect(await readFile(join(again, file), 'utf8'), file).toBe(await readFile(join(dist, file), 'utf8'));
    }
  });
});

describe('renderSite on problem input', () => {
  it('removes pages of deleted records on a rebuild, and nothing it did not write', async () => {
    const out = join(root, 'rebuild');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'CNAME'), 'archive.example.org\n');
    await renderSite(RECORDS, { outDir: out, templatesDir: TEMPLATES, site: SITE });
    await renderSite(RECORDS.filter((r) => r.slug !== 'markets-wrap'), { outDir: out, templatesDir: TEMPLATES, site: SITE });
    expect(existsSync(join(out, 'articles/markets-wrap'))).toBe(false);
    expect(existsSync(join(out, 'tags/markets'))).toBe(false);
    expect(existsSync(join(out, 'CNAME'))).toBe(true);
  });

  it('skips unusable and clashing slugs with a warning', async () => {
    const out = join(root, 'slugs');
    const result = await renderSite([
      record({ slug: '../escape', title: 'Escape', body: 'x' }),
      record({ slug: 'same', title: 'First', body: 'a' }),
      record({ slug: 'same', title: 'Second', body: 'b' }),
    ], { outDir: out, templatesDir: TEMPLATES, site: SITE });
    expect(result.articles).toBe(1);
    expect(existsSync(join(root, 'escape'))).toBe(false);
    expect(result.warnings.map((w) => w.file)).toEqual(expect.arrayContaining(['../escape', 'same']));
  });

  it('uses a user template where there is one and the default elsewhere', async () => {
    const custom = join(root, 'custom-templates');
    await mkdir(custom, { recursive: true });
    await writeFile(join(custom, 'home.liquid'), '{% layout "layout" %}{% block content %}<p class="mine">{{ articles.size }}</p>{% endblock %}');
    const out = join(root, 'custom');
    await renderSite(RECORDS, { outDir: out, templatesDir: custom, site: SITE });
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('<p class="mine">5</p>');
    expect(existsSync(join(out, 'articles/ai-chips/index.html'))).toBe(true);
    expect(existsSync(join(out, 'assets/style.css'))).toBe(true);
  });

  it('names the template when one fails', async () => {
    const broken = join(root, 'broken-templates');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'tags.liquid'), '{{ tags | no_such_filter }}');
    const attempt = renderSite(RECORDS, { outDir: join(root, 'broken'), templatesDir: broken, site: SITE });
    await expect(attempt).rejects.toBeInstanceOf(TemplateError);
    await expect(attempt).rejects.toThrow(/tags\.liquid/);
  });
});

describe('siteLanguage', () => {
  const withLang = (lang: string | null) => ({ lang }) as unknown as ArticleRecord;
  it('keeps a configured language', () => {
    expect(siteLanguage('en', [withLang('zh'), withLang('zh')])).toBe('en');
  });
  it('with "auto" takes the language most records are in', () => {
    expect(siteLanguage('auto', [withLang('zh'), withLang('en'), withLang('zh'), withLang(null)])).toBe('zh');
    expect(siteLanguage('auto', [withLang('en'), withLang('ja')])).toBe('en');
    expect(siteLanguage('auto', [])).toBe('en');
  });
});
