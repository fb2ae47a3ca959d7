// Bringing content/ up to date with a fresh import without losing anyone's work. The ledger
// (content/.folio-import.json) keeps a hash of the bytes import last wrote to each record: a record
// whose bytes no longer match was edited by hand and is never overwritten or removed without --force.
// Before each record is replaced, the hash of its new bytes is appended to a journal
// (content/.folio-import.journal), so an import killed before it rewrote the ledger does not take
// its own writes for hand edits next time.

import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArticleRecord } from '../model/index.ts';
import { listRecordFiles, removeStaleTemporaries, serializeRecord, writeFileAtomic } from './store.ts';

export const LEDGER_FILE = '.folio-import.json';
/** Hashes of records written since the ledger was last saved; gone after every complete import. */
export const JOURNAL_FILE = '.folio-import.journal';

interface LedgerEntry {
  /** sha256 of the record's bytes as import wrote them. */
  sha256: string;
  /** Identities (normalized URLs, or text keys) of the pages the record was made from. */
  pages: string[];
}

type Ledger = Record<string, LedgerEntry>;

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
}

/**
 * For each record file, the record (as JSON, its body still a reference) and pages the last sync
 * had for it and the hash of the bytes that file then held. A record that is the same again,
 * in a file whose hash (`fileHash`, from the build's file stamps) is still that one, is unchanged.
 */
export interface SyncMemo {
  files: Map<string, { key: string; sha256: string }>;
  fileHash: (file: string) => Promise<string | null>;
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
}

export interface ImportedRecord {
  record: ArticleRecord;
  /** Identities of the pages this record was made from. */
  pages: string[];
}

export async function syncRecords(dir: string, imported: ImportedRecord[], options: SyncOptions = {}): Promise<SyncSummary> {
  if (!options.dryRun) await removeStaleTemporaries(dir);
  const ledger = await readLedger(dir);
  const journal = await readJournal(dir);
  const next: Ledger = { ...ledger };
  let journalFile: FileHandle | null = null;
  const summary: SyncSummary = { written: [], unchanged: [], conflicts: [], removed: [], kept: [] };
  const produced = new Set<string>();
  const importedPages = new Set<string>();

  const memo = options.memo;
  const remembered = new Map<string, { key: string; sha256: string }>();
  for (const { record, pages } of imported) {
    const name = `${record.slug}.md`;
    const file = join(dir, name);
    produced.add(name);
    pages.forEach((page) => importedPages.add(page));
    const key = memo ? JSON.stringify([record, pages]) : '';
    const known = memo?.files.get(name);
    if (known && known.key === key && (await memo!.fileHash(file)) === known.sha256) {
      summary.unchanged.push(file);
      next[name] = { sha256: known.sha256, pages };
      remembered.set(name, known);
      continue;
    }
    const body = options.resolveBody ? await options.resolveBody(record) : record.body;
    const text = serializeRecord({ ...record, body });
    const hash = sha256(text);
    const current = await readFile(file, 'utf8').catch(() => null);
    if (current === text) {
      summary.unchanged.push(file);
      next[name] = { sha256: hash, pages };
      remembered.set(name, { key, sha256: hash });
      continue;
    }
    if (current !== null && !options.force && !writtenByImport(ledger[name], current, journal.get(name))) {
      summary.conflicts.push({ file, problem: ledger[name] ? 'edited since the last import' : 'not written by folio import' });
      continue;
    }
    if (!options.dryRun) {
      if (journalFile === null) {
        await mkdir(dir, { recursive: true });
        journalFile = await open(join(dir, JOURNAL_FILE), 'a');
      }
      await journalFile.write(`${name} ${hash}\n`);
      await writeFileAtomic(file, text);
      remembered.set(name, { key, sha256: hash });
    }
    summary.written.push(file);
    next[name] = { sha256: hash, pages };
  }
  await journalFile?.close();

  for (const [name, entry] of Object.entries(ledger)) {
    if (produced.has(name)) continue;
    const file = join(dir, name);
    const current = await readFile(file, 'utf8').catch(() => null);
    if (current === null) {
      delete next[name];
      continue;
    }
    // Every page of the record is now part of another record: it was merged, not lost.
    const merged = entry.pages.length > 0 && entry.pages.every((page) => importedPages.has(page));
    if (!merged && !options.prune) {
      summary.kept.push(file);
      continue;
    }
    if (!options.force && !writtenByImport(entry, current, journal.get(name))) {
      summary.conflicts.push({ file, problem: merged ? 'merged into another record, but edited since the last import' : 'its pages are gone, but it was edited since the last import' });
      continue;
    }
    if (!options.dryRun) await unlink(file);
    summary.removed.push(file);
    delete next[name];
  }

  if (!options.dryRun) {
    await writeLedger(dir, next);
    await rm(join(dir, JOURNAL_FILE), { force: true });
  }
  if (memo) {
    memo.files.clear();
    for (const [name, entry] of remembered) memo.files.set(name, entry);
  }
  return summary;
}

/** Identity of each page import made a record from -> that record's slug, so re-imports keep slugs. */
export async function importedSlugs(dir: string): Promise<Map<string, string>> {
  const slugs = new Map<string, string>();
  for (const [name, entry] of Object.entries(await readLedger(dir))) {
    for (const page of entry.pages) slugs.set(page, name.replace(/\.md$/, ''));
  }
  return slugs;
}

/** Slugs already used in content/, whoever wrote them: new records must not take them. */
export async function existingSlugs(dir: string): Promise<Set<string>> {
  return new Set((await listRecordFiles(dir)).map((name) => name.replace(/\.md$/, '')));
}

/** The record holds bytes import wrote: the ledger's, or ones an interrupted import journaled. */
function writtenByImport(entry: LedgerEntry | undefined, current: string, journaled: Set<string> | undefined): boolean {
  if (entry === undefined && journaled === undefined) return false;
  const hash = sha256(current);
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

async function readLedger(dir: string): Promise<Ledger> {
  const text = await readFile(join(dir, LEDGER_FILE), 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    const data = JSON.parse(text) as { records?: Ledger };
    return data.records ?? {};
  } catch {
    // A damaged ledger only means every differing record is treated as edited: nothing is lost.
    return {};
  }
}

async function writeLedger(dir: string, ledger: Ledger): Promise<void> {
  const sorted: Ledger = {};
  for (const name of Object.keys(ledger).sort()) sorted[name] = ledger[name]!;
  const text = `${JSON.stringify({ note: 'Written by folio import: what it last wrote to each record, to tell hand edits apart. Keep it with content/.', records: sorted }, null, 2)}\n`;
  const file = join(dir, LEDGER_FILE);
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current !== text && (current !== null || Object.keys(sorted).length)) await writeFileAtomic(file, text);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
