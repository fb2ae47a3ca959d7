// Writing dist/: pages, the assets folder, and a manifest of what this build wrote, so the next
// build can remove pages that no longer exist without touching files folio never made.

import { copyFile, mkdir, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MANIFEST_FILE } from './constants.ts';

export class OutputWriter {
  private readonly written = new Set<string>();

  constructor(readonly outDir: string) {}

  /** Write `content` to `file` (a `/`-separated path relative to the output folder). */
  async write(file: string, content: string): Promise<void> {
    const target = join(this.outDir, file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    this.written.add(file);
  }

  /** Copy every `assets/` folder found in `dirs` to `assets/`; a file in a later dir wins. */
  async copyAssets(dirs: readonly string[]): Promise<void> {
    const sources = new Map<string, string>();
    for (const dir of dirs) {
      for (const file of await listFiles(join(dir, 'assets'))) sources.set(`assets/${file}`, join(dir, 'assets', file));
    }
    for (const [file, source] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const target = join(this.outDir, file);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, target);
      this.written.add(file);
    }
  }

  /** Remove what the previous build wrote and this one did not, then record this build's files. */
  async finish(): Promise<void> {
    for (const file of await this.previousFiles()) {
      if (this.written.has(file)) continue;
      await rm(join(this.outDir, file), { force: true });
      await removeEmptyParents(this.outDir, file);
    }
    const list = [...this.written].sort();
    await writeFile(join(this.outDir, MANIFEST_FILE), `${list.join('\n')}\n`);
  }

  /** The previous manifest's entries; anything that could leave the output folder is ignored. */
  private async previousFiles(): Promise<string[]> {
    let manifest: string;
    try {
      manifest = await readFile(join(this.outDir, MANIFEST_FILE), 'utf8');
    } catch {
      return [];
    }
    return manifest.split('\n').filter(isInside);
  }
}

/** A plain relative path: no root, no backslash, no empty, `.` or `..` part. */
function isInside(file: string): boolean {
  return !file.startsWith('/') && !file.includes('\\') && file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Files under `dir`, as sorted `/`-separated relative paths; hidden files are skipped. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
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
