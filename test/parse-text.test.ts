// cleanTextUpTo must read exactly what clean($(el).text()) reads, only stopping early on long text.

import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { clean, cleanTextUpTo } from '../src/parse/text.ts';

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
