// The persistent cache folder (config "cacheDir", default .folio-cache/): content-addressed entries
// that any build may read or write. An entry is written whole (temporary file, then rename), so a
// killed build or two builds at once leave either a complete entry or none; a damaged entry reads
// as a miss. Deleting the folder is always safe: the next build is a cold one.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export class CacheStore {
  /** A store that keeps nothing: every read misses (--no-cache). */
  static disabled(): CacheStore {
    return new CacheStore(null);
  }

  /** Entry folders made by this store (a mkdir per entry was most of a cold render's mkdir calls). */
  private readonly folders = new Set<string>();

  constructor(readonly dir: string | null) {}

  get enabled(): boolean {
    return this.dir !== null;
  }

  async readText(kind: string, key: string): Promise<string | null> {
    if (this.dir === null) return null;
    return readFile(this.path(kind, key), 'utf8').catch(() => null);
  }

  async writeText(kind: string, key: string, text: string): Promise<void> {
    if (this.dir === null) return;
    const file = this.path(kind, key);
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const folder = dirname(file);
    try {
      if (!this.folders.has(folder)) {
        await mkdir(folder, { recursive: true });
        this.folders.add(folder);
      }
      await writeFile(tmp, text).catch(async (error: NodeJS.ErrnoException) => {
        // The folder went away since (the cache was deleted while watching): made again.
        if (error.code !== 'ENOENT') throw error;
        await mkdir(folder, { recursive: true });
        await writeFile(tmp, text);
      });
      await rename(tmp, file);
    } catch {
      // A cache that cannot be written only makes the next build slower. The folder may have been
      // deleted (a long-lived process outlives it): the next write makes it again.
      this.folders.delete(folder);
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  async readJson<T>(kind: string, key: string): Promise<T | null> {
    const text = await this.readText(kind, key);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  async writeJson(kind: string, key: string, value: unknown): Promise<void> {
    await this.writeText(kind, key, JSON.stringify(value));
  }

  /** Entries are spread over 256 folders per kind, so no folder grows to 100k files. */
  private path(kind: string, key: string): string {
    return join(this.dir!, kind, key.slice(0, 2), key);
  }
}
