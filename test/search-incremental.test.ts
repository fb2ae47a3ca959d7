// The search index written with what earlier builds learnt (a SearchMemo kept between builds, the
// previous index's files linked when unchanged), as folio watch writes it, must be the index a
// fresh writeSearchIndex writes for the same records, byte for byte, after any sequence of
// additions, edits, re-dating and removals.

import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Builder } from '../src/build/builder.ts';
import { defaultConfig } from '../src/cli/config.ts';
import { readRecords, serializeRecord } from '../src/content/index.ts';
import type { ArticleRecord } from '../src/model/index.ts';
import { SearchMemo, writeSearchIndex } from '../src/render/search.ts';
import { assemblePostings, postingChunks, type Chunk } from '../src/render/search-postings.ts';
import { TermDictionary } from '../src/render/search-terms.ts';
import { fileTree, record, seededRandom } from './helpers.ts';

// Words from very common to rare (so terms come and go with articles), and characters of an unspaced script (indexed in pairs).
const WORDS = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}`);
const HAN = '港口城市码头渡轮桥梁学校医院天气铁路议会';
/** Small chunks, so that a change moves chunk boundaries. */
const CHUNK_BYTES = 700;

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'folio-search-incremental-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function text(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    out.push(next() < 0.1
      ? Array.from({ length: 2 + Math.floor(next() * 4) }, () => HAN[Math.floor(next() * HAN.length)]).join('')
      : WORDS[Math.floor(next() ** 3 * WORDS.length)]!);
  }
  return out.join(' ');
}

function date(next: () => number): string | null {
  return next() < 0.1 ? null : `2025-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
}

function article(n: number, next: () => number): ArticleRecord {
  return { ...record(`story-${n}`, `${text(next, 30)}.\n\n[${text(next, 2)}](https://post.example/${n}) ${text(next, 20 + Math.floor(next() * 60))}.`), title: text(next, 4), date: date(next) };
}

/** The differing files of two folders, by name (an empty list when they are the same). */
function differences(a: string, b: string): string[] {
  const left = fileTree(a);
  const right = fileTree(b);
  return [...new Set([...left.keys(), ...right.keys()])].filter((name) => left.get(name) !== right.get(name)).sort();
}

describe('search index written with a kept SearchMemo', () => {
  it('is the index a fresh build writes after random additions, edits, re-dating and removals', async () => {
    let reused = 0;
    let files = 0;
    for (const seed of [3, 4]) {
      const next = seededRandom(seed);
      let made = 0;
      const records: ArticleRecord[] = Array.from({ length: 60 }, () => article(made++, next));
      const memo = new SearchMemo();
      const live = join(work, `live-${seed}`);
      const fresh = join(work, `fresh-${seed}`);
      await writeSearchIndex(records, live, { memo, chunkBytes: CHUNK_BYTES });
      for (let step = 0; step < 40; step++) {
        const roll = next();
        const at = Math.floor(next() * records.length);
        const old = records[at]!;
        if (roll < 0.2) records.push(article(made++, next));
        else if (roll < 0.3) records.push({ ...article(made++, next), date: '2026-01-01' }); // the newest: every article renumbered
        else if (roll < 0.42 && records.length > 10) records.splice(at, 1);
        else if (roll < 0.62) records[at] = { ...old, body: `${old.body}\n\n${text(next, 5)}.` };
        else if (roll < 0.7) records[at] = { ...old, body: old.body.slice(0, Math.floor(old.body.length / 2)) };
        else if (roll < 0.78) records[at] = { ...old, title: text(next, 3) };
        else if (roll < 0.86) records[at] = { ...old, date: date(next) };
        else if (roll < 0.9) records[at] = { ...old, site: 'Other Post' };
        // else: nothing changed (a rebuild for an unrelated file).

        const staged = join(work, `next-${seed}`);
        const result = await writeSearchIndex(records, staged, { memo, previous: live, chunkBytes: CHUNK_BYTES });
        rmSync(live, { recursive: true });
        renameSync(staged, live);
        await writeSearchIndex(records, fresh, { chunkBytes: CHUNK_BYTES });
        expect(differences(live, fresh), `seed ${seed}, step ${step}`).toEqual([]);
        reused += result.files - result.changed;
        files += result.files;
      }
    }
    // Most steps change few files: the kept index is mostly linked, not written.
    expect(reused / files).toBeGreaterThan(0.2);
  }, 120_000);

  it('writes every file again when the previous folder is not the index the memo wrote', async () => {
    const records = [record('harbour-works', 'The harbour wall is rebuilt.'), record('ferry-times', 'The ferry runs every twenty minutes.')];
    const memo = new SearchMemo();
    const live = join(work, 'live');
    await writeSearchIndex(records, live, { memo });
    // Someone else's index in its place.
    await writeSearchIndex([record('library-hours', 'The library opens on Sundays.')], live);
    const result = await writeSearchIndex(records, join(work, 'next'), { memo, previous: live });
    expect(result.changed).toBe(result.files);
    await writeSearchIndex(records, join(work, 'fresh'));
    expect(differences(join(work, 'next'), join(work, 'fresh'))).toEqual([]);
  });
});

describe('folio watch after an edit', () => {
  it('swaps in the index a fresh build writes, having written only the files that changed', async () => {
    const content = join(work, 'content');
    mkdirSync(content);
    const next = seededRandom(11);
    const records = Array.from({ length: 40 }, (_, n) => article(n, next));
    for (const r of records) writeFileSync(join(content, `${r.slug}.md`), serializeRecord(r));
    const notes: string[] = [];
    const reporter = { step() {}, problem() {}, summary() {}, note: (text: string) => void notes.push(text) };
    const config = { ...defaultConfig(), content, out: join(work, 'dist'), cacheDir: join(work, 'cache') };
    const builder = new Builder(config, reporter, { inputs: null, deferSearch: true });
    expect(await (await builder.build({ paths: [] })).search).toBe(40);

    const edited = join(content, 'story-7.md');
    writeFileSync(edited, serializeRecord({ ...records[7]!, body: `${records[7]!.body}\n\nThe ferry now stops at the east pier.` }));
    expect(await (await builder.build({ paths: [edited] })).search).toBe(40);
    await writeSearchIndex((await readRecords(content)).records, join(work, 'fresh'));
    expect(differences(join(config.out, 'search'), join(work, 'fresh'))).toEqual(['.folio-search']);
    const [, changed, files] = /(\d+) of (\d+) files changed/.exec(notes.at(-1)!) ?? [];
    expect(Number(changed)).toBeGreaterThan(0);
    expect(Number(changed)).toBeLessThan(Number(files));
  }, 60_000);
});

describe('posting chunks made from the last call\'s', () => {
  it.each([300, 1500])('are the chunks made afresh after random edits, additions and removals (%i bytes a chunk)', (size) => {
    const view = (chunks: Chunk[]) => chunks.map((chunk) => `${chunk.first} ${Buffer.from(chunk.bytes).toString('hex')}`);
    let reused = 0;
    let made = 0;
    for (const seed of [1, 2, 3]) {
      const next = seededRandom(seed);
      const dictionary = new TermDictionary();
      // Words from a wide vocabulary, some common: an article holds few of the index's terms.
      const word = () => (next() < 0.2 ? WORDS[Math.floor(next() * 20)]! : `v${Math.floor(next() * 5000).toString(36)}`);
      const words = (n: number) => Array.from({ length: n }, word).join(' ');
      const split = () => dictionary.article(words(3), words(10 + Math.floor(next() * 80)));
      let articles = Array.from({ length: 40 }, split);
      let postings = assemblePostings(dictionary, articles, null);
      let chunks = postingChunks(dictionary, postings, size);
      for (let step = 0; step < 60; step++) {
        const roll = next();
        const at = Math.floor(next() * articles.length);
        articles = [...articles];
        if (roll < 0.5) articles[at] = split(); // edited in place
        else if (roll < 0.7 && articles.length > 5) articles.splice(at, 1);
        else if (roll < 0.9) articles.splice(at, 0, split()); // the articles after it renumbered
        postings = assemblePostings(dictionary, articles, postings);
        const kept = postingChunks(dictionary, postings, size, chunks);
        const fresh = postingChunks(dictionary, assemblePostings(dictionary, articles, null), size);
        expect(view(kept), `seed ${seed}, step ${step}`).toEqual(view(fresh));
        if (roll < 0.5) {
          reused += kept.filter((chunk) => chunk.kept).length;
          made += kept.length;
        }
        chunks = kept;
      }
    }
    // An edit changes the chunks of its terms, not every chunk after them.
    expect(reused / made).toBeGreaterThan(0.3);
  });
});
