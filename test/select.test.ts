// The selector helpers (src/parse/select.ts) must answer exactly as cheerio does: they replace
// `$(root).find()`, `.is()`, `.closest()` and `.children()` in the extractors, whose output must
// not change. Checked for every selector the extractors compile while parsing the fixture pages,
// from every element of a page written for the tricky cases and of a sample of the fixtures.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../src/parse/index.ts';
import { childrenMatching, closest, compiledSelectors, findAll, findFirst, hasMatch, matches } from '../src/parse/select.ts';

/** Where scoping matters: ancestors outside the root, the root itself as an ancestor, case rules of attributes. */
const TRICKY = `<!doctype html><html lang="en"><head><title>t</title><meta name="x" content="y"></head>
<body class="page">
<header><a href="/"><img src="logo.png"></a></header>
<a href="/story" class="card"><div class="inner"><img src="a.jpg"><span class="kicker">News</span><h3 class="title">Head</h3></div></a>
<div id="main-content" class="Content post">
  <nav><a aria-current="page" href="/s">Section</a></nav>
  <figure class="wp-caption"><img src="b.jpg" width="40"><figcaption>Cap <span class="credit">AFP</span></figcaption></figure>
  <p>One <a href="/x" rel="Tag">tag</a> <a rel="category tag" href="/c">cat</a> <a href="/tag/y">y</a></p>
  <table><tr><td class="title"><font><b>Bold title</b></font></td><th><p>cell</p></th></tr></table>
  <section hidden><p>hidden</p></section><div aria-hidden="true" style="display: none">x</div>
  <ul class="tags"><li><a href="/tags/z">z</a></li></ul>
  <time datetime="2024-01-02" pubdate>Jan 2</time><span itemprop="author"><span itemprop="name">Jane Roe</span></span>
  <div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/n">News</a></div>
  <aside class="sidebar"><a href="/tag/q">q</a></aside>
  <script type="text/template"><p>t</p></script><svg><a href="/s"><title>s</title></a></svg>
</div>
<footer><p>© site</p></footer>
</body></html>`;

/** Selectors whose answers depend on the root they are asked under. */
const SCOPED = ['a img', 'body > header', 'body > footer', 'div img', '.card img', 'a .kicker', 'nav a[aria-current="page"]', 'td.title', 'font b, b font', 'a[rel~="tag"]', '[class*="tag"] a', 'h2 a, h3 a, h4 a'];

const fixtureRoot = join(import.meta.dirname, 'fixtures/parse');
const fixtures = readdirSync(fixtureRoot).sort().map((name) => readFileSync(join(fixtureRoot, name, 'source.html')));

// Parse the fixtures first: the extractors compile every selector they use.
for (const bytes of fixtures) parsePage(bytes, { file: 'fixture.html' });
const used = compiledSelectors();
const selectors = [...new Set([...used, ...SCOPED])];
// Every element of the written page and of every twelfth fixture (cheerio compiles per call: all of them would take a minute).
const documents = [TRICKY, ...fixtures.filter((_, i) => i % 12 === 0).map((b) => b.toString('utf8'))];

function elementsOf(root: AnyNode): Element[] {
  const out: Element[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') out.push(node as Element);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(root);
  return out;
}

describe('select helpers answer as cheerio does', () => {
  it('the extractors compiled their selectors while parsing the fixtures', () => {
    expect(used.length).toBeGreaterThan(30);
    expect(used).toContain('a img');
  });

  it.each(selectors)('%s', (selector) => {
    for (const html of documents) {
      const $ = cheerio.load(html);
      const doc = $.root().get(0)!;
      expect(findAll(doc, selector)).toEqual($(selector).toArray());
      for (const el of elementsOf(doc)) {
        const found = $(el).find(selector).toArray();
        expect(findAll(el, selector)).toEqual(found);
        expect(findFirst(el, selector)).toBe(found[0] ?? null);
        expect(hasMatch(el, selector)).toBe(found.length > 0);
        expect(matches(el, selector)).toBe($(el).is(selector));
        expect(closest(el, selector)).toBe($(el).closest(selector).get(0) ?? null);
        expect(childrenMatching(el, selector)).toEqual($(el).children(selector).toArray());
      }
    }
  });

  it('a selector inside a root reads from that root: "a img" under the link finds its picture, under the inner div none', () => {
    const $ = cheerio.load(TRICKY);
    const card = $('a.card').get(0)!;
    const inner = $('a.card .inner').get(0)!;
    expect(findAll(card, 'a img').map((el) => el.attribs['src'])).toEqual(['a.jpg']);
    expect(findAll(inner, 'a img')).toEqual([]);
    expect(findAll($('body').get(0)!, 'body > header')).toHaveLength(1);
    expect(findAll($('#main-content').get(0)!, 'body > footer')).toEqual([]);
  });

  it('refuses selectors it would answer differently from cheerio', () => {
    const $ = cheerio.load(TRICKY);
    expect(() => findAll($.root().get(0)!, 'p:first')).toThrow(/pseudo/);
    expect(() => findAll($.root().get(0)!, 'h2 + p')).toThrow(/adjacent/);
    expect(() => findAll($.root().get(0)!, '> p')).toThrow(/relative/);
  });
});
