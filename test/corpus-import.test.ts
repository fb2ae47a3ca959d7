// Importing every dev set of ../shared/corpus (real pages from many sites): every record validates,
// slugs are unique, and a second run, even in another order, writes the same bytes. Skipped where
// the corpus is not beside the repository.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords, syncRecords } from '../src/content/index.ts';
import { parseInputs } from '../src/cli/pipeline.ts';
import type { Reporter } from '../src/cli/report.ts';
import { normalizePages } from '../src/normalize/index.ts';
import { ROOT } from './helpers.ts';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';

const CORPUS = resolve(ROOT, '../shared/corpus');
const sets = existsSync(CORPUS) ? readdirSync(CORPUS).filter((name) => existsSync(join(CORPUS, name, 'pages'))).map((name) => join(CORPUS, name, 'pages')) : [];
const silent: Reporter = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
const work = mkdtempSync(join(tmpdir(), 'folio-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(sets.length === 0)('importing the whole corpus', () => {
  it('gives valid records with unique slugs, the same in any page order', async () => {
    const parsed = await parseInputs(sets, silent);
    expect(parsed.failed).toBe(0);

    const first = normalizePages(parsed.articles);
    const second = normalizePages([...parsed.articles].reverse());
    const slugs = first.records.map((r) => r.slug);
    expect(new Set(slugs).size).toBe(slugs.length);

    const [a, b] = [join(work, 'a'), join(work, 'b')];
    await syncRecords(a, first.records.map((record) => ({ record, pages: first.pagesOf.get(record.slug)! })));
    await syncRecords(b, second.records.map((record) => ({ record, pages: second.pagesOf.get(record.slug)! })));
    const names = readdirSync(a).sort();
    expect(readdirSync(b).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(b, name), 'utf8'), name).toBe(readFileSync(join(a, name), 'utf8'));

    const { records, problems } = await readRecords(a);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(first.records.length);
    // Bodies are Markdown only: no raw HTML node anywhere.
    const markdown = unified().use(remarkParse).use(remarkGfm);
    const withHtml = records.filter((r) => hasHtml(markdown.parse(r.body))).map((r) => r.slug);
    expect(withHtml).toEqual([]);

    const again = await syncRecords(a, first.records.map((record) => ({ record, pages: first.pagesOf.get(record.slug)! })));
    expect(again.written).toEqual([]);
  }, 900_000);
});

function hasHtml(node: { type: string; children?: unknown[] }): boolean {
  return node.type === 'html' || (node.children ?? []).some((child) => hasHtml(child as { type: string; children?: unknown[] }));
}
