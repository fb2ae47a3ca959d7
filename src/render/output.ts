// Writing dist/: pages, the assets folder, and a manifest of what this build wrote (with each
// page's fingerprint), so the next build removes pages that no longer exist without touching files
// folio never made, and skips pages whose fingerprint has not changed. The folder may be a staging
// copy whose files are hard links to the live site's: a file is therefore never written in place,
// always replaced by a new one (unlink, then write), so the live copy is never touched.

import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sortedIndex } from '../cache/memo.ts';
import { afterThisTask } from '../content/ahead.ts';
import { MANIFEST_FILE } from './constants.ts';

export interface OutputOptions {
  /** Trust the previous manifest's fingerprints (off: every page is written again). */
  reuse?: boolean;
  /** Take a page the manifest lists as present without checking (the caller knows nobody touched the folder). */
  trustFiles?: boolean;
  /**
   * Write each file to a temporary one and rename it into place, so a reader of a live folder
   * never sees half a file (off: the folder is a private staging copy).
   */
  live?: boolean;
  /**
   * With `live` and `trustFiles`: finish returns once the pages are in place (folio watch), the
   * manifest's write started, or, when only some fingerprints changed, its text made and written
   * once the caller's task has run; `manifestWritten` says when it is done, and a writer in this
   * process waits for it. Until then the manifest on disk is the previous one, as after a kill in
   * between, which the next build repairs.
   */
  deferManifest?: boolean;
}

/** Where a live writer keeps its temporary files, inside the output folder (one rename from their place). */
const TEMP_DIR_PREFIX = '.folio-tmp-';

export class OutputWriter {
  /** File -> fingerprint ("" when the file has none) of what this build wrote or kept. */
  private readonly written = new Map<string, string>();
  private previous: ReadonlyMap<string, string> | null = null;
  /** The previous manifest's text, as read (null: not read). */
  private previousText: string | null = null;
  /** Files this build actually wrote (not kept from the previous build). */
  changed = 0;
  /** Files of this build that the previous manifest lists: all of them when it is this many. */
  private listedBefore = 0;
  /** Files of this build whose manifest line is not the previous one (new, or another fingerprint). */
  private readonly relisted: string[] = [];
  private temporaries = 0;
  /**
   * Folders this writer has made or found (mkdir per write was a tenth of a cold render), each
   * with whether this build created it: a file in a folder made by this build cannot exist yet.
   */
  private readonly folders = new Map<string, boolean>();

  constructor(readonly outDir: string, private readonly options: OutputOptions = {}) {}

  /**
   * True when the previous build wrote `file` with this fingerprint and it is still there: the
   * file is kept as it is and counts as written by this build.
   */
  async isCurrent(file: string, fingerprint: string): Promise<boolean> {
    if (!this.options.reuse || !fingerprint) return false;
    const previous = await this.previousFiles();
    if (previous.get(file) !== fingerprint) return false;
    if (!this.options.trustFiles) {
      const info = await stat(join(this.outDir, file)).catch(() => null);
      if (!info?.isFile()) return false;
    }
    this.record(file, fingerprint);
    return true;
  }

  /**
   * isCurrent without waiting, once `loadPrevious` has been awaited: true or false when that needs
   * no look at the folder, undefined when it does (then ask isCurrent).
   */
  isCurrentKnown(file: string, fingerprint: string): boolean | undefined {
    if (!this.options.reuse || !fingerprint || this.previous?.get(file) !== fingerprint) return false;
    if (!this.options.trustFiles) return undefined;
    // Listed with this fingerprint: in the previous manifest, and its line stays.
    if (!this.written.has(file)) this.listedBefore++;
    this.written.set(file, fingerprint);
    return true;
  }

  /** Read the previous build's manifest (isCurrentKnown needs it). */
  async loadPrevious(): Promise<void> {
    await this.previousFiles();
  }

  /** Write `content` to `file` (a `/`-separated path relative to the output folder). */
  async write(file: string, content: string | Uint8Array, fingerprint = ''): Promise<void> {
    const target = join(this.outDir, file);
    const fresh = await this.folder(dirname(target));
    if (this.options.live) await this.writeWhole(target, content);
    else {
      // Synchronous: a page is a few tens of KB, and each await of open, write and close cost
      // more CPU than the write itself (a cold render writes some 20,000 files).
      if (!fresh) unlinkQuietly(target);
      writeFileSync(target, content);
    }
    this.record(file, fingerprint);
    this.changed++;
  }

  /** A temporary file, then a rename: a reader of the live folder never sees half of it. */
  private async writeWhole(target: string, content: string | Uint8Array): Promise<void> {
    const temp = join(this.outDir, `${TEMP_DIR_PREFIX}${process.pid}`, `${this.temporaries++}`);
    await this.folder(dirname(temp));
    await writeFile(temp, content);
    await rename(temp, target);
  }

  /** Resolves once the manifest is on disk (at once unless `deferManifest`); rejects when it could not be written. */
  manifestWritten(): Promise<void> {
    return this.manifestWrite;
  }

  private manifestWrite: Promise<void> = Promise.resolve();

  /** Write `content` unless the file already holds exactly these bytes. */
  async writeIfChanged(file: string, content: string | Uint8Array): Promise<void> {
    const current = await readFile(join(this.outDir, file)).catch(() => null);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    if (current !== null && Buffer.compare(current, bytes) === 0) this.record(file, '');
    else await this.write(file, bytes);
  }

  /** Copy every `assets/` folder found in `dirs` to `assets/`; a file in a later dir wins. */
  async copyAssets(dirs: readonly string[]): Promise<void> {
    const sources = new Map<string, string>();
    for (const dir of dirs) {
      for (const file of await listFiles(join(dir, 'assets'))) sources.set(`assets/${file}`, join(dir, 'assets', file));
    }
    for (const [file, source] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await this.writeIfChanged(file, await readFile(source));
    }
  }

  /** `file` is part of this build with this fingerprint (see listedBefore and relisted). */
  private record(file: string, fingerprint: string): void {
    const before = this.previous?.get(file);
    if (before !== undefined && !this.written.has(file)) this.listedBefore++;
    if (before !== fingerprint) this.relisted.push(file);
    this.written.set(file, fingerprint);
  }

  /** Make `dir` (and its parents) once per build; true when this build created it. */
  private async folder(dir: string): Promise<boolean> {
    const known = this.folders.get(dir);
    if (known !== undefined) return known;
    const first = mkdirSync(dir, { recursive: true });
    // Every folder from the first one made down to `dir` is new (an article's folder, made with its related page's).
    for (let made = dir; first !== undefined && made.length >= first.length; made = dirname(made)) this.folders.set(made, true);
    this.folders.set(dir, first !== undefined);
    return first !== undefined;
  }

  /** Remove what the previous build wrote and this one did not, then record this build's files. */
  async finish(): Promise<void> {
    const previous = await this.previousFiles();
    // Every file listed before is in this build too (a watch rebuild, mostly): nothing to remove.
    const removed: string[] = [];
    if (this.listedBefore !== previous.size) {
      for (const file of previous.keys()) {
        if (this.written.has(file)) continue;
        removed.push(file);
        await unlink(join(this.outDir, file)).catch(() => undefined);
        await removeEmptyParents(this.outDir, file);
      }
    }
    this.written.delete(MANIFEST_FILE);
    const relisted = this.relisted.filter((file) => file !== MANIFEST_FILE);
    // The previous manifest, when this one is it with a few files removed or added and some lines changed.
    const base = lastManifest.files === previous && lastManifest.dir !== null && lastManifest.onDisk ? lastManifest : null;
    const added = base && removed.length <= MANIFEST_PATCH_MAX ? relisted.filter((file) => !previous.has(file)) : [];
    const kept = base && removed.length + added.length <= MANIFEST_PATCH_MAX ? { ...base, removed, added } : null;
    const deferrable = this.options.deferManifest && this.options.live && this.options.trustFiles;
    if (kept && (relisted.length || removed.length) && deferrable) {
      // The previous manifest's files but a few, some with new fingerprints (a watch rebuild): the
      // text is made once this build has returned, and written then. The next writer waits for it.
      this.changed++;
      const written = this.written;
      const made = afterThisTask().then(() => {
        const { files, lines, text } = manifestText(written, kept, relisted);
        lastManifest = { dir: this.outDir, text, files: written, order: files, lines, onDisk: true };
        return text;
      });
      this.deferWrite(made);
      return;
    }
    // The same files with the same fingerprints: the text read.
    const { files, lines, text: manifest } = kept && !relisted.length && !removed.length ? { files: kept.order, lines: kept.lines, text: this.previousText! } : manifestText(this.written, kept, relisted);
    // In a folder nobody else touched, the manifest on disk is the one previousFiles read.
    const deferred = deferrable && this.previousText !== manifest;
    if (!this.options.trustFiles) await this.writeIfChanged(MANIFEST_FILE, manifest);
    else if (deferred) this.changed++;
    else if (this.previousText !== manifest) await this.write(MANIFEST_FILE, manifest);
    this.written.delete(MANIFEST_FILE);
    lastManifest = { dir: this.outDir, text: manifest, files: this.written, order: files, lines, onDisk: true };
    if (!deferred) return removeTemporaries(this.outDir);
    this.deferWrite(Promise.resolve(manifest));
  }

  /** The manifest's write, once its text is made; a failure is kept for manifestWritten and the next writer. */
  private deferWrite(text: Promise<string>): void {
    this.manifestWrite = text
      .then(async (manifest) => {
        try {
          await this.writeWhole(join(this.outDir, MANIFEST_FILE), manifest);
        } catch (error) {
          // The pages are as this build left them, which the next build in this process still goes by; it writes the manifest whole.
          if (lastManifest.text === manifest) lastManifest = { ...lastManifest, onDisk: false };
          throw error;
        }
      })
      .finally(() => removeTemporaries(this.outDir));
    pendingManifest = this.manifestWrite.catch(() => undefined);
  }

  /** The previous manifest's entries; anything that could leave the output folder is ignored. */
  private async previousFiles(): Promise<ReadonlyMap<string, string>> {
    if (this.previous) return this.previous;
    await pendingManifest;
    // A folder nobody else touched still holds the manifest the previous build in this process wrote.
    if (this.options.trustFiles && lastManifest.dir === this.outDir) {
      this.previousText = lastManifest.onDisk ? lastManifest.text : null;
      return (this.previous = lastManifest.files);
    }
    const manifest = await readFile(join(this.outDir, MANIFEST_FILE), 'utf8').catch(() => '');
    this.previousText = manifest;
    // The manifest the previous build in this process wrote: read, but not split again.
    if (lastManifest.text === manifest) return (this.previous = lastManifest.files);
    const files = new Map<string, string>();
    for (const line of manifest.split('\n')) {
      const [file = '', fingerprint = ''] = line.split('\t');
      if (isInside(file)) files.set(file, fingerprint);
    }
    lastManifest = { dir: null, text: manifest, files, order: [], lines: [], onDisk: true };
    return (this.previous = files);
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // not there
  }
}

/** Where `file` is or goes in `files`, which is sorted (compareFiles). */
function placeOf(files: readonly string[], file: string): number {
  return sortedIndex(files, (other) => other < file);
}

function compareFiles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The manifest the last writer in this process wrote or read: its text, entries, and (when written)
 * its folder, files in order and lines. Its entries are never changed after; the next writer reads them.
 */
let lastManifest: {
  dir: string | null;
  text: string;
  files: ReadonlyMap<string, string>;
  order: readonly string[];
  lines: readonly string[];
  /** False when the deferred write of `text` failed: the file holds an older manifest. */
  onDisk: boolean;
} = { dir: null, text: '', files: new Map(), order: [], lines: [], onDisk: true };

/** At most this many files removed and added for a manifest made from the previous one (each costs a splice of the whole list). */
const MANIFEST_PATCH_MAX = 64;

/** The last deferred manifest's write: a writer reads lastManifest once it is done. */
let pendingManifest: Promise<unknown> = Promise.resolve();

/**
 * The manifest's files in order, lines and text: with the previous manifest (`kept`), its files
 * less those removed and with those added, and its lines with those of the `relisted` files
 * replaced (the added files are relisted).
 */
function manifestText(
  written: ReadonlyMap<string, string>, kept: (typeof lastManifest & { removed: readonly string[]; added: readonly string[] }) | null, relisted: readonly string[],
): { files: readonly string[]; lines: readonly string[]; text: string } {
  const line = (file: string) => {
    const fingerprint = written.get(file);
    return fingerprint ? `${file}\t${fingerprint}` : file;
  };
  if (kept) {
    // A copy of the previous order only when files come or go (it is never changed after).
    const files = kept.removed.length || kept.added.length ? [...kept.order] : (kept.order as string[]);
    const lines = [...kept.lines];
    for (const file of kept.removed) {
      const at = placeOf(files, file);
      files.splice(at, 1);
      lines.splice(at, 1);
    }
    for (const file of kept.added) {
      const at = placeOf(files, file);
      files.splice(at, 0, file);
      lines.splice(at, 0, '');
    }
    for (const file of relisted) lines[placeOf(files, file)] = line(file);
    return { files, lines, text: `${lines.join('\n')}\n` };
  }
  const files = [...written.keys()].sort(compareFiles);
  const lines = files.map(line);
  return { files, lines, text: `${lines.join('\n')}\n` };
}

/** Temporary folders of live writers: this process's, and those of writers that were killed. */
async function removeTemporaries(outDir: string): Promise<void> {
  for (const name of await readdir(outDir).catch(() => [] as string[])) {
    if (name.startsWith(TEMP_DIR_PREFIX)) await rm(join(outDir, name), { recursive: true, force: true });
  }
}

/** A plain relative path: no root, no backslash, no empty, `.` or `..` part. */
function isInside(file: string): boolean {
  return !file.startsWith('/') && !file.includes('\\') && file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Files under `dir`, as sorted `/`-separated relative paths; hidden files are skipped. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
  }
  return files;
}

/** Remove the folders of a removed file that are now empty, up to (not including) the output folder. */
async function removeEmptyParents(outDir: string, file: string): Promise<void> {
  const parts = file.split('/').slice(0, -1);
  while (parts.length > 0) {
    try {
      await rmdir(join(outDir, ...parts));
    } catch {
      return; // not empty, or already gone
    }
    parts.pop();
  }
}
