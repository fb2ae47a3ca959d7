// Parsing on worker threads gives exactly what parsing on the main thread gives, in input order,
// and a file that cannot be read is one failed page, not a crash.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedPage } from '../src/model/index.ts';
import { findPages } from '../src/cli/files.ts';
import { parseAll } from '../src/cli/parse-pool.ts';
import { ROOT } from './helpers.ts';

async function collect(files: string[], options: { threads?: number; inline?: boolean }): Promise<ParsedPage[]> {
  const pages: ParsedPage[] = [];
  await parseAll(files, { ...options, crawledAt: '2025-09-01T00:00:00+08:00' }, (page, index) => {
    expect(index).toBe(pages.length);
    pages.push(page);
  });
  return pages;
}

describe('parseAll', () => {
  it('gives the same pages, in input order, on two worker threads as on the main thread', async () => {
    const files = [...(await findPages([join(ROOT, 'examples/scraped')])), join(ROOT, 'examples/no-such-page.html')];
    const [main, workers] = [await collect(files, { inline: true }), await collect(files, { threads: 2 })];
    expect(workers.map((p) => p.file)).toEqual(files);
    expect(workers).toEqual(main);
    expect(workers.at(-1)).toMatchObject({ ok: false, error: expect.stringContaining('ENOENT') });
  }, 60_000);
});

describe('the per-page time budget', () => {
  it('stops a page that takes longer and reports it as one failed page', async () => {
    const files = await findPages([join(ROOT, 'examples/scraped')]);
    const pages: ParsedPage[] = [];
    await parseAll(files.slice(0, 3), { threads: 2, budgetMs: 1 }, (page) => pages.push(page));
    expect(pages.map((p) => p.file)).toEqual(files.slice(0, 3));
    for (const page of pages) expect(page).toMatchObject({ ok: false, error: 'parsing took longer than 0.001 s and was stopped' });
  }, 60_000);
});
