// Scraped files -> parsed pages through the parse cache. A page is parsed only when no earlier
// build parsed the same bytes with the same parser and options; the key is
// sha256(bytes) + crawledAt + the parser's code fingerprint. Import keeps only slim pages: the
// Markdown body (the bulk of a page) stays in the cache and is fetched back when its record is
// written, so memory does not grow with every body of the archive at once.

import { stat } from 'node:fs/promises';
import type { ParsedPage } from '../model/index.ts';
import { parseAll, type ParseSource } from '../cli/parse-pool.ts';
import type { CacheStore } from '../cache/store.ts';
import { hashParts } from '../cache/hash.ts';
import { positionsToAsk } from '../cache/memo.ts';
import { inOrderAhead } from '../content/ahead.ts';
import type { FileStamps, StampMark } from './stamps.ts';

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

/** What earlier builds in this process made of each file, and what the last loadPages was given and looked at. */
export type InputMemo = Map<string, InputEntry> & { last?: LastLoad };

interface LastLoad {
  files: readonly string[];
  params: string;
  /** The stamps' mark taken before any file was asked about. */
  mark: StampMark;
  /** Each file's entry, in order. */
  entries: readonly InputEntry[];
  /** Positions of the files that were not taken from the memo on a watcher's word. */
  looked: readonly number[];
}

export interface InputOptions {
  crawledAt?: string;
  cache: CacheStore;
  stamps: FileStamps;
  parserFingerprint: string;
  /** What earlier builds in this process made of each file. */
  memo: InputMemo;
  /**
   * Called with each freshly parsed page while the others are still parsing, when the main thread
   * has nothing else to do (after the next file went to the worker): for work that need not wait
   * for every page. The pages still come to `onPage`, in order, at the end.
   */
  early?: (page: ParsedPage) => void;
}

/** Files whose parse results came from where: for the report and the tests. */
export interface InputStats {
  parsed: number;
  cached: number;
}

/** Files looked up (hashed, their parse looked for in the cache) ahead of the one handed to the parser. */
const LOOK_AHEAD = 32;

/**
 * A parse cache entry, one file per page: the slim page as JSON on the first line (JSON text has no
 * line break of its own), then its Markdown body.
 */
const PAGE_ENTRY = 'page';

/** A file to parse: where it goes among the files, and what its parse is kept under. */
interface Miss {
  index: number;
  key: string | null;
  source?: InputEntry['source'];
  /** The bytes hashed, handed to the worker and not kept: the page parsed from them is the one the key names. */
  bytes?: Uint8Array;
  /** The worker was given the bytes hashed. */
  given?: boolean;
}

/**
 * The pages of `files`, in order; only files never parsed before are parsed (on every core). Files
 * are looked up a few ahead of the parser, and each one not found goes to a worker at once: the
 * workers start with the first file not found, not after every file was hashed.
 */
export async function loadPages(files: string[], options: InputOptions, onPage: (page: ParsedPage) => void): Promise<InputStats> {
  const params = `${options.crawledAt ?? ''}\u0000${options.parserFingerprint}`;
  const { memo, stamps } = options;
  const last = memo.last;
  memo.last = undefined;
  const mark = stamps.mark();
  // The same files as last time, in a watch: only those whose stamps changed since (or that the
  // watcher names), and those looked at last time, are asked about; the others stand.
  const since = last !== undefined && last.files === files && last.params === params ? stamps.changedSince(last.mark) : null;
  let asked: Iterable<number> = files.keys();
  let entries: (InputEntry | null)[] = new Array(files.length).fill(null);
  if (since !== null) {
    const ask = positionsToAsk(files, (file) => file, last!.looked, since);
    entries = [...last!.entries];
    for (const index of ask) entries[index] = null;
    asked = [...ask].sort((a, b) => a - b);
  }
  // Files a watcher vouches for, as the previous build left them: no await, no key to hash.
  const toLook: number[] = [];
  for (const index of asked) {
    const file = files[index]!;
    const trusted = stamps.trustedHash(file);
    const known = trusted === undefined ? undefined : memo.get(file);
    if (known?.source !== undefined && known.source.sha256 === trusted && known.source.params === params) entries[index] = known;
    else toLook.push(index);
  }
  const lookUp = async (index: number): Promise<Miss | null> => {
    const file = files[index]!;
    const hashed = await options.stamps.hash(file);
    const source = hashed ? { sha256: hashed.sha256, params } : undefined;
    const key = hashed ? hashParts([hashed.sha256, options.crawledAt ?? '', options.parserFingerprint]) : null;
    const known = options.memo.get(file);
    if (key !== null && known?.key === key) entries[index] = { ...known, source };
    else if (key !== null) {
      const cached = await readEntry(options.cache, key);
      if (cached) entries[index] = { key, page: { ...cached, file }, source };
    }
    return entries[index] === null ? { index, key, source, bytes: hashed?.bytes } : null;
  };
  const toParse: Miss[] = [];
  // A file that cannot be looked up is parsed without the cache; the worker reports what is wrong with it.
  const looked = inOrderAhead(toLook.length, LOOK_AHEAD, () => false, (n) => lookUp(toLook[n]!).catch((): Miss => ({ index: toLook[n]!, key: null })));
  async function* misses(): AsyncGenerator<ParseSource> {
    for (let n = 0; n < toLook.length; n++) {
      const miss = await looked(n);
      if (!miss) continue;
      const { bytes, ...kept } = miss;
      toParse.push({ ...kept, given: bytes !== undefined });
      yield { file: files[miss.index]!, bytes };
    }
  }
  const pending: Promise<void>[] = [];
  await parseAll(misses(), { crawledAt: options.crawledAt, count: toLook.length }, (page, n) => {
    const { index, key, source } = toParse[n]!;
    const entry: InputEntry = { key: page.ok ? key : null, page: options.cache.enabled ? slim(page, key) : page, source: page.ok && key !== null ? source : undefined };
    entries[index] = entry;
    if (options.early) setImmediate(options.early, entry.page);
    // Only results worth keeping: a failed read or a stopped worker may go differently next time.
    if (page.ok && key !== null) pending.push(remember(options, files[index]!, key, page, toParse[n]!.given === true));
  });
  await Promise.all(pending);
  // Updated in place (a rebuild's files are mostly last time's; a watch's only where it looked);
  // made anew when it holds a file no longer given.
  if (since === null) for (const [index, file] of files.entries()) memo.set(file, entries[index]!);
  else for (const index of toLook) memo.set(files[index]!, entries[index]!);
  for (const entry of entries) onPage(entry!.page);
  if (memo.size !== files.length) {
    memo.clear();
    for (const [index, file] of files.entries()) memo.set(file, entries[index]!);
  }
  memo.last = { files, params, mark, entries: entries as InputEntry[], looked: toLook };
  return { parsed: toParse.length, cached: files.length - toParse.length };
}

/**
 * Store a fresh parse. A worker that read the file itself may have read it changed since it was
 * hashed (its key would be wrong): then the parse is not kept.
 */
async function remember(options: InputOptions, file: string, key: string, page: ParsedPage, givenBytes: boolean): Promise<void> {
  if (!givenBytes) {
    const before = options.stamps.known(file);
    const now = await stat(file).catch(() => null);
    if (!before || !now || now.size !== before.size || now.mtimeMs !== before.mtimeMs) return;
  }
  await options.cache.writeText(PAGE_ENTRY, key, `${JSON.stringify(slim(page, key))}\n${page.markdown}`);
}

/** A parse cache entry's two parts (PAGE_ENTRY); null when there is none. */
async function entryParts(cache: CacheStore, key: string): Promise<{ page: string; body: string } | null> {
  const text = await cache.readText(PAGE_ENTRY, key);
  const end = text?.indexOf('\n') ?? -1;
  return end < 0 ? null : { page: text!.slice(0, end), body: text!.slice(end + 1) };
}

/** The slim page of a cache entry; null when there is none or it is damaged. */
async function readEntry(cache: CacheStore, key: string): Promise<ParsedPage | null> {
  const parts = await entryParts(cache, key);
  try {
    return parts && (JSON.parse(parts.page) as ParsedPage);
  } catch {
    return null;
  }
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
  const kept = await entryParts(cache, key);
  if (kept) return kept.body;
  const file = fileOf(key);
  if (file === undefined) throw new Error(`the parse cache lost the body of a page (${key}); delete ${cache.dir ?? 'the cache folder'} and build again`);
  // On a worker like every parse (its time budget can stop it); the main thread never loads the parser.
  let markdown = '';
  await parseAll([file], { crawledAt }, (page) => void (markdown = page.markdown));
  return markdown;
}
