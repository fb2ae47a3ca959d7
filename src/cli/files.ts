// Input discovery: files as given, directories walked recursively for .html/.htm, in sorted order.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const PAGE_EXTENSION = /\.html?$/i;
/** Folders that hold a scraper's assets or our own output, never pages to archive. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', 'hts-cache', 'dist', '.cache']);

function isSkippedDir(name: string): boolean {
  return SKIP_DIRS.has(name) || name.endsWith('_files');
}

/** True when a file at `path` (relative to an input folder) is one findPages would read. */
export function isPagePath(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return PAGE_EXTENSION.test(parts.at(-1) ?? '') && parts.slice(0, -1).every((part) => !isSkippedDir(part));
}

export class InputError extends Error {}

export async function findPages(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new InputError(`${input}: no such file or directory; check the path`);
    if (info.isDirectory()) out.push(...(await walk(input)));
    else out.push(input);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedDir(entry.name)) out.push(...(await walk(path)));
    } else if (entry.isFile() && PAGE_EXTENSION.test(entry.name)) out.push(path);
  }
  return out;
}
