// Search indexing (src/render/search.ts): which language the index is built as, what Pagefind
// indexes and writes, and a build that goes on with one clear line when Pagefind fails.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchLanguage, writeSearchIndex } from '../src/render/search.ts';
import { folio, ROOT } from './helpers.ts';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'folio-search-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function page(dir: string, file: string, lang: string, main: string): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><header><form role="search"><input aria-label="搜索"></form></header><main>${main}</main></body></html>`);
}

describe('searchLanguage', () => {
  it('builds a mixed archive as its unspaced language, so Chinese words are segmented', () => {
    expect(searchLanguage(['en', 'en', 'en', 'zh'], 'en')).toBe('zh');
    expect(searchLanguage(['en', 'ja', 'zh-Hans', 'zh'], 'auto')).toBe('zh');
  });

  it('otherwise takes the most common article language, then the site language, then English', () => {
    expect(searchLanguage(['fr', 'en', 'fr', null], 'en')).toBe('fr');
    expect(searchLanguage([null], 'de-AT')).toBe('de');
    expect(searchLanguage([], 'auto')).toBe('en');
  });
});

describe('writeSearchIndex', () => {
  it('indexes article pages only, as one language, and replaces the previous bundle', async () => {
    const dist = join(work, 'dist');
    page(dist, 'index.html', 'en', '<h1>Home</h1><p>竹编 everywhere</p>');
    page(dist, 'articles/zhu-bian/index.html', 'zh', '<article><h1>七旬竹编艺人</h1><p>竹编传习所里，老手艺走进直播间。</p></article>');
    page(dist, 'articles/bridge/index.html', 'en', '<article><h1>Swing bridge</h1><p>The bridge closes for repairs.</p></article>');
    page(dist, 'articles/bridge/related/index.html', 'en', '<h1>Related</h1><p>竹编</p>');
    mkdirSync(join(dist, 'pagefind'), { recursive: true });
    writeFileSync(join(dist, 'pagefind', 'stale.pf_fragment'), 'old');

    const result = await writeSearchIndex(dist, 'zh');

    expect(result.pages).toBe(2);
    const entry = JSON.parse(readFileSync(join(dist, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    expect(Object.keys(entry.languages)).toEqual(['zh']);
    expect(entry.languages['zh']?.page_count).toBe(2);
    expect(existsSync(join(dist, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(existsSync(join(dist, 'pagefind', 'stale.pf_fragment'))).toBe(false);
  }, 60_000);
});

describe('folio build when Pagefind cannot run', () => {
  it('builds the site anyway and says so in one line', async () => {
    const out = join(work, 'broken-search');
    const saved = { ...process.env };
    // pagefind's resolveBinary honours these; the child process inherits them.
    process.env['PAGEFIND_BINARY_PATH'] = join(work, 'no-such-pagefind');
    process.env['PAGEFIND_EXTENDED_BINARY_PATH'] = join(work, 'no-such-pagefind');
    try {
      const result = await folio(['render', '--content', join(ROOT, 'content'), '--out', out]);
      expect(result.code).toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.includes('search index not written'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('the site works without search');
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(join(out, 'index.html'))).toBe(true);
      expect(existsSync(join(out, 'pagefind'))).toBe(false);
    } finally {
      process.env = saved;
    }
  }, 120_000);
});
