// Fingerprints of folio's own code: a cached parse or render is only reused by the same parser or
// renderer. Computed once per process from the source files and the installed package versions.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './hash.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Besides the source, what decides the output: the version and the dependencies' (lock file when there is one). */
const PACKAGE_FILES = ['package.json', 'package-lock.json'];

/** What the parse stage's output depends on. */
export const PARSER_SOURCES = ['src/parse', 'src/model', 'src/cli/parse-file.ts'];
/** What the render stage's output depends on (collect.ts uses the slug rules in normalize). */
export const RENDERER_SOURCES = ['src/render', 'src/model', 'src/normalize'];
/** Everything: the whole-build fast path is only taken by the very same code. */
export const ALL_SOURCES = ['src'];

const memo = new Map<string, Promise<string>>();

export function codeFingerprint(sources: readonly string[]): Promise<string> {
  const key = sources.join('\n');
  let result = memo.get(key);
  if (!result) {
    result = computeFingerprint(sources);
    memo.set(key, result);
  }
  return result;
}

async function computeFingerprint(sources: readonly string[]): Promise<string> {
  const files = (await Promise.all(sources.map((source) => sourceFiles(join(ROOT, source))))).flat().sort();
  const parts: string[] = [];
  for (const file of [...files, ...PACKAGE_FILES.map((name) => join(ROOT, name))]) {
    const text = await readFile(file, 'utf8').catch(() => '');
    parts.push(`${relative(ROOT, file)}\n${sha256(text)}`);
  }
  return sha256(parts.join('\n'));
}

async function sourceFiles(path: string): Promise<string[]> {
  if (path.endsWith('.ts')) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => []);
  // .js too: the search index's reader (src/render/search-runtime.js) is code the index depends on.
  return entries.filter((entry) => entry.isFile() && /\.[jt]s$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}
