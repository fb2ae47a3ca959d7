// Full-text search: index the archive's articles (title and body text, from the records) into
// <out>/search/, a sharded index that the browser reads in parts through search-runtime.js
// (copied beside it) and templates/assets/search.js. See search-runtime.js for the file layout.

import { createHash } from 'node:crypto';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleRecord } from '../model/index.ts';
import { usableRecords } from './collect.ts';
import { articlePath } from './links.ts';
import { GROUP_SIZE, INDEX_VERSION, type SearchDoc } from './search-runtime.js';
import { Postings } from './search-postings.ts';

/** The index's folder inside the output folder; search.js finds it at `<root>search/`. */
export const SEARCH_DIR = 'search';
/** Where earlier versions wrote Pagefind's bundle: a build removes it. */
export const LEGACY_SEARCH_DIR = 'pagefind';
/** The reader, copied into the index folder so a site always has the reader its index was written for. */
export const RUNTIME_FILE = 'folio-search.js';
const RUNTIME_SOURCE = new URL('./search-runtime.js', import.meta.url);

/** Bytes of postings per chunk file: one query word loads one chunk, and meta.json lists one term per chunk. */
const CHUNK_BYTES = 48 * 1024;
/** Characters of an article's text kept for result excerpts (the whole body is indexed). */
const EXCERPT_SOURCE_CHARS = 600;
export interface SearchIndexResult {
  /** Articles in the index. */
  pages: number;
  /** Where the index was written. */
  dir: string;
  /** Bytes written (all files). */
  bytes: number;
}

export class SearchIndexError extends Error {}

/**
 * Write the index of `records` (the articles renderSite renders: one per usable slug) to `dir`,
 * replacing what was there. Throws SearchIndexError when a file cannot be written; the site itself
 * is unaffected.
 */
export async function writeSearchIndex(records: readonly ArticleRecord[], dir: string, { chunkBytes = CHUNK_BYTES } = {}): Promise<SearchIndexResult> {
  try {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 't'), { recursive: true });
    await mkdir(join(dir, 'd'), { recursive: true });
    const articles = searchArticles(records);
    const postings = new Postings();
    // The build's id: a hash of every file (and the format), which names them in the browser's cache.
    const build = createHash('sha256').update(String(INDEX_VERSION));
    let bytes = 0;
    const write = async (name: string, content: string | Uint8Array, hashed = true) => {
      if (hashed) build.update(name).update(content);
      bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
      await writeFile(join(dir, name), content);
    };

    let group: SearchDoc[] = [];
    // One article's text at a time: only the postings grow with the archive.
    for (const [n, record] of articles.entries()) {
      const body = plainText(record.body);
      const doc = searchDoc(record, body);
      postings.addArticle(n, doc.title, body);
      group.push(doc);
      if (group.length === GROUP_SIZE || n === articles.length - 1) {
        // `<` escaped: a scraped title stays inert even if a server sent this file as HTML.
        await write(`d/${Math.floor(n / GROUP_SIZE)}.json`, JSON.stringify(group).replace(/</g, '\\u003c'));
        group = [];
      }
    }
    const firstTerms: string[] = [];
    for (const [n, chunk] of postings.chunks(chunkBytes).entries()) {
      firstTerms.push(chunk.first);
      await write(`t/${n}.bin`, chunk.bytes);
    }
    const meta = { version: INDEX_VERSION, build: build.digest('hex').slice(0, 16), docs: articles.length, groupSize: GROUP_SIZE, chunks: firstTerms };
    await write('meta.json', JSON.stringify(meta), false);
    await copyFile(RUNTIME_SOURCE, join(dir, RUNTIME_FILE));
    return { pages: articles.length, dir, bytes };
  } catch (error) {
    throw new SearchIndexError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/**
 * The articles to index (one per usable slug, as renderSite renders them), newest first, undated
 * last, ties by slug; numbered in that order, so equal scores list the newer article first.
 */
function searchArticles(records: readonly ArticleRecord[]): ArticleRecord[] {
  const dated = usableRecords(records, []).map((record) => ({ record, time: Date.parse(record.date ?? '') }));
  dated.sort((a, b) => (Number.isNaN(a.time) ? 1 : 0) - (Number.isNaN(b.time) ? 1 : 0) || (b.time || 0) - (a.time || 0) || (a.record.slug < b.record.slug ? -1 : 1));
  return dated.map(({ record }) => record);
}

/** What a result shows of an article. */
function searchDoc(record: ArticleRecord, body: string): SearchDoc {
  const date = Number.isNaN(Date.parse(record.date ?? '')) ? null : record.date!.slice(0, 10);
  return { url: articlePath(record.slug), title: record.title.trim() || record.slug, date, site: record.site, text: excerptSource(body) };
}

/** Markdown → the words a reader sees: link and image addresses, markup characters and HTML tags left out. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\]\((?:[^()]|\([^)]*\))*\)/g, ']')
    .replace(/^\s{0,3}\[[^\]]+\]:\s+\S+.*$/gm, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/[\\*_`#>|~[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function excerptSource(body: string): string {
  if (body.length <= EXCERPT_SOURCE_CHARS) return body;
  // Not between the two halves of a surrogate pair.
  const end = /[\ud800-\udbff]/.test(body[EXCERPT_SOURCE_CHARS - 1]!) ? EXCERPT_SOURCE_CHARS - 1 : EXCERPT_SOURCE_CHARS;
  return `${body.slice(0, end)}…`;
}
