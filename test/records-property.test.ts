// Property tests: any valid record survives writing and reading unchanged, and writing is a fixed
// point (read then write gives the same bytes), whatever text the scraped pages held.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProblem, parseRecord, serializeRecord } from '../src/content/index.ts';
import type { ArticleRecord } from '../src/model/index.ts';
import { slugOrHash } from '../src/normalize/index.ts';

// Text as scraped pages have it: any script, YAML-looking punctuation, quotes, line breaks.
const tricky = fc.constantFrom(': ', '- ', '#', '---', '"', "'", '\\', '{{ x }}', '&', '*a', '!tag', '\t', '\n', ' ', '…', '　', 'null', 'true', '2025-08-16', '0x1F', '~');
const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), tricky), { maxLength: 8 }).map((parts) => parts.join(''));
const nonEmpty = text.filter((s) => s.length > 0);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const isoDate = fc.oneof(
  fc.constantFrom('2025-08', '1999-12-31', '2025-08-16T09:30:00+08:00', '2024-02-29T23:59:59Z', '2025-01-01T00:00:00.123-05:00'),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
);
const url = fc.webUrl({ withQueryParameters: true, withFragments: true });

const recordArb: fc.Arbitrary<ArticleRecord> = fc.record({
  title: nonEmpty,
  slug: nonEmpty.map((t) => slugOrHash(t, 'article')),
  date: maybe(isoDate),
  author: fc.array(text, { maxLength: 3 }),
  site: maybe(text),
  source: maybe(text),
  url: maybe(url),
  crawled_at: maybe(isoDate),
  sources: fc.array(fc.record({ url: maybe(url), site: maybe(text), crawled_at: maybe(isoDate) }), { maxLength: 3 }),
  category: maybe(text),
  tags: fc.array(text, { maxLength: 4 }),
  lang: maybe(fc.constantFrom('zh', 'en', 'zh-Hant', 'ja')),
  summary: text,
  related: fc.array(fc.record({ title: nonEmpty, url, summary: maybe(text) }), { maxLength: 3 }),
  images: fc.array(fc.record({ src: nonEmpty, alt: maybe(text), caption: maybe(text) }), { maxLength: 2 }),
  body: text.map((t) => t.trim()),
});

describe('records round-trip', () => {
  it('reads back exactly what was written', () => {
    fc.assert(fc.property(recordArb, (record) => {
      const back = parseRecord(serializeRecord(record), `${record.slug}.md`);
      if (isProblem(back)) throw new Error(back.message);
      expect(back).toEqual(record);
    }), { numRuns: 400 });
  });

  it('writes the same bytes after a read', () => {
    fc.assert(fc.property(recordArb, (record) => {
      const bytes = serializeRecord(record);
      const back = parseRecord(bytes, `${record.slug}.md`);
      if (isProblem(back)) throw new Error(back.message);
      expect(serializeRecord(back)).toBe(bytes);
    }), { numRuns: 400 });
  });

  it('turns any title into a slug that is a safe, non-empty file name', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (title) => {
      const slug = slugOrHash(title, 'article');
      expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(80);
    }), { numRuns: 300 });
  });
});
