// What a file held when it was last looked at: size, modification time and sha256. A file whose
// size and mtime still match is taken as unchanged without reading it, unless its mtime is so close
// to when it was hashed that a same-size edit in the same clock tick could hide ("racy" files,
// as git calls them): those are hashed again.

import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { sha256 } from '../cache/hash.ts';

/** File systems keep mtimes to 1-2 s at worst; an edit within this much of a hash is re-checked. */
const RACY_MS = 2000;

export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** When the hash was taken (ms since the epoch). */
  checkedAt: number;
}

export type StampTable = Record<string, FileStamp>;

/** A point in the history of a FileStamps' table (see FileStamps.changedSince). */
export interface StampMark {
  log: number;
  at: number;
}

/** Stamp changes kept for changedSince before the log starts again (a mark from before then answers null). */
const LOG_LIMIT = 200_000;
/** Numbers logs across instances, so that a mark of one FileStamps never matches another's log. */
let logs = 0;

export interface StampResult {
  sha256: string;
  /** The bytes, when the file had to be read. */
  bytes?: Buffer;
}

/** resolve() of the paths a build asks about (the same ones on every rebuild). */
const resolved = new Map<string, string>();

function absolute(file: string): string {
  // A relative path depends on the working folder at the time: only absolute ones are kept.
  if (!isAbsolute(file)) return resolve(file);
  let path = resolved.get(file);
  if (path === undefined) {
    if (resolved.size >= 500_000) resolved.clear();
    path = resolve(file);
    resolved.set(file, path);
  }
  return path;
}

export class FileStamps {
  /** While set, stamped files outside it are taken as unchanged without a look (see trustAllBut). */
  private changed: Set<string> | null = null;

  /** A Map, not the table object: paths made by concatenation are hashed once here, not internalized on every look-up. */
  private readonly table: Map<string, FileStamp>;

  /** Files whose stamps were set or dropped, in order, since the log (number `logNumber`) began. */
  private log: string[] = [];
  private logNumber = ++logs;

  /** `logLimit`: how many stamp changes changedSince can tell before the log starts again. */
  constructor(table: StampTable = {}, private readonly logLimit = LOG_LIMIT) {
    this.table = new Map(Object.entries(table));
  }

  /** Now, in the table's history: changedSince tells what changed after it. */
  mark(): StampMark {
    return { log: this.logNumber, at: this.log.length };
  }

  /**
   * While trusting (trustAllBut): the absolute paths the watcher names and those whose stamps were
   * set or dropped since `mark`. A file outside them that trustedHash answered for at `mark` answers
   * the same now, so a caller that remembers what it found then need look only at these. Null when
   * not trusting, or when the log began again since `mark`.
   */
  changedSince(mark: StampMark): ReadonlySet<string> | null {
    if (this.changed === null || mark.log !== this.logNumber) return null;
    const paths = new Set(this.changed);
    for (let i = mark.at; i < this.log.length; i++) paths.add(absolute(this.log[i]!));
    return paths;
  }

  private set(file: string, stamp: FileStamp | null): void {
    if (stamp === null) this.table.delete(file);
    else this.table.set(file, stamp);
    if (this.log.length >= this.logLimit) {
      this.log = [];
      this.logNumber = ++logs;
    }
    this.log.push(file);
  }

  /**
   * Until `trustNothing()`, take every stamped file as unchanged except `paths` (absolute): for a
   * watcher, which says what changed, so that a build need not look at every file.
   */
  trustAllBut(paths: readonly string[]): void {
    this.changed = new Set(paths.map((path) => resolve(path)));
  }

  trustNothing(): void {
    this.changed = null;
  }

  /** The paths a watcher named (see trustAllBut); null while every file is to be looked at. */
  get changes(): ReadonlySet<string> | null {
    return this.changed;
  }

  /** The stamped hash of a file taken as unchanged (see trustAllBut) without an await; undefined when it must be looked at. */
  trustedHash(file: string): string | undefined {
    if (this.changed === null) return undefined;
    const stamped = this.table.get(file);
    return stamped && !this.changed.has(absolute(file)) ? stamped.sha256 : undefined;
  }

  /** The file's hash, from its stamp when size and mtime prove it unchanged; null when it cannot be read. */
  async hash(file: string): Promise<StampResult | null> {
    const trusted = this.trustedHash(file);
    if (trusted !== undefined) return { sha256: trusted };
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      this.set(file, null);
      return null;
    }
    const known = this.table.get(file);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && info.mtimeMs < known.checkedAt - RACY_MS) return { sha256: known.sha256 };
    const bytes = await readFile(file).catch(() => null);
    if (bytes === null) return null;
    const hash = sha256(bytes);
    this.set(file, { size: info.size, mtimeMs: info.mtimeMs, sha256: hash, checkedAt: Date.now() });
    return { sha256: hash, bytes };
  }

  /** This process just wrote `file` with bytes of this hash: stamp it without reading it back. */
  async wrote(file: string, hash: string): Promise<void> {
    const info = await stat(file).catch(() => null);
    this.set(file, info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs, sha256: hash, checkedAt: Date.now() } : null);
  }

  /** Drop a file's stamp (this process just wrote or removed it): the next look reads it. */
  forget(file: string): void {
    if (this.table.has(file)) this.set(file, null);
  }

  /** The stamp as last taken, without looking at the file. */
  known(file: string): FileStamp | undefined {
    return this.table.get(file);
  }

  /** Keep only `files` (forget files no longer looked at). */
  retain(files: Iterable<string>): void {
    const keep = new Set(files);
    for (const file of [...this.table.keys()]) if (!keep.has(file)) this.set(file, null);
  }

  toJSON(): StampTable {
    return Object.fromEntries(this.table);
  }
}
