// The bundled sample archive against its hand-written ground truth (examples/expected.json).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../src/parse/index.ts';
import { ROOT } from './helpers.ts';

interface Truth {
  file: string;
  encoding: string;
  related: { title: string; url: string; summary: string | null }[];
  [field: string]: unknown;
}

const truth = JSON.parse(readFileSync(join(ROOT, 'examples/expected.json'), 'utf8')) as Truth[];
const FIELDS = ['is_article', 'title', 'author', 'published', 'site', 'source', 'category', 'tags', 'lang', 'url', 'crawled_at'];

describe.each(truth.map((t) => [t.file, t] as const))('%s', (file, expected) => {
  const page = parsePage(readFileSync(join(ROOT, file)), { file });
  const actual = page as unknown as Record<string, unknown>;

  it.each(FIELDS.filter((f) => f in expected))('%s', (field) => {
    expect(actual[field], field).toEqual(expected[field]);
  });

  it('decodes without replacement characters', () => {
    expect(page.text).not.toContain('\uFFFD');
    expect(page.title ?? '').not.toContain('\uFFFD');
  });

  it('finds the related list (urls in page order, with summaries)', () => {
    expect(page.related.map((r) => r.url)).toEqual(expected.related.map((r) => r.url));
    expect(page.related.map((r) => r.summary)).toEqual(expected.related.map((r) => r.summary));
  });
});
