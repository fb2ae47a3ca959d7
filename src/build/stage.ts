// Atomic output: a build writes into a staging folder beside the target (".dist.folio-build-<pid>"),
// seeded with hard links to the target's files so that unchanged pages cost nothing, and the
// finished folder replaces the target by two renames. A build killed at any moment leaves the
// previous folder in place (or, killed between the two renames, beside it under
// ".dist.folio-old-<pid>", where the next build finds it and puts it back). Writers into the stage
// must replace files, never write into them: a hard-linked file is also the live site's.

import { copyFile, link, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

const BUILD_TAG = 'folio-build';
const OLD_TAG = 'folio-old';

/** Files linked at once while seeding. */
const LINK_CONCURRENCY = 64;

export class StagedFolder {
  private constructor(readonly target: string, readonly dir: string) {}

  /** A fresh staging folder for `target`, holding links to its current files when `seed` is set. */
  static async open(target: string, seed = true): Promise<StagedFolder> {
    const absolute = resolve(target);
    await recoverLeftovers(absolute);
    const dir = siblingPath(absolute, BUILD_TAG, process.pid);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    if (seed && (await isDirectory(absolute))) await linkTree(absolute, dir);
    return new StagedFolder(absolute, dir);
  }

  /** Put the staged folder in the target's place. */
  async commit(): Promise<void> {
    if (!(await isDirectory(this.target))) {
      await mkdir(dirname(this.target), { recursive: true });
      await rename(this.dir, this.target);
      return;
    }
    const old = siblingPath(this.target, OLD_TAG, process.pid);
    await rm(old, { recursive: true, force: true });
    await rename(this.target, old);
    await rename(this.dir, this.target);
    await rm(old, { recursive: true, force: true });
  }

  /** Give up: the target stays as it was. */
  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function siblingPath(target: string, tag: string, pid: number): string {
  return join(dirname(target), `.${basename(target)}.${tag}-${pid}`);
}

/**
 * Clean up after builds that were killed: their staging folders go; an old folder whose target is
 * missing (killed between the two renames) is put back. Folders of builds still running are left.
 */
async function recoverLeftovers(target: string): Promise<void> {
  const prefix = `.${basename(target)}.`;
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = new RegExp(`^(${BUILD_TAG}|${OLD_TAG})-(\\d+)$`).exec(name.slice(prefix.length));
    if (!match || processAlive(Number(match[2]))) continue;
    const path = join(dirname(target), name);
    if (match[1] === OLD_TAG && !(await isDirectory(target))) await rename(path, target);
    else await rm(path, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** Mirror `from` in `to`: the same folders, each file a hard link (a copy where links are refused). */
async function linkTree(from: string, to: string): Promise<void> {
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(from, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await mkdir(join(to, path));
        await walk(path);
      } else if (entry.isFile()) files.push(path);
      else if (entry.isSymbolicLink()) await symlink(await readlink(join(from, path)), join(to, path));
    }
  };
  await walk('');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      await link(join(from, file), join(to, file)).catch(() => copyFile(join(from, file), join(to, file)));
    }
  };
  await Promise.all(Array.from({ length: LINK_CONCURRENCY }, worker));
}
