// Full-text search: index the archive's articles (title and body text, from the records) into
// <out>/search/, a sharded index that the browser reads in parts through search-runtime.js
// (copied beside it) and templates/assets/search.js. See search-runtime.js for the file layout.

import { createHash, type Hash } from 'node:crypto';
import { linkSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sameItems } from '../cache/memo.ts';
import type { ArticleRecord } from '../model/index.ts';
import { GROUP_SIZE, INDEX_VERSION } from './search-runtime.js';
import { SearchMemo, type DocGroup, type WrittenIndex } from './search-memo.ts';
import { assemblePostings, postingChunks } from './search-postings.ts';

export { plainText, SearchMemo } from './search-memo.ts';

export { SEARCH_DIR } from './constants.ts';
/** Where earlier versions wrote Pagefind's bundle: a build removes it. */
export const LEGACY_SEARCH_DIR = 'pagefind';
/** The reader, copied into the index folder so a site always has the reader its index was written for. */
export const RUNTIME_FILE = 'folio-search.js';
const RUNTIME_SOURCE = new URL('./search-runtime.js', import.meta.url);

/** Bytes a chunk file holds at most (its terms decide where it ends, see postingChunks): one query word loads one chunk, and meta.json lists one term per chunk. */
const CHUNK_BYTES = 48 * 1024;

export interface SearchIndexResult {
  /** Articles in the index. */
  pages: number;
  /** Where the index was written. */
  dir: string;
  /** Bytes of the index (all files). */
  bytes: number;
  /** Files of the index (the reader's copy not counted). */
  files: number;
  /** Of those, files whose bytes were not those of `previous` (all of them without it). */
  changed: number;
}

export interface SearchIndexOptions {
  chunkBytes?: number;
  /** What earlier calls learnt (kept by folio watch): unchanged articles are not split into words again. */
  memo?: SearchMemo;
  /** A folder holding the index `memo` last wrote: its files whose bytes stay the same are linked, not written. */
  previous?: string;
}

export class SearchIndexError extends Error {}

/**
 * Write the index of `records` (the articles renderSite renders: one per usable slug) to `dir`,
 * replacing what was there. The files are the same, byte for byte, whatever `memo` and `previous`
 * hold. Throws SearchIndexError when a file cannot be written; the site itself is unaffected.
 */
export async function writeSearchIndex(records: readonly ArticleRecord[], dir: string, { chunkBytes = CHUNK_BYTES, memo = new SearchMemo(), previous }: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  try {
    const reusable = previous && resolve(previous) !== resolve(dir) ? await reusableIndex(previous, memo.written) : null;
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 't'), { recursive: true });
    await mkdir(join(dir, 'd'), { recursive: true });
    const articles = memo.index(records);
    const files = new IndexFiles(dir, reusable);
    const groups: DocGroup[] = [];
    for (let n = 0; n * GROUP_SIZE < articles.length; n++) {
      const members = articles.slice(n * GROUP_SIZE, (n + 1) * GROUP_SIZE);
      // The same articles as last time at this place: the same file, without joining and hashing it again.
      const known = memo.groups[n];
      const group = known && sameItems(known.members, members) ? known : { members, text: `[${members.map((article) => article.doc).join(',')}]`, digest: '' };
      group.digest = files.add(`d/${n}.json`, group.text, true, group.digest || undefined);
      groups.push(group);
    }
    memo.groups = groups;
    const before = memo.postings;
    memo.postings = assemblePostings(memo.terms, articles.map((article) => article.terms), before);
    // The chunks last made from the postings these were assembled from, at this size: those whose terms kept their bytes are reused.
    const last = memo.chunks?.from === before && before !== null && memo.chunks.size === chunkBytes ? memo.chunks : null;
    const chunks = postingChunks(memo.terms, memo.postings, chunkBytes, last?.chunks ?? null);
    for (const [n, chunk] of chunks.entries()) chunk.digest = files.add(`t/${n}.bin`, chunk.bytes, true, chunk.kept ? chunk.digest : undefined);
    memo.chunks = { from: memo.postings, size: chunkBytes, chunks };
    const meta = JSON.stringify({ version: INDEX_VERSION, build: files.buildId(), docs: articles.length, groupSize: GROUP_SIZE, chunks: chunks.map((chunk) => chunk.first) });
    files.add('meta.json', meta, false);
    await copyFile(RUNTIME_SOURCE, join(dir, RUNTIME_FILE));
    memo.written = { meta, digests: files.digests };
    return { pages: articles.length, dir, bytes: files.bytes, files: files.digests.size, changed: files.changed };
  } catch (error) {
    throw new SearchIndexError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The index in `folder` when it is the one `written` describes (its meta.json names every file's bytes). */
async function reusableIndex(folder: string, written: WrittenIndex | null): Promise<{ dir: string; digests: Map<string, string> } | null> {
  if (!written) return null;
  const meta = await readFile(join(folder, 'meta.json'), 'utf8').catch(() => null);
  return meta === written.meta ? { dir: folder, digests: written.digests } : null;
}

/**
 * The index's files as they are made: each one's digest taken into the build's id (a hash of every
 * file's digest and the format, which names them in the browser's cache) and written, or linked
 * from the reusable index when its file of that name has the same bytes.
 */
class IndexFiles {
  readonly digests = new Map<string, string>();
  bytes = 0;
  changed = 0;
  private readonly build: Hash = createHash('sha256').update(String(INDEX_VERSION));

  constructor(private readonly dir: string, private readonly reusable: { dir: string; digests: Map<string, string> } | null) {}

  /** Add a file (`known`: its digest, when an earlier build took it of the same bytes); returns its digest. */
  add(name: string, content: string | Uint8Array, hashed = true, known?: string): string {
    const digest = known ?? createHash('sha1').update(content).digest('base64');
    if (hashed) this.build.update(name).update(digest);
    this.digests.set(name, digest);
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    this.put(name, content);
    return digest;
  }

  buildId(): string {
    return this.build.digest('hex').slice(0, 16);
  }

  /**
   * Synchronous, as the pages are written (render/output.ts): a link or a write of a few KB costs
   * less than a promise around it would, and an index has a thousand files or more.
   */
  private put(name: string, content: string | Uint8Array): void {
    const target = join(this.dir, name);
    const digest = this.digests.get(name);
    if (digest !== undefined && this.reusable?.digests.get(name) === digest) {
      // Linked, never written into afterwards: the file is shared with the index it came from.
      if (linkQuietly(join(this.reusable.dir, name), target)) return;
    }
    this.changed++;
    writeFileSync(target, content);
  }
}

function linkQuietly(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}
