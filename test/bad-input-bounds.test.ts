// The bounds put on a page before the HTML parser (src/parse/bounds.ts) and the decoder's view of
// bytes that are not text (src/parse/decode.ts): hostile shapes are defused, ordinary pages are
// left exactly as they are.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { boundedMarkup, limitNesting, MAX_NESTING, MAX_PAGE_CHARS } from '../src/parse/bounds.ts';
import { binaryContent, decodeHtml } from '../src/parse/decode.ts';
import { ROOT } from './helpers.ts';

/** Depth of the deepest element once a browser-like parser has built the tree. */
function treeDepth(html: string): number {
  let deepest = 0;
  const stack: [AnyNode, number][] = [[load(html).root().get(0)!, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1]);
  }
  return deepest;
}

const FIXTURES = readdirSync(join(ROOT, 'test/fixtures/parse')).map((name) => readFileSync(join(ROOT, 'test/fixtures/parse', name, 'source.html'), 'utf8'));

describe('limitNesting', () => {
  it('leaves every fixture page unchanged', () => {
    for (const html of FIXTURES) expect(limitNesting(html)).toBe(html);
  });

  it.each([
    ['divs', '<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000)],
    ['unclosed spans', '<span>'.repeat(20_000) + 'deep'],
    ['"self-closed" divs (not self-closing in HTML)', '<div/>'.repeat(20_000) + 'deep'],
    ['tables', '<table><tr><td>'.repeat(5_000) + 'deep'],
    ['list items', '<ul><li>'.repeat(10_000) + 'deep'],
  ])('caps nested %s at the nesting bound, keeping the text', (_, html) => {
    const bounded = limitNesting(`<body>${html}</body>`);
    expect(treeDepth(bounded)).toBeLessThanOrEqual(MAX_NESTING + 8);
    expect(load(bounded).text()).toContain('deep');
  });

  it('does not count tags inside comments, raw text or self-closed SVG elements', () => {
    const html = `<body><!--${'<div>'.repeat(1000)}--><textarea>${'<div>'.repeat(1000)}</textarea><svg>${'<path d="M0 0"/>'.repeat(1000)}</svg><p>kept</p></body>`;
    expect(limitNesting(html)).toBe(html);
  });
});

describe('boundedMarkup', () => {
  it('leaves out the payload of long data: addresses, not "data:" in text', () => {
    const image = `<img src="data:image/png;base64,${'A'.repeat(5000)}"><p>data:${'文'.repeat(400)}</p>`;
    expect(boundedMarkup(image)).toBe(`<img src="data:,"><p>data:${'文'.repeat(400)}</p>`);
  });

  it('refuses a page over the bound with a reason and what to do', () => {
    expect(() => boundedMarkup(`<p>${'x'.repeat(MAX_PAGE_CHARS)}</p>`)).toThrow(/the page is too big: 16 million characters .*; save the article's page alone/);
  });
});

describe('binaryContent and the decoder', () => {
  it('names files that are not pages', () => {
    expect(binaryContent(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('a JPEG image');
    expect(binaryContent(Buffer.from('%PDF-1.7\n'))).toBe('a PDF document');
    expect(binaryContent(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip-compressed data');
    expect(binaryContent(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)))).toBe('binary data');
  });

  it('takes text with a few NUL bytes, and UTF-16 without a BOM, as text', () => {
    expect(binaryContent(Buffer.from('<p>a\u0000b\u0000c</p>'.repeat(50)))).toBeNull();
    const utf16 = iconv.encode('<html><title>港口</title><p>Harbour news</p></html>', 'utf-16le');
    expect(binaryContent(utf16)).toBeNull();
    expect(decodeHtml(utf16).text).toBe('<html><title>港口</title><p>Harbour news</p></html>');
  });

  it('drops NUL and other stray control characters, keeps tabs and line breaks', () => {
    expect(decodeHtml(Buffer.from('<p>a\u0000b\u0007c\td\ne\r\n</p>')).text).toBe('<p>abc\td\ne\r\n</p>');
  });
});
