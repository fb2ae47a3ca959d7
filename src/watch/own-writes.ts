// The rebuild writes into folders that are also watched (import writes content/). After each
// rebuild the state of those folders is recorded, so the watcher's echo of the rebuild's own
// writes is dropped while a person's later edit (new size, time or inode) still counts.

import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside } from './ignore.ts';

type Fingerprint = string;

function fingerprint(info: Stats): Fingerprint {
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

export class OwnWrites {
  private known = new Map<string, Fingerprint>();

  constructor(private readonly dirs: readonly string[]) {}

  /** Record every file in the folders as the rebuild left them. */
  async record(): Promise<void> {
    const known = new Map<string, Fingerprint>();
    for (const dir of this.dirs) await collect(dir, known);
    this.known = known;
  }

  /** Record these files (absolute paths) as the rebuild left them, when they are in the folders; the others keep what was recorded. */
  async recordFiles(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      if (!this.dirs.some((dir) => isInside(path, dir))) continue;
      const info = await lstat(path).catch(() => null);
      if (info?.isFile()) this.known.set(path, fingerprint(info));
      else this.known.delete(path);
    }
  }

  /** True when `path` is in one of the folders and is exactly as the last rebuild left it (or still absent). */
  async isEcho(path: string): Promise<boolean> {
    if (!this.dirs.some((dir) => isInside(path, dir))) return false;
    const info = await lstat(path).catch(() => null);
    const before = this.known.get(path);
    if (info === null) return before === undefined;
    return before === fingerprint(info);
  }
}

async function collect(dir: string, into: Map<string, Fingerprint>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await collect(path, into);
    else if (entry.isFile()) {
      const info = await lstat(path).catch(() => null);
      if (info) into.set(path, fingerprint(info));
    }
  }
}
