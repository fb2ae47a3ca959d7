// Search (src/render/search.ts writes the index, src/render/search-runtime.js splits words and
// reads the index in the browser): word splitting for Chinese and English, an index written from
// records and queried through the same reader the browser loads (its files fetched from disk),
// a large archive spread over many chunk files, and a clear error when the index cannot be written.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../src/model/index.ts';
import { plainText, SearchIndexError, writeSearchIndex } from '../src/render/search.ts';
import { openIndex, queryWords, terms, type OpenIndex } from '../src/render/search-runtime.js';
import { record } from './render-helpers.ts';
import { folio, ROOT } from './helpers.ts';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'folio-search-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The index in `dir` as the browser opens it, its files read from disk instead of fetched. */
function open(dir: string): Promise<OpenIndex> {
  const fetchFromDisk = async (url: string) => {
    const file = fileURLToPath(url.split('?')[0]!);
    try {
      return new Response(await readFile(file));
    } catch {
      return new Response('missing', { status: 404 });
    }
  };
  return openIndex(pathToFileURL(`${dir}/`), fetchFromDisk);
}

/** Titles of every result of `query`, best first. */
async function titles(index: OpenIndex, query: string): Promise<string[]> {
  const { results } = await index.search(query);
  return Promise.all(results.map(async (result) => (await result.load()).title));
}

describe('word splitting', () => {
  it('splits Chinese into overlapping pairs plus each run\'s last character, and folds English', () => {
    expect(terms('七旬竹编艺人')).toEqual(['七旬', '旬竹', '竹编', '编艺', '艺人', '人']);
    expect(terms('The Café, iPhone手机 2024!')).toEqual(['the', 'cafe', 'iphone', '手机', '机', '2024']);
    expect(terms('ＡＢＣ')).toEqual(['abc']); // full-width letters as typed on a Chinese keyboard
  });

  it('makes a query of exact words, the last typed word and a lone Chinese character prefixes', () => {
    expect(queryWords('竹编艺人')).toEqual([{ term: '竹编' }, { term: '编艺' }, { term: '艺人' }]);
    expect(queryWords('swing bri')).toEqual([{ term: 'swing' }, { prefix: 'bri' }]);
    expect(queryWords('swing bridge ')).toEqual([{ term: 'swing' }, { term: 'bridge' }]);
    expect(queryWords('竹')).toEqual([{ prefix: '竹' }]);
    expect(queryWords('  !! ')).toEqual([]);
  });

  it('indexes what a reader sees of a Markdown body, not link addresses or markup', () => {
    expect(plainText('## Head\n\nSee [the *report*](https://evil.example/secretword) and ![a chart](chart.png).')).toBe('Head See the report and a chart.');
  });
});

describe('writeSearchIndex and the browser\'s reader', () => {
  const records: ArticleRecord[] = [
    record({ slug: 'zhu-bian', title: '七旬竹编艺人', date: '2024-05-01', lang: 'zh', site: '新闻网', body: '竹编传习所里，老手艺走进直播间。\n\n[原文](https://example.cn/a.html)' }),
    record({ slug: 'zhi-bo', title: '直播带货', date: '2024-06-01', lang: 'zh', body: '直播间里卖竹篮，也卖茶叶。' }),
    record({ slug: 'bridge', title: 'Swing bridge closes', date: '2024-04-01', lang: 'en', body: 'The bridge closes for repairs to its café deck.' }),
    record({ slug: 'bridges', title: 'Old bridges of the river', date: '2023-01-01', lang: 'en', body: 'Seven bridges, one swing span.' }),
    // A second record with a slug already taken: renderSite keeps one (the first by content), so does the index.
    record({ slug: 'bridge', title: 'Unkept clashing slug', date: '2024-04-02', lang: 'en', body: 'quarantined words' }),
  ];
  let dir: string;
  let index: OpenIndex;

  beforeAll(async () => {
    dir = join(work, 'dist', 'search');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stale.bin'), 'old');
    const result = await writeSearchIndex(records, dir);
    expect(result.pages).toBe(4);
    index = await open(dir);
  });

  it('finds Chinese articles by Chinese words and English ones by English words', async () => {
    expect(await titles(index, '竹编')).toEqual(['七旬竹编艺人']);
    expect(await titles(index, '直播')).toEqual(['直播带货', '七旬竹编艺人']); // in the title first
    expect(await titles(index, 'repairs')).toEqual(['Swing bridge closes']);
    expect(await titles(index, 'cafe')).toEqual(['Swing bridge closes']);
  });

  it('needs every word of the query, and completes the last one', async () => {
    expect(await titles(index, '竹编 直播')).toEqual(['七旬竹编艺人']);
    expect(await titles(index, '竹编 茶叶')).toEqual([]);
    expect(await titles(index, 'swing')).toHaveLength(2);
    expect(await titles(index, 'seven bri')).toEqual(['Old bridges of the river']);
    expect(await titles(index, 'bridge ')).toEqual(['Swing bridge closes']);
    expect(await titles(index, '竹')).toEqual(['七旬竹编艺人', '直播带货']);
  });

  it('keeps one record per slug and leaves link addresses out', async () => {
    expect(await titles(index, 'quarantined')).toEqual([]);
    expect(await titles(index, 'example')).toEqual([]);
  });

  it('returns what a result shows: address, title, date, site and a marked excerpt', async () => {
    const [first] = (await index.search('老手艺')).results;
    const hit = await first!.load();
    expect(hit).toMatchObject({ url: 'articles/zhu-bian/', title: '七旬竹编艺人', date: '2024-05-01', site: '新闻网' });
    expect(hit.excerpt.filter(([, marked]) => marked).map(([text]) => text)).toEqual(['老手艺']);
    expect(hit.excerpt.map(([text]) => text).join('')).toContain('竹编传习所里，老手艺走进直播间。');
  });

  it('keeps markup in a title as text, and out of the files as markup', async () => {
    const dir2 = join(work, 'markup');
    await writeSearchIndex([record({ slug: 'x', title: '<img src=x onerror=alert(1)> headline', body: 'body' })], dir2);
    expect(readFileSync(join(dir2, 'd', '0.json'), 'utf8')).not.toContain('<');
    const hit = await (await (await open(dir2)).search('headline')).results[0]!.load();
    expect(hit.title).toBe('<img src=x onerror=alert(1)> headline');
  });

  it('replaces what the folder held and copies the reader beside the index', () => {
    expect(existsSync(join(dir, 'stale.bin'))).toBe(false);
    expect(existsSync(join(dir, 'folio-search.js'))).toBe(true);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { docs: number; chunks: string[] };
    expect(meta.docs).toBe(4);
    expect(readdirSync(join(dir, 't'))).toHaveLength(meta.chunks.length);
  });
});

describe('a larger archive', () => {
  it('spreads the terms over many chunk files and still finds each article by its own word', async () => {
    const made: ArticleRecord[] = [];
    const syllables = ['ka', 'ren', 'tal', 'mo', 'vis', 'ter', 'lan', 'do', 'bri', 'sen'];
    const han = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产'];
    for (let n = 0; n < 400; n++) {
      // Each article has one made-up English word and one Chinese pair no other article has.
      const own = `zq${n.toString(36)}x`;
      const pair = han[n % han.length]! + han[Math.floor(n / han.length) % han.length]! + '鑫';
      const filler = Array.from({ length: 120 }, (_, i) => syllables[(n * 7 + i * 3) % 10]! + syllables[(n + i) % 10]!).join(' ');
      const chinese = Array.from({ length: 150 }, (_, i) => han[(n * 13 + i * 5) % han.length]).join('');
      made.push(record({ slug: `a-${n}`, title: `Story ${n}`, date: `2020-01-${String((n % 28) + 1).padStart(2, '0')}`, body: `${filler} ${own}。${chinese}，${pair}。` }));
    }
    const dir = join(work, 'large');
    await writeSearchIndex(made, dir, { chunkBytes: 4096 });
    const index = await open(dir);
    expect(readdirSync(join(dir, 't')).length).toBeGreaterThan(10);
    for (const n of [0, 1, 57, 199, 398, 399]) {
      expect(await titles(index, `zq${n.toString(36)}x `), `article ${n}`).toEqual([`Story ${n}`]);
      const pair = han[n % han.length]! + han[Math.floor(n / han.length) % han.length]! + '鑫';
      expect(await titles(index, pair), `article ${n}, ${pair}`).toContain(`Story ${n}`);
    }
    expect((await index.search('story')).total).toBe(400);
  });
});

describe('when the index cannot be written', () => {
  it('throws one SearchIndexError naming the problem', async () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'not a folder');
    await expect(writeSearchIndex([record({ slug: 'a', title: 'A' })], join(blocker, 'search'))).rejects.toThrow(SearchIndexError);
  });
});

describe('folio render', () => {
  it('writes the index and its reader under search/, and removes the Pagefind bundle of earlier versions', async () => {
    const out = join(work, 'site');
    mkdirSync(join(out, 'pagefind'), { recursive: true });
    writeFileSync(join(out, 'pagefind', 'pagefind.js'), '// old');
    const result = await folio(['render', '--content', join(ROOT, 'content'), '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/search index: \d+ pages in /);
    expect(existsSync(join(out, 'pagefind'))).toBe(false);
    const index = await open(join(out, 'search'));
    expect(index.docs).toBeGreaterThan(0);
    const { results } = await index.search('竹编');
    expect(results.length).toBeGreaterThan(0);
    expect(existsSync(join(out, (await results[0]!.load()).url, 'index.html'))).toBe(true);
  }, 120_000);
});
