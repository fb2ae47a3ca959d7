// Files a watcher must not react to: editors' swap, backup and lock files, the OS's folder
// metadata, and temporary files (folio's own included) that are renamed into place when complete.

import { basename, isAbsolute, relative, sep } from 'node:path';

interface IgnoreRule {
  name: string;
  test: (name: string) => boolean;
}

/** One rule per kind of scratch file, matched against the file's name alone. */
const SCRATCH_FILES: readonly IgnoreRule[] = [
  // Vim: .page.html.swp, .swx, .swo … while a file is open.
  { name: 'vim swap', test: (name) => /\.sw[a-px]$/i.test(name) },
  // Vim writes and deletes a file named 4913 to check that it may write in the folder.
  { name: 'vim write check', test: (name) => name === '4913' },
  // Emacs, Vim with backupext, many others: page.html~ beside the file.
  { name: 'backup', test: (name) => name.endsWith('~') },
  // Emacs lock (.#page.html) and autosave (#page.html#) files.
  { name: 'emacs lock', test: (name) => name.startsWith('.#') || (name.startsWith('#') && name.endsWith('#')) },
  { name: 'macOS folder metadata', test: (name) => name === '.DS_Store' },
  { name: 'temporary', test: (name) => /\.te?mp$/i.test(name) },
  // folio's whole-file writes: `<file>.tmp-<pid>`, renamed over the file when complete (content/store.ts).
  { name: 'folio temporary', test: (name) => /\.tmp-\d+$/.test(name) },
];

/** The rule a file's name matches, or null when it is a file worth rebuilding for. */
export function scratchRule(path: string): string | null {
  const name = basename(path);
  return SCRATCH_FILES.find((rule) => rule.test(name))?.name ?? null;
}

/** True when `path` is `dir` itself or anything inside it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
