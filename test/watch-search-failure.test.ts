// folio watch makes the search index after the pages are live. When that index cannot be made,
// the rebuild reports it and the index already served stays in place (a watch must not crash).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Builder } from '../src/build/builder.ts';
import { defaultConfig } from '../src/cli/config.ts';
import { serializeRecord } from '../src/content/index.ts';
import { record } from './helpers.ts';

/** While set, the search indexer fails as a full disk would make it fail. */
const failure = vi.hoisted(() => ({ on: false }));

vi.mock('../src/render/search.ts', async (original) => {
  const real = await original<typeof import('../src/render/search.ts')>();
  return {
    ...real,
    writeSearchIndex: (...args: Parameters<typeof real.writeSearchIndex>) =>
      failure.on ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : real.writeSearchIndex(...args),
  };
});

afterEach(() => {
  failure.on = false;
});

describe('deferred search index that fails', () => {
  it('keeps the index in place and reports the failure once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-search-fail-'));
    const content = join(dir, 'content');
    mkdirSync(content);
    const write = (body: string) => writeFileSync(join(content, 'harbour-works.md'), serializeRecord({ ...record('harbour-works', body), date: '2025-09-01' }));
    write('The harbour wall is rebuilt before the winter storms arrive.');
    const problems: string[] = [];
    const reporter = { step() {}, note() {}, summary() {}, problem: (_file: string, problem: string) => void problems.push(problem) };
    const config = { ...defaultConfig(), content, out: join(dir, 'dist'), cacheDir: join(dir, 'cache') };
    const builder = new Builder(config, reporter, { inputs: null, deferSearch: true });

    const first = await builder.build({ paths: [] });
    expect(await first.search).toBe(1);
    const entry = join(config.out, 'search', 'meta.json');
    const indexed = readFileSync(entry, 'utf8');

    // The next index cannot be written.
    failure.on = true;
    write('The harbour wall is rebuilt before the winter storms arrive; the ferry moves to the east pier.');
    const second = await builder.build({ paths: [join(content, 'harbour-works.md')] });
    expect(await second.search).toBeNull();
    expect(readFileSync(join(config.out, 'articles/harbour-works/index.html'), 'utf8')).toContain('east pier');
    expect(existsSync(entry) && readFileSync(entry, 'utf8')).toBe(indexed);
    expect(problems).toEqual([expect.stringContaining('search index not written')]);
  }, 60_000);
});
