// Bringing content/ up to date with a fresh import without losing anyone's work. The ledger
// (content/.folio-import.json) keeps a hash of the bytes import last wrote to each record: a record
// whose bytes no longer match was edited by hand and is never overwritten or removed without --force.
// Before each record is replaced, the hash of its new bytes is appended to a journal
// (content/.folio-import.journal), so an import killed before it rewrote the ledger does not take
// its own writes for hand edits next time.

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ArticleRecord } from '../model/index.ts';
import { memoizedUpTo, sameItems, walkLists } from '../cache/memo.ts';
import { inOrderAhead } from './ahead.ts';
import { removeStaleTemporaries, serializeRecord, writeFileAtomic } from './store.ts';

export const LEDGER_FILE = '.folio-import.json';
/** Hashes of records written since the ledger was last saved; gone after every complete import. */
export const JOURNAL_FILE = '.folio-import.journal';

export interface LedgerEntry {
  /** sha256 of the record's bytes as import wrote them. */
  sha256: string;
  /** Identities (normalized URLs, or text keys) of the pages the record was made from. */
  pages: string[];
}

export type Ledger = Record<string, LedgerEntry>;

export interface SyncOptions {
  /** Overwrite (and with prune, remove) records even when they were edited by hand. */
  force?: boolean;
  /** Remove records whose pages are no longer among the imported ones. */
  prune?: boolean;
  dryRun?: boolean;
  /** The body to write for a record whose body is held elsewhere (the parse cache); default: as it is. */
  resolveBody?: (record: ArticleRecord) => Promise<string>;
  /** What the previous sync in this process wrote or found (folio watch): unchanged records are not serialized and read again. */
  memo?: SyncMemo;
  /**
   * Leave the ledger to the summary's `finish` (folio watch: the site is rendered first). Until
   * it has run, the journal vouches for the records written, as after an import killed there.
   */
  deferLedger?: boolean;
}

/**
 * For each record file, the record (as JSON, its body still a reference) and pages the last sync
 * had for it and the hash of the bytes that file then held. A record that is the same again,
 * in a file whose hash (`fileHash`, from the build's file stamps) is still that one, is unchanged.
 */
export interface SyncMemo {
  files: Map<string, SyncedFile>;
  fileHash: (file: string) => Promise<string | null>;
  /** A file's hash when a watcher vouches that it is unchanged (no await), else undefined. */
  trustedHash?: (file: string) => string | undefined;
  /** The ledger as this process last read or wrote it, with the hash of its file then. */
  ledger?: { sha256: string; entries: Ledger; text: string };
  /** Temporaries of killed imports were removed from these folders (they are left only by processes gone before this one started). */
  swept?: Set<string>;
  /**
   * What the last sync was given (the caller's array, not changed since) and wrote to the ledger,
   * when every ledger entry was one of its records (see changedSince); with the stamps' mark taken
   * before it looked at any file, and the positions of the records whose files it looked at.
   */
  last?: {
    dir: string; imported: ImportedRecord[]; paths: { name: string; file: string }[]; mark?: unknown; looked: number[];
    /** The ledger it left (null until a deferred ledger is written: the next sync then decides every record). */
    next: Ledger | null;
    /** Each file name's position in `paths`. */
    index?: Map<string, number>;
  };
  /** The build's file stamps' history: a sync then looks again only at the files changed since the last one (see changedSince). */
  stamps?: { mark(): unknown; changedSince(mark: unknown): ReadonlySet<string> | null };
  /** The slugs re-imports keep, and what they were made from (see wantedSlugs). */
  slugs?: SlugMemo;
  /** Each record's file name and path (see recordPath). */
  paths?: WeakMap<ArticleRecord, { dir: string; name: string; file: string }>;
  /**
   * What an earlier process's syncs wrote or found (recordTexts), for the first sync of this one:
   * the hash of the bytes a record's key (see recordKey) serializes to, by that key.
   */
  texts?: ReadonlyMap<string, string>;
}

interface SyncedFile {
  /** recordKey of the record and pages. */
  key: string;
  sha256: string;
  /** The record and pages object the key was made from: the same objects again need no key (the normalizer keeps them). */
  record?: ArticleRecord;
  pages?: string[];
}

export interface Conflict {
  file: string;
  problem: string;
}

export interface SyncSummary {
  written: string[];
  unchanged: string[];
  /** Records left as they are because they were edited by hand (or not written by import). */
  conflicts: Conflict[];
  /** Records removed: merged into another record, or (with prune) their pages are gone. */
  removed: string[];
  /** Records whose pages were not in this import, kept because prune was not asked for. */
  kept: string[];
  /** With `deferLedger`: writes the ledger and removes the journal; the next sync must not start before it has. */
  finish?: () => Promise<void>;
}

export interface ImportedRecord {
  record: ArticleRecord;
  /** Identities of the pages this record was made from. */
  pages: string[];
}

export async function syncRecords(dir: string, imported: ImportedRecord[], options: SyncOptions = {}): Promise<SyncSummary> {
  const memo = options.memo;
  if (!options.dryRun && !memo?.swept?.has(dir)) {
    await removeStaleTemporaries(dir);
    memo?.swept?.add(dir);
  }
  const ledger = await readLedgerThrough(dir, memo);
  // Read only when a record's bytes are not the ledger's (the answers are the same before and after this sync's own lines).
  let journal: Promise<Map<string, Set<string>>> | null = null;
  const journaled = async (name: string) => (await (journal ??= readJournal(dir))).get(name);
  // The ledger to write: the one read with the entries that differ (most rebuilds change one or
  // none), made when it is written (a copy of thousands of entries, after the site with deferLedger).
  const changes = new Map<string, LedgerEntry | undefined>();
  const entryOf = (name: string) => (changes.has(name) ? changes.get(name) : ledger[name]);
  const has = (name: string) => (changes.has(name) ? changes.get(name) !== undefined : name in ledger);
  const setEntry = (name: string, entry: LedgerEntry | undefined): void => {
    if (entryOf(name) === entry && (entry !== undefined || !has(name))) return;
    changes.set(name, entry);
  };
  let made: Ledger | null = null;
  const nextLedger = (): Ledger => {
    if (changes.size === 0) return ledger;
    if (made) return made;
    made = { ...ledger };
    for (const [name, entry] of changes) {
      if (entry === undefined) delete made[name];
      else made[name] = entry;
    }
    return made;
  };
  let journalFile: FileHandle | null = null;
  const summary: SyncSummary = { written: [], unchanged: [], conflicts: [], removed: [], kept: [] };

  // join(dir, name) for a plain file name, without normalizing the folder's path 8000 times.
  const prefix = join(dir, 'x').slice(0, -1);
  // The same records as the last sync, in the same files, save a few: only those few are decided (see changedSince).
  const mark = memo?.stamps?.mark();
  const quick = memo && !options.dryRun ? changedSince(memo, dir, prefix, imported, ledger) : null;
  const remembered = quick ? memo!.files : new Map<string, SyncedFile>();
  const paths = quick?.paths ?? imported.map(({ record }) => recordPath(dir, prefix, record, memo));
  const decided = quick?.changed ?? imported.map((_, i) => i);
  // The same record object, in a file a watcher vouches for: unchanged, without a key or an await.
  const vouched = decided.map((i) => {
    const { record, pages } = imported[i]!;
    const { name, file } = paths[i]!;
    const known = memo?.files.get(name);
    return known && known.record === record && known.pages === pages && memo!.trustedHash?.(file) === known.sha256 ? known : undefined;
  });
  // The others are read and serialized a few ahead of the one being decided, and written a few at
  // once: one after the other, their file operations left the CPU idle most of the time.
  const prepared = inOrderAhead(decided.length, AHEAD, (k) => vouched[k] !== undefined, (k) => prepare({ ...imported[decided[k]!]!, ...paths[decided[k]!]! }, options));
  const writes = new Writes(AHEAD);
  /** The record's file already holds what import would write. */
  const keepUnchanged = (name: string, pages: string[], synced: SyncedFile): void => {
    setEntry(name, sameEntry(ledger[name], synced.sha256, pages));
    remembered.set(name, synced);
  };
  /** Files of the decided records that are not unchanged. */
  const notUnchanged = new Set<string>();
  try {
    for (const [k, i] of decided.entries()) {
      const { record, pages } = imported[i]!;
      const { name, file } = paths[i]!;
      if (quick) remembered.delete(name);
      const known = vouched[k];
      if (known) {
        keepUnchanged(name, pages, known);
        continue;
      }
      const ready = await prepared(k);
      if ('unchanged' in ready) {
        keepUnchanged(name, pages, ready.unchanged);
        continue;
      }
      const { key, text, hash, current } = ready;
      if (current === text) {
        keepUnchanged(name, pages, { key, sha256: hash, record, pages });
        continue;
      }
      notUnchanged.add(file);
      if (current !== null && !options.force && !writtenByImport(ledger[name], current, await journaled(name))) {
        summary.conflicts.push({ file, problem: ledger[name] ? 'edited since the last import' : 'not written by folio import' });
        continue;
      }
      if (!options.dryRun) {
        if (journalFile === null) {
          await mkdir(dir, { recursive: true });
          journalFile = await open(join(dir, JOURNAL_FILE), 'a');
        }
        // Journaled before the record is replaced, so a killed import knows the bytes for its own.
        await journalFile.write(`${name} ${hash}\n`);
        await writes.start(() => writeFileAtomic(file, text));
        remembered.set(name, { key, sha256: hash, record, pages });
      }
      summary.written.push(file);
      setEntry(name, { sha256: hash, pages });
    }
  } finally {
    // Every record the loop started writing is written (or failed) before sync returns or throws.
    await writes.settle();
  }
  await journalFile?.close();
  for (const { file } of paths) if (!notUnchanged.has(file)) summary.unchanged.push(file);

  // Ledger entries of records this import did not produce: merged, gone, or kept. A quick sync knows them (changedSince).
  const produced = quick ? null : new Set(paths.map(({ name }) => name));
  const leftOver = produced ? Object.entries(ledger).filter(([name]) => !produced.has(name)) : quick!.gone.flatMap((name) => (ledger[name] ? [[name, ledger[name]] as const] : []));
  // A page is in one record at a time, so a quick sync finds a left-over record's pages among the
  // records it decided: the others have the pages they had when it was theirs.
  const importedPages = new Set(leftOver.length ? (quick ? decided.map((i) => imported[i]!) : imported).flatMap(({ pages }) => pages) : []);
  for (const [name, entry] of leftOver) {
    const file = join(dir, name);
    const current = await readFile(file, 'utf8').catch(() => null);
    if (current === null) {
      setEntry(name, undefined);
      continue;
    }
    // Every page of the record is now part of another record: it was merged, not lost.
    const merged = entry.pages.length > 0 && entry.pages.every((page) => importedPages.has(page));
    if (!merged && !options.prune) {
      summary.kept.push(file);
      continue;
    }
    if (!options.force && !writtenByImport(entry, current, await journaled(name))) {
      summary.conflicts.push({ file, problem: merged ? 'merged into another record, but edited since the last import' : 'its pages are gone, but it was edited since the last import' });
      continue;
    }
    if (!options.dryRun) await unlink(file);
    summary.removed.push(file);
    setEntry(name, undefined);
  }

  let synced: SyncMemo['last'];
  if (memo) {
    // What the last sync found of the records no longer given goes, as a sync that decides every record leaves it.
    for (const name of quick?.gone ?? []) remembered.delete(name);
    memo.files = remembered;
    memo.texts = undefined;
    // The next sync may decide only what changed when this one left no entry of an unproduced record behind.
    const whole = !options.dryRun && leftOver.every(([name]) => !has(name));
    const looked = decided.filter((_, k) => vouched[k] === undefined);
    // The same paths as the last sync's (no record came or went): their index by name holds.
    const index = memo.last?.paths === paths ? memo.last.index : undefined;
    synced = whole ? { dir, imported, paths, next: changes.size ? null : ledger, mark, looked, index } : undefined;
    memo.last = synced;
  }
  if (!options.dryRun) {
    const finish = async () => {
      const next = nextLedger();
      if (synced) synced.next = next;
      await writeLedger(dir, next, memo);
      await rm(join(dir, JOURNAL_FILE), { force: true });
    };
    if (options.deferLedger) summary.finish = finish;
    else await finish();
  }
  return summary;
}

/**
 * A record's file name and path in `dir`, kept per record object in the memo: the same strings
 * again are looked up in maps without being hashed again.
 */
function recordPath(dir: string, prefix: string, record: ArticleRecord, memo: SyncMemo | undefined): { name: string; file: string } {
  const known = memo?.paths?.get(record);
  if (known?.dir === dir) return known;
  const name = `${record.slug}.md`;
  const path = { dir, name, file: /^\.|[\\/]/.test(name) ? join(dir, name) : prefix + name };
  if (memo) (memo.paths ??= new WeakMap()).set(record, path);
  return path;
}

/**
 * When this sync is given the records of the last one, save a few changed, added or removed, and
 * the ledger is the one it left: the positions of those few, which alone are to be decided, each
 * record's path, and the file names of the records no longer given (their ledger entries are left
 * over); the others are unchanged, as their files are (a vouched file is checked for each). Null
 * when the sync must decide every record.
 */
function changedSince(memo: SyncMemo, dir: string, prefix: string, imported: ImportedRecord[], ledger: Ledger): { changed: number[]; paths: { name: string; file: string }[]; gone: string[] } | null {
  const last = memo.last;
  if (!last || last.dir !== dir || last.next !== ledger) return null;
  // The files the last sync found vouched for still are, save those whose stamps changed since or
  // that the watcher names now: only those (and the ones it looked at) are asked about.
  const since = last.mark && memo.stamps ? memo.stamps.changedSince(last.mark) : null;
  const index = (last.index ??= new Map(last.paths.map((path, i) => [path.name, i])));
  let ask: Set<number> | null = null;
  if (since !== null) {
    ask = new Set(last.looked);
    const root = resolve(dir);
    for (const file of since) {
      const at = index.get(relative(root, resolve(file)));
      if (at !== undefined) ask.add(at);
    }
  }
  /** Whether the record at `i` is the last sync's at `j`, with its file as that sync left it. */
  const unchanged = (i: number, j: number) => {
    const { record, pages } = imported[i]!;
    const before = last.imported[j]!;
    if (before.record !== record || before.pages !== pages) return false;
    if (ask !== null && !ask.has(j)) return true;
    // A record this process did not find in its file (a conflict) has no hash to compare.
    const sha256 = memo.files.get(last.paths[j]!.name)?.sha256;
    return sha256 !== undefined && memo.trustedHash?.(last.paths[j]!.file) === sha256;
  };
  const changed: number[] = [];
  if (last.imported.length === imported.length) {
    let moved = false;
    for (let i = 0; i < imported.length && !moved; i++) {
      if (unchanged(i, i)) continue;
      if (`${imported[i]!.record.slug}.md` !== last.paths[i]!.name) moved = true;
      else changed.push(i);
    }
    if (!moved) return { changed, paths: last.paths, gone: [] };
    changed.length = 0;
  }
  // Records came or went: each is matched with the last sync's by its file name.
  const paths = imported.map(({ record }) => recordPath(dir, prefix, record, memo));
  const matched = new Uint8Array(last.paths.length);
  for (let i = 0; i < imported.length; i++) {
    const j = index.get(paths[i]!.name);
    if (j !== undefined) matched[j] = 1;
    if (j === undefined || !unchanged(i, j)) changed.push(i);
  }
  const gone = last.paths.flatMap((path, j) => (matched[j] ? [] : [path.name]));
  return { changed, paths, gone };
}

/**
 * What a record file's bytes are made from: the record (its body a reference into the parse cache,
 * whose key holds the page's bytes and the parser's fingerprint) and its pages, hashed. The same
 * key serializes to the same bytes while folio's code is the same.
 */
function recordKey(record: ArticleRecord, pages: readonly string[]): string {
  return createHash('sha1').update(JSON.stringify([record, pages])).digest('base64');
}

/** What the last sync found each record key serializes to (key -> hash of the bytes), for SyncMemo.texts in a later process. */
export function recordTexts(memo: SyncMemo): [string, string][] {
  return [...memo.files.values()].map(({ key, sha256 }) => [key, sha256]);
}

/** Records read and serialized ahead of the one being decided, and records written at once. */
const AHEAD = 8;

type Prepared = { unchanged: SyncedFile } | { key: string; text: string; hash: string; current: string | null };

/** A record's new bytes and its file's current ones; or, when the memo shows the file already holds them, that. */
async function prepare(item: ImportedRecord & { file: string; name: string }, options: SyncOptions): Promise<Prepared> {
  const { record, pages, name, file } = item;
  const memo = options.memo;
  const known = memo?.files.get(name);
  const key = memo ? recordKey(record, pages) : '';
  // What this record and pages serialize to, as the last sync here or an earlier process found.
  const expected = known?.key === key ? known.sha256 : memo?.texts?.get(key);
  if (expected !== undefined && (await memo!.fileHash(file)) === expected) return { unchanged: { key, sha256: expected, record, pages } };
  const body = options.resolveBody ? await options.resolveBody(record) : record.body;
  const text = serializeRecord({ ...record, body });
  return { key, text, hash: sha(text), current: await readFile(file, 'utf8').catch(() => null) };
}

/** At most `limit` writes under way; `settle` waits for them all and throws the first failure. */
class Writes {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async start(write: () => Promise<void>): Promise<void> {
    if (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const job: Promise<void> = write()
      .catch((error: unknown) => void (this.failure ??= { error }))
      .finally(() => this.running.delete(job));
    this.running.add(job);
  }

  async settle(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure.error;
  }
}

/** The slugs re-imports keep (see wantedSlugs). */
export interface WantedSlugs {
  slugs: ReadonlyMap<string, string>;
  /**
   * The keys whose slug changed since `slugs` was made, added to as a later call (with the memo)
   * changes the same map in place: a reader that noted how many it saw looks only at those after.
   */
  changes: readonly string[];
}

/**
 * The slugs re-imports keep: the identity of each page import made a record from (the ledger's) ->
 * that record's slug, then each address a record in content/ holds (`urls`) -> its slug where the
 * ledger names none. With `memo` (a watch's rebuilds), the last call's map is changed in place for
 * the ledger entries and records that came, went or changed, found by walking them beside the
 * last call's: while every entry and record naming a key gives it the same slug, the key's slug is
 * that one whatever the order. A key named with two slugs (a record renamed by hand, say), too many
 * changes or a long change log make the map anew.
 */
export function wantedSlugs(
  ledger: Ledger, records: readonly ArticleRecord[], urls: (record: ArticleRecord) => readonly string[], memo?: SyncMemo,
): WantedSlugs {
  const names = Object.keys(ledger);
  const last = memo?.slugs;
  if (last && last.changes.length < SLUG_CHANGES_KEPT && changeSlugs(last, names, ledger, records, urls)) return last;
  const made: SlugMemo = {
    names, pages: names.map((name) => ledger[name]!.pages), records, urls: records.map(urls),
    slugs: new Map(), count: new Map(), mixed: new Set(), changes: [],
  };
  // Later ledger entries win, then the first record holding an address.
  names.forEach((name, i) => nameKeys(made, made.pages[i]!, slugOfFile(name), true));
  records.forEach((record, i) => nameKeys(made, made.urls[i]!, record.slug, false));
  if (memo) memo.slugs = made;
  return made;
}

/** Counts `keys` as named `slug` by a ledger entry (which overrides) or a record (which does not); a key named with two slugs is mixed. */
function nameKeys(memo: SlugMemo, keys: readonly string[], slug: string, overrides: boolean): void {
  for (const key of keys) {
    const before = memo.slugs.get(key);
    if (before !== undefined && before !== slug) memo.mixed.add(key);
    if (before === undefined || overrides) memo.slugs.set(key, slug);
    memo.count.set(key, (memo.count.get(key) ?? 0) + 1);
  }
}

/**
 * The last call's map changed in place for the ledger entries and records that differ (each key
 * whose slug changed logged); false when that cannot be done (the map is then made anew, and this
 * one is left to whoever still reads it).
 */
function changeSlugs(last: SlugMemo, names: string[], ledger: Ledger, records: readonly ArticleRecord[], urls: (record: ArticleRecord) => readonly string[]): boolean {
  const named = walkLists(names, last.names, (name) => name, SLUG_CHANGES_WALKED);
  const kept = named && walkLists(records, last.records, (record) => record.slug, SLUG_CHANGES_WALKED);
  if (!named || !kept) return false;
  const pages: (readonly string[])[] = names.map((name) => ledger[name]!.pages);
  const held: (readonly string[])[] = new Array(records.length);
  // The keys that entries and records no longer name, and those they now name, with the slug.
  const out: [readonly string[], string][] = [];
  const into: [readonly string[], string][] = [];
  for (const { item: name, at } of named.removed) out.push([last.pages[at]!, slugOfFile(name)]);
  for (const { item: name, at } of named.added) into.push([pages[at]!, slugOfFile(name)]);
  named.moved.forEach((at, j) => {
    if (at < 0) return;
    const before = last.pages[j]!;
    if (pages[at] === before) return;
    if (sameItems(pages[at]!, before)) pages[at] = before;
    else {
      const slug = slugOfFile(names[at]!);
      out.push([before, slug]);
      into.push([pages[at]!, slug]);
    }
  });
  for (const { item, at } of kept.removed) out.push([last.urls[at]!, item.slug]);
  kept.moved.forEach((at, j) => void (at >= 0 && (held[at] = last.urls[j]!)));
  for (const { item, at } of kept.added) {
    held[at] = urls(item);
    into.push([held[at]!, item.slug]);
  }
  // A key named with two slugs takes the ledger's or the first record's: the map is made anew.
  const before = new Map<string, string | undefined>();
  for (const [keys] of [...out, ...into]) {
    for (const key of keys) {
      if (last.mixed.has(key)) return false;
      if (!before.has(key)) before.set(key, last.slugs.get(key));
    }
  }
  const { slugs, count } = last;
  for (const [keys] of out) {
    for (const key of keys) {
      const left = count.get(key)! - 1;
      if (left > 0) count.set(key, left);
      else {
        count.delete(key);
        slugs.delete(key);
      }
    }
  }
  for (const [keys, slug] of into) {
    for (const key of keys) {
      const was = slugs.get(key);
      if (was !== undefined && was !== slug) return false;
      slugs.set(key, slug);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  for (const [key, was] of before) if (slugs.get(key) !== was) last.changes.push(key);
  Object.assign(last, { names, pages, records, urls: held });
  return true;
}

/** What wantedSlugs made last, and from what: the ledger's names and pages in order, the records and their addresses. */
interface SlugMemo extends WantedSlugs {
  names: string[];
  pages: (readonly string[])[];
  records: readonly ArticleRecord[];
  urls: (readonly string[])[];
  slugs: Map<string, string>;
  /** How many times entries and records name each key (all with its slug, unless the key is mixed). */
  count: Map<string, number>;
  /** Keys named with more than one slug. */
  mixed: Set<string>;
  changes: string[];
}

/** Entries and records that differ from the last call's, past which the map is made anew. */
const SLUG_CHANGES_WALKED = 256;
/** The longest change log kept (readers that saw less make their slugs anew). */
const SLUG_CHANGES_KEPT = 50_000;

/** More record files than an archive of 100k pages has. */
const FILE_SLUGS_KEPT = 200_000;

/** A record file's slug (its name without `.md`), kept for the process: a rebuild asks again for every file. */
const slugOfFile = memoizedUpTo((name: string) => name.replace(/\.md$/, ''), FILE_SLUGS_KEPT);

/** Slugs already used in content/, whoever wrote them: new records must not take them. Kept per list of files (a watch rebuild's list is last time's while no record is added or removed). */
export function existingSlugs(recordFiles: readonly string[]): ReadonlySet<string> {
  let slugs = existingOf.get(recordFiles);
  if (slugs === undefined) existingOf.set(recordFiles, (slugs = new Set(recordFiles.map((name) => name.slice(0, -'.md'.length)))));
  return slugs;
}

const existingOf = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The record holds bytes import wrote: the ledger's, or ones an interrupted import journaled. */
function writtenByImport(entry: LedgerEntry | undefined, current: string, journaled: Set<string> | undefined): boolean {
  if (entry === undefined && journaled === undefined) return false;
  const hash = sha(current);
  return entry?.sha256 === hash || journaled?.has(hash) === true;
}

/** Record file -> hashes an interrupted import wrote to it (an incomplete last line is ignored). */
async function readJournal(dir: string): Promise<Map<string, Set<string>>> {
  const journal = new Map<string, Set<string>>();
  const text = await readFile(join(dir, JOURNAL_FILE), 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const match = /^(\S+\.md) ([0-9a-f]{64})$/.exec(line);
    if (!match) continue;
    const hashes = journal.get(match[1]!) ?? new Set<string>();
    hashes.add(match[2]!);
    journal.set(match[1]!, hashes);
  }
  return journal;
}

/** The ledger, from memory when its file still has the hash this process last read or wrote. */
export async function readLedgerThrough(dir: string, memo?: SyncMemo): Promise<Ledger> {
  if (!memo) return readLedger(dir);
  const file = join(dir, LEDGER_FILE);
  const sha256 = memo.trustedHash?.(file) ?? (await memo.fileHash(file));
  if (memo.ledger && sha256 === memo.ledger.sha256) return memo.ledger.entries;
  const text = await readFile(file, 'utf8').catch(() => null);
  const entries = parseLedger(text);
  memo.ledger = text === null || sha256 === null ? undefined : { sha256, entries, text };
  return entries;
}

/** A ledger entry as it was when nothing in it changed: unchanged ledgers are then found without serializing them. */
function sameEntry(entry: LedgerEntry | undefined, sha256: string, pages: string[]): LedgerEntry {
  return entry && entry.sha256 === sha256 && entry.pages.length === pages.length && entry.pages.every((page, i) => page === pages[i]) ? entry : { sha256, pages };
}

async function readLedger(dir: string): Promise<Ledger> {
  return parseLedger(await readFile(join(dir, LEDGER_FILE), 'utf8').catch(() => null));
}

function parseLedger(text: string | null): Ledger {
  if (text === null) return {};
  try {
    const data = JSON.parse(text) as { records?: Ledger };
    return data.records ?? {};
  } catch {
    // A damaged ledger only means every differing record is treated as edited: nothing is lost.
    return {};
  }
}

async function writeLedger(dir: string, ledger: Ledger, memo?: SyncMemo): Promise<void> {
  const file = join(dir, LEDGER_FILE);
  const kept = memo?.ledger;
  // Every entry the same object as in the ledger read or written last: its file is still that text.
  if (kept && (kept.entries === ledger || sameLedger(kept.entries, ledger)) && memo!.trustedHash?.(file) === kept.sha256) return;
  const names = Object.keys(ledger).sort();
  const text = serializeLedger(ledger, names);
  const current = kept && memo!.trustedHash?.(file) === kept.sha256 ? kept.text : await readFile(file, 'utf8').catch(() => null);
  if (current !== text && (current !== null || names.length)) await writeFileAtomic(file, text);
  if (memo) memo.ledger = current === null && !names.length ? undefined : { sha256: sha(text), entries: ledger, text };
}

const LEDGER_NOTE = 'Written by folio import: what it last wrote to each record, to tell hand edits apart. Keep it with content/.';

/**
 * The ledger as `JSON.stringify({ note, records }, null, 2)` writes it, names sorted, from one
 * piece of text per entry kept with the entry object: a rebuild that changed one record serializes one entry.
 */
export function serializeLedger(ledger: Ledger, names: readonly string[]): string {
  if (!names.length) return `${JSON.stringify({ note: LEDGER_NOTE, records: {} }, null, 2)}\n`;
  const lines = names.map((name) => {
    const entry = ledger[name]!;
    let piece = ledgerLines.get(entry);
    if (piece?.name !== name) {
      piece = { name, text: `    ${JSON.stringify(name)}: ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}` };
      ledgerLines.set(entry, piece);
    }
    return piece.text;
  });
  return `{\n  "note": ${JSON.stringify(LEDGER_NOTE)},\n  "records": {\n${lines.join(',\n')}\n  }\n}\n`;
}

const ledgerLines = new WeakMap<LedgerEntry, { name: string; text: string }>();

function sameLedger(a: Ledger, b: Ledger): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => a[name] === b[name]);
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
