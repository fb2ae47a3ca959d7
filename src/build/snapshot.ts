// The whole-build fast path. After each build a snapshot of everything the build read is kept in
// the cache folder: the scraped files, content/, the templates and dist/'s manifest (each as a
// stamp, see stamps.ts), the code's fingerprint, the settings, and what the build reported. A build
// that finds all of it unchanged has nothing to do: it repeats the report and stops. Light on
// purpose: checking must not load the parser or the renderer.

import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { codeFingerprint, ALL_SOURCES } from '../cache/fingerprint.ts';
import { hashParts } from '../cache/hash.ts';
import type { CacheStore } from '../cache/store.ts';
import { inOrderAhead } from '../content/ahead.ts';
// The constant alone: checking the snapshot must not load the renderer (render/search.ts).
import { SEARCH_DIR } from '../render/constants.ts';
import { FileStamps, type StampTable } from './stamps.ts';

/** Files stamped at once when the snapshot is taken. */
const STAMP_AHEAD = 16;

export interface ReportLine {
  kind: 'step' | 'problem' | 'note';
  args: string[];
}

export interface BuildSnapshot<Outcome> {
  code: string;
  /** The files the build read, by kind, in the order found (a file added or removed changes a list). */
  lists: Record<string, string[]>;
  stamps: StampTable;
  outcome: Outcome;
  lines: ReportLine[];
}

/** What to look at: the scraped files found under the inputs, and the folders given. */
export interface WatchedFiles {
  inputs: string[];
  content: string;
  templates: string[];
  out: string;
}

/** The cache key of one kind of build: the same settings and folders, the same snapshot. */
export function snapshotKey(settings: unknown): string {
  return hashParts(['build-snapshot', JSON.stringify(settings)]);
}

/** Every file a build reads, by kind. */
export async function watchedLists(files: WatchedFiles): Promise<Record<string, string[]>> {
  return {
    inputs: files.inputs,
    content: await filesIn(resolve(files.content), false),
    templates: (await Promise.all(files.templates.map((dir) => filesIn(resolve(dir), true)))).flat(),
    out: [join(resolve(files.out), '.folio-manifest'), join(resolve(files.out), SEARCH_DIR, '.folio-search')],
  };
}

export function loadSnapshot<Outcome>(cache: CacheStore, key: string): Promise<BuildSnapshot<Outcome> | null> {
  return cache.readJson<BuildSnapshot<Outcome>>('builds', key);
}

/** True when every file the snapshot lists is still the same, none was added or removed, and the code is the same. */
export async function isUnchanged(snapshot: BuildSnapshot<unknown>, files: WatchedFiles): Promise<boolean> {
  if (snapshot.code !== (await codeFingerprint(ALL_SOURCES))) return false;
  const lists = await watchedLists(files);
  for (const [kind, list] of Object.entries(lists)) {
    const before = snapshot.lists[kind];
    if (!before || before.length !== list.length || before.some((file, i) => file !== list[i])) return false;
  }
  const stamps = new FileStamps(structuredClone(snapshot.stamps));
  for (const file of Object.values(lists).flat()) {
    const before = snapshot.stamps[file]?.sha256 ?? null;
    const now = (await stamps.hash(file))?.sha256 ?? null;
    if (before !== now) return false;
  }
  return true;
}

/** Stamp every file the build read, as it is now, and keep the snapshot for the next build. */
export async function saveSnapshot<Outcome>(cache: CacheStore, key: string, files: WatchedFiles, stamps: FileStamps, outcome: Outcome, lines: ReportLine[]): Promise<void> {
  if (!cache.enabled) return;
  const lists = await watchedLists(files);
  // The build's own outputs: no watcher names them when they change, so they are looked at whatever the stamps trust.
  for (const file of lists.out!) stamps.forget(file);
  const table: StampTable = {};
  const read = Object.values(lists).flat();
  // Looked at a few at once (each a stat, or a read when the file is new), kept in order.
  const hashed = inOrderAhead(read.length, STAMP_AHEAD, () => false, (i) => stamps.hash(read[i]!));
  for (const [i, file] of read.entries()) {
    if (await hashed(i)) table[file] = stamps.known(file)!;
  }
  const snapshot: BuildSnapshot<Outcome> = { code: await codeFingerprint(ALL_SOURCES), lists, stamps: table, outcome, lines };
  await cache.writeJson('builds', key, snapshot);
}

/** Files under `dir` (hidden ones too: content/'s ledger matters), sorted. */
async function filesIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
