// Fuzzing the parser (fast-check): generated HTML (trees of tags and attributes with any text,
// CJK, entities and broken markup) and mutated fixture pages (byte flips, truncation, duplicated
// and inserted ranges). For every input parsePage returns instead of throwing, reports no crash
// (ok: false only for input it refuses on purpose), stays within a generous time budget (a hang
// check, not a speed test), and every article it finds becomes a record that validates against
// the front matter schema after normalize.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isProblem, parseRecord, serializeRecord } from '../src/content/index.ts';
import { normalizePages } from '../src/normalize/index.ts';
import { parsePage } from '../src/parse/index.ts';
import { ROOT } from './helpers.ts';

/** Generous: the slowest real page parses in well under a tenth of this on a loaded machine. */
const PAGE_BUDGET_MS = 2000;
/** Failures parsePage reports on purpose (refused input), as opposed to a crash caught inside it. */
const REFUSED = /^could not parse: (the file is empty|not an HTML page but |the page is too big)/;

const TAGS = ['html', 'head', 'body', 'title', 'meta', 'link', 'script', 'style', 'div', 'p', 'span', 'a', 'img', 'h1', 'h2', 'h3', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'figure', 'figcaption', 'article', 'section', 'main', 'header', 'footer', 'nav', 'aside', 'br', 'hr', 'b', 'i', 'em', 'strong', 'pre', 'code', 'blockquote', 'time', 'svg', 'math', 'template', 'noscript', 'iframe', 'form', 'select', 'option', 'textarea', 'frameset', 'frame', 'base', 'x-custom', 'font', 'center', 'marquee'];
const ATTRIBUTES = ['class', 'id', 'href', 'src', 'data-src', 'alt', 'title', 'content', 'property', 'name', 'charset', 'http-equiv', 'rel', 'type', 'datetime', 'itemprop', 'style', 'onclick', 'lang', 'srcset', 'colspan', 'hidden', 'aria-hidden'];
const WORDS = ['相关文章', '来源：新华社', '记者 张三', '2025年3月1日 08:00', '4天前', 'By Jane Doe', 'Related stories', 'Published', '标签：', 'article', 'content', 'post-body', 'sidebar', 'comment', 'https://example.com/a/b.html', '/relative/path', 'javascript:alert(1)', 'data:text/html,x', '&amp;', '&lt;', '&#x4e2d;', '&#0;', '&nbsp;', '&bogus;', '\u3000', '\u00ad', '\u200b', '\u202e', '\ufeff', '　第一段。'];
const BROKEN = ['<', '</', '<!--', '-->', '<![CDATA[', ']]>', '<!DOCTYPE', '<?xml', '&#x', '="', "='", '<div', '<a href="', '</p></p>', '<p><p>', '<script>', '</script>', '<style>', '<title>', '<table><td>', '<svg><p>'];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);
const attrValue = fc.oneof(text, fc.constantFrom(...WORDS));
const attribute = fc.tuple(fc.constantFrom(...ATTRIBUTES), attrValue, fc.constantFrom('"', "'", ''));

type Tree = { tag: string; attributes: [string, string, string][]; children: Tree[]; close: boolean } | string;

const { tree } = fc.letrec<{ tree: Tree; element: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('element'), fc.constantFrom(...BROKEN)),
  element: fc.record({
    tag: fc.constantFrom(...TAGS),
    attributes: fc.array(attribute, { maxLength: 4 }),
    children: fc.array(tie('tree'), { maxLength: 5 }),
    close: fc.boolean(),
  }),
}));

function attributeText([name, value, quote]: [string, string, string]): string {
  if (!quote) return ` ${name}=${value.replace(/[\s>]/g, '')}`;
  return ` ${name}=${quote}${value.replaceAll(quote, quote === '"' ? '&quot;' : '&#39;')}${quote}`;
}

function serialize(node: Tree): string {
  if (typeof node === 'string') return node;
  const inner = node.children.map(serialize).join('');
  return `<${node.tag}${node.attributes.map(attributeText).join('')}>${inner}${node.close ? `</${node.tag}>` : ''}`;
}

/** A generated page: usually with a head and an article-ish body, so the extractors have work. */
const page = fc.tuple(fc.array(tree, { maxLength: 4 }), fc.array(tree, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([head, body, wrap]) =>
  wrap
    ? `<!DOCTYPE html><html><head><meta charset="utf-8">${head.map(serialize).join('')}</head><body><article>${body.map(serialize).join('')}</article></body></html>`
    : [...head, ...body].map(serialize).join(''),
);

/** Fixture pages written for the project (test/fixtures/parse/<case>/source.html). */
const FIXTURES = readdirSync(join(ROOT, 'test/fixtures/parse')).sort().map((name) => readFileSync(join(ROOT, 'test/fixtures/parse', name, 'source.html')));

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'truncate'; at: number } | { kind: 'duplicate'; at: number; length: number } | { kind: 'insert'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

function mutate(source: Buffer, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(source);
  for (const m of mutations) {
    const at = bytes.length ? m.at % bytes.length : 0;
    if (m.kind === 'flip' && bytes.length) bytes[at] = m.byte;
    else if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
    else if (m.kind === 'duplicate') bytes = Buffer.concat([bytes.subarray(0, at + m.length), bytes.subarray(at)]);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
  }
  return bytes;
}

/** Parses `bytes` and checks every property; the message says which failed and on what. */
function checkPage(bytes: Uint8Array): void {
  const start = performance.now();
  const parsed = parsePage(bytes, { file: 'fuzz.html', crawledAt: '2025-06-01T12:00:00+08:00' });
  const ms = performance.now() - start;
  expect(ms, `parsing took ${ms.toFixed(0)} ms`).toBeLessThan(PAGE_BUDGET_MS);
  if (!parsed.ok) {
    expect(parsed.error, 'a crash inside the parser').toMatch(REFUSED);
    return;
  }
  if (!parsed.is_article) return;
  const { records } = normalizePages([parsed]);
  expect(records).toHaveLength(1);
  for (const record of records) {
    const back = parseRecord(serializeRecord(record), `${record.slug}.md`);
    if (isProblem(back)) throw new Error(`the record does not validate: ${back.message}`);
  }
}

describe('parsePage on generated HTML', () => {
  it('never crashes, stays in budget, and gives records that validate', () => {
    fc.assert(fc.property(page, (html) => checkPage(Buffer.from(html))), { numRuns: 300 });
  }, 60_000);

  it('does the same in the encodings pages come in', () => {
    const encodings = fc.constantFrom('utf-8', 'gbk', 'big5', 'shift_jis', 'utf-16le', 'windows-1252');
    fc.assert(fc.property(page, encodings, (html, encoding) => {
      checkPage(encodeAs(html, encoding));
    }), { numRuns: 100 });
  }, 60_000);
});

describe('parsePage on mutated fixture pages', () => {
  it('never crashes, stays in budget, and gives records that validate', () => {
    const source = fc.integer({ min: 0, max: FIXTURES.length - 1 }).map((i) => FIXTURES[i]!);
    fc.assert(fc.property(source, fc.array(mutation, { minLength: 1, maxLength: 6 }), (bytes, mutations) => checkPage(mutate(bytes, mutations))), { numRuns: 250 });
  }, 60_000);

  it('parses every fixture page as it is (the mutations start from pages that work)', () => {
    for (const bytes of FIXTURES) expect(parsePage(bytes, { file: 'fixture.html' }).ok).toBe(true);
  });
});

/** iconv-lite, as the decoder uses; characters an encoding lacks become "?", as a browser's save would. */
function encodeAs(html: string, encoding: string): Buffer {
  return iconv.encode(html, encoding);
}
