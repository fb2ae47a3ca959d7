// Input discovery: files as given, directories walked recursively for .html/.htm, in sorted order.

import { lstat, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

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

/**
 * The pages findPages finds under some inputs, kept between builds (folio watch) and brought up to
 * date from a watcher's list of changed paths instead of walking every folder again. The order is
 * walk's: within a folder, entries by name, a folder's pages at its name's place.
 */
export class PageList {
  private joined: string[] | null = null;

  private constructor(private readonly inputs: readonly string[], private readonly perInput: string[][], private readonly isDir: boolean[]) {}

  static async find(inputs: readonly string[]): Promise<PageList> {
    const perInput: string[][] = [];
    const isDir: boolean[] = [];
    for (const input of inputs) {
      perInput.push(await findPages([input]));
      isDir.push((await stat(input).catch(() => null))?.isDirectory() ?? false);
    }
    return new PageList(inputs, perInput, isDir);
  }

  /** The pages, as findPages(inputs) gives them (the same array until the next change). */
  get files(): string[] {
    this.joined ??= this.perInput.length === 1 ? this.perInput[0]! : this.perInput.flat();
    return this.joined;
  }

  sameInputs(inputs: readonly string[]): boolean {
    return inputs.length === this.inputs.length && inputs.every((input, i) => input === this.inputs[i]);
  }

  /**
   * Apply added, changed and removed files (absolute paths). False when a change is not a plain
   * file under an input folder (an input itself, a folder, a link): find the pages again then.
   */
  async update(paths: readonly string[]): Promise<boolean> {
    for (const path of paths) {
      for (const [i, input] of this.inputs.entries()) {
        const root = resolve(input);
        if (path === root) return false;
        const inside = relative(root, path);
        if (!this.isDir[i] || inside.startsWith('..') || isAbsolute(inside)) continue;
        if (!(await this.apply(i, input, root, inside))) return false;
      }
    }
    return true;
  }

  private async apply(i: number, input: string, root: string, inside: string): Promise<boolean> {
    const list = this.perInput[i]!;
    const file = join(input, inside);
    const info = await lstat(join(root, inside)).catch(() => null);
    if (info?.isDirectory() || (info === null && list.some((listed) => listed.startsWith(file + sep)))) return false;
    const { found, index } = place(list, file, join(input, 'x').length - 1);
    const present = info?.isFile() === true && isPagePath(inside) && (await underRealFolders(root, inside));
    // A new array: the previous build's list may still be held (its snapshot is saved later).
    if (present && !found) this.perInput[i] = [...list.slice(0, index), file, ...list.slice(index)];
    else if (!present && found) this.perInput[i] = [...list.slice(0, index), ...list.slice(index + 1)];
    else return true;
    this.joined = null;
    return true;
  }
}

/** Where `file` is or would be in a list in walk order (binary search on path segments). */
function place(list: readonly string[], file: string, prefix: number): { found: boolean; index: number } {
  const parts = file.slice(prefix).split(sep);
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = walkOrder(list[mid]!.slice(prefix).split(sep), parts);
    if (order === 0) return { found: true, index: mid };
    if (order < 0) low = mid + 1;
    else high = mid;
  }
  return { found: false, index: low };
}

function walkOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/** walk enters folders, not links to them: every folder between the input and the file must be one. */
async function underRealFolders(root: string, inside: string): Promise<boolean> {
  const parts = inside.split(sep).slice(0, -1);
  for (let n = 1; n <= parts.length; n++) {
    if (!(await lstat(join(root, ...parts.slice(0, n))).catch(() => null))?.isDirectory()) return false;
  }
  return true;
}
