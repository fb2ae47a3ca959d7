// cleanTextUpTo must read exactly what clean($(el).text()) reads, only stopping early on long text.

import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clean, cleanTextUpTo, linkDensities, linkDensity, textContent } from '../src/parse/text.ts';

const HTML = `<div id="short"> 相关\u00ad阅读 <a href="/more">更多&gt;&gt;</a><script>var x;</script><!-- note --></div>
<div id="long"><h3>Related stories</h3>${'<p>A long paragraph of body text that goes on.</p>'.repeat(20)}<a href="/x">${'link text '.repeat(30)}</a></div>
<div id="spaces">\u3000\u00a0  Related \u200b  \ufeff posts \u2003 </div>`;

describe('cleanTextUpTo', () => {
  const $ = cheerio.load(HTML);
  const el = (id: string) => $(`#${id}`).get(0) as Element;

  it('gives clean() of the whole text when it is short, script text and soft hyphens as .text() and clean() treat them', () => {
    expect(cleanTextUpTo(el('short'), 40)).toBe(clean($('#short').text()));
    expect(cleanTextUpTo(el('spaces'), 40)).toBe('Related posts');
  });

  it('gives null once the text is sure to be longer than the limit', () => {
    expect(clean($('#long').text()).length).toBeGreaterThan(40);
    expect(cleanTextUpTo(el('long'), 40)).toBeNull();
    // Exactly at the limit the text is still given.
    const text = clean($('#short').text());
    expect(cleanTextUpTo(el('short'), text.length)).toBe(text);
  });

  it('without links reads what a copy with its links removed reads', () => {
    const copy = clean($('#short').clone().find('a').remove().end().text());
    expect(cleanTextUpTo(el('short'), 40, { withoutLinks: true })).toBe(copy);
    expect(copy).not.toContain('更多');
  });
});

describe('linkDensities', () => {
  // Links inside inline markup, a link wrapping a whole transcript (not a link by weight), script text, CJK text.
  const WRAPPER = `<a href="/t"><p>${'transcript words '.repeat(80)}</p></a>`;
  const HTML = `<div id="page"><p>Plain <a href="/a">linked <b>bold</b></a> tail</p>${WRAPPER}
<ul><li><a href="/1">一二三</a></li><li>四五六 <a href="/2"><span>七八</span></a></li></ul>
<div><script>var x = "<a>";</script><a href="/s">s</a></div><a href="/empty"></a></div>`;
  const fixtures = join(import.meta.dirname, 'fixtures/parse');
  const pages = [HTML, ...readdirSync(fixtures).sort().map((name) => readFileSync(join(fixtures, name, 'source.html'), 'utf8'))];

  it('gives every element the share linkDensity computes for it alone', () => {
    let checked = 0;
    for (const html of pages) {
      const $ = cheerio.load(html);
      const density = linkDensities($.root().get(0)!);
      for (const el of $('*').toArray() as Element[]) {
        expect(density(el), `<${el.name}> in ${html.slice(0, 40)}`).toBe(linkDensity($(el)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('counts a link wrapping running text as text, an ordinary link as links', () => {
    const $ = cheerio.load(HTML);
    const density = linkDensities($.root().get(0)!);
    expect(density($('a[href="/t"]').get(0) as Element)).toBe(0);
    expect(density($('#page').get(0) as Element)).toBeLessThan(0.05);
    expect(density($('a[href="/a"]').get(0) as Element)).toBe(1);
    // CJK characters weigh 3: 一二三 and 七八 linked (15), 四五六 not (9).
    expect(density($('ul').get(0) as Element)).toBe(15 / 24);
  });
});

describe('textContent', () => {
  it('gives what cheerio\'s .text() gives for every element and the document (script text in, comments out)', () => {
    const fixtures = join(import.meta.dirname, 'fixtures/parse');
    const html = [HTML, '<p>a<!-- c --><script>s()</script><style>p{}</style><svg><![CDATA[x]]></svg>b</p>',
      ...readdirSync(fixtures).sort().map((name) => readFileSync(join(fixtures, name, 'source.html'), 'utf8'))];
    for (const page of html) {
      const $ = cheerio.load(page);
      expect(textContent($.root().get(0)!)).toBe($.root().text());
      for (const el of $('*').toArray()) expect(textContent(el)).toBe($(el).text());
    }
  });
});
