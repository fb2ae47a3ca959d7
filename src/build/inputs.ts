// Scraped files -> parsed pages through the parse cache. A page is parsed only when no earlier
// build parsed the same bytes with the same parser and options; the key is
// sha256(bytes) + crawledAt + the parser's code fingerprint. Import keeps only slim pages: the
// Markdown body (the bulk of a page) stays in the cache and is fetched back when its record is
// written, so memory does not grow with every body of the archive at once.

import { stat } from 'node:fs/promises';
import type { ParsedPage } from '../model/index.ts';
import { parseAll } from '../cli/parse-pool.ts';
import type { CacheStore } from '../cache/store.ts';
import { hashParts } from '../cache/hash.ts';
import type { FileStamps } from './stamps.ts';

/** A record body that is still in the cache: this prefix, then the parse key. */
const BODY_REF = '\u0000folio-body:';

export interface InputEntry {
  /** Parse cache key, or null when the file could not be read. */
  key: string | null;
  /** The page without its Markdown body (see BODY_REF). */
  page: ParsedPage;
  /** The file's sha256 and the crawledAt and parser fingerprint the key was made of: a trusted file with the same needs no key. */
  source?: { sha256: string; params: string };
}

export interface InputOptions {
  crawledAt?: string;
  cache: CacheStore;
  stamps: FileStamps;
  parserFingerprint: string;
  /** What earlier builds in this process made of each file. */
  memo: Map<string, InputEntry>;
}

/** Files whose parse results came from where: for the report and the tests. */
export interface InputStats {
  parsed: number;
  cached: number;
}

/** The pages of `files`, in order; only files never parsed before are parsed (on every core). */
export async function loadPages(files: string[], options: InputOptions, onPage: (page: ParsedPage) => void): Promise<InputStats> {
  const entries: (InputEntry | null)[] = new Array(files.length).fill(null);
  const toParse: { index: number; key: string | null; source?: InputEntry['source'] }[] = [];
  const params = `${options.crawledAt ?? ''}\u0000${options.parserFingerprint}`;
  // Files a watcher vouches for, as the previous build left them: no await, no key to hash.
  const toLook: number[] = [];
  files.forEach((file, index) => {
    const trusted = options.stamps.trustedHash(file);
    const known = trusted === undefined ? undefined : options.memo.get(file);
    if (known?.source !== undefined && known.source.sha256 === trusted && known.source.params === params) entries[index] = known;
    else toLook.push(index);
  });
  await eachLimited(toLook.length, 32, async (n) => {
    const index = toLook[n]!;
    const file = files[index]!;
    const hashed = await options.stamps.hash(file);
    const source = hashed ? { sha256: hashed.sha256, params } : undefined;
    const key = hashed ? hashParts([hashed.sha256, options.crawledAt ?? '', options.parserFingerprint]) : null;
    const known = options.memo.get(file);
    if (key !== null && known?.key === key) entries[index] = { ...known, source };
    else if (key !== null) {
      const cached = await options.cache.readJson<ParsedPage>('parse', key);
      if (cached) entries[index] = { key, page: { ...cached, file }, source };
    }
    if (entries[index] === null) toParse.push({ index, key, source });
  });
  toParse.sort((a, b) => a.index - b.index);
  const stats: InputStats = { parsed: toParse.length, cached: files.length - toParse.length };
  const pending: Promise<void>[] = [];
  await parseAll(toParse.map(({ index }) => files[index]!), { crawledAt: options.crawledAt }, (page, n) => {
    const { index, key, source } = toParse[n]!;
    entries[index] = { key: page.ok ? key : null, page: options.cache.enabled ? slim(page, key) : page, source: page.ok && key !== null ? source : undefined };
    // Only results worth keeping: a failed read or a stopped worker may go differently next time.
    if (page.ok && key !== null) pending.push(remember(options, files[index]!, key, page));
  });
  await Promise.all(pending);
  options.memo.clear();
  for (const [index, file] of files.entries()) {
    const entry = entries[index]!;
    options.memo.set(file, entry);
    onPage(entry.page);
  }
  return stats;
}

/** Store a fresh parse, unless the file changed while it was parsed (its key would be wrong). */
async function remember(options: InputOptions, file: string, key: string, page: ParsedPage): Promise<void> {
  const before = options.stamps.known(file);
  const now = await stat(file).catch(() => null);
  if (!before || !now || now.size !== before.size || now.mtimeMs !== before.mtimeMs) return;
  await options.cache.writeText('markdown', key, page.markdown);
  await options.cache.writeJson('parse', key, slim(page, key));
}

function slim(page: ParsedPage, key: string | null): ParsedPage {
  if (!page.ok || key === null) return page;
  return { ...page, markdown: `${BODY_REF}${key}` };
}

/**
 * A record body as the page gave it: fetched from the cache when it is a reference there. Should
 * the entry be gone (the cache folder deleted during the build), the file is parsed again.
 */
export async function resolveBody(body: string, cache: CacheStore, fileOf: (key: string) => string | undefined, crawledAt?: string): Promise<string> {
  if (!body.startsWith(BODY_REF)) return body;
  const key = body.slice(BODY_REF.length);
  const kept = await cache.readText('markdown', key);
  if (kept !== null) return kept;
  const file = fileOf(key);
  if (file === undefined) throw new Error(`the parse cache lost the body of a page (${key}); delete ${cache.dir ?? 'the cache folder'} and build again`);
  // On a worker like every parse (its time budget can stop it); the main thread never loads the parser.
  let markdown = '';
  await parseAll([file], { crawledAt }, (page) => void (markdown = page.markdown));
  return markdown;
}

async function eachLimited(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
