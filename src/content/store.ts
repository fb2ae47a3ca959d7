// content/<slug>.md: YAML front matter (gray-matter) + the Markdown body. Written byte-stable so
// that importing the same pages twice gives identical files; read with validation.

import { mkdir, readdir, readFile, rename, stat, writeFile, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { sortedIndex } from '../cache/memo.ts';
import { frontMatterSchema, RECORD_FIELDS, type ArticleRecord } from '../model/index.ts';

export interface RecordProblem {
  file: string;
  message: string;
}

export function serializeRecord(record: ArticleRecord): string {
  const data: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) {
    // Most articles were saved once: their record has no `sources` list rather than an empty one.
    if (field === 'sources' && !record.sources.length) continue;
    data[field] = record[field];
  }
  const front = yaml.dump(data, { lineWidth: -1, noRefs: true, quotingType: '"', forceQuotes: true });
  return `---\n${front}---\n\n${record.body.trim()}\n`;
}

export function parseRecord(text: string, file: string): ArticleRecord | RecordProblem {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // A fresh options object keeps gray-matter from serving a cached parse of identical text.
    parsed = matter(text, { language: 'yaml' });
  } catch (error) {
    return { file, message: `front matter is not valid YAML (${(error as Error).message.split('\n')[0]}); fix the YAML between the --- lines` };
  }
  const data = datesToStrings(parsed.data);
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || '(front matter)';
    const found = JSON.stringify(issue.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k as string], data));
    return { file, message: `field "${field}": ${issue.message}; found ${found ?? 'nothing'}` };
  }
  return { ...result.data, body: parsed.content.trim() };
}

/** YAML turns unquoted 2025-08-16 into a Date; records keep dates as written. */
function datesToStrings(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = value instanceof Date ? value.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, 'Z') : value;
  }
  return out;
}

export function isProblem(value: ArticleRecord | RecordProblem): value is RecordProblem {
  return 'message' in value && !('slug' in value);
}

export async function listRecordFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(isRecordName).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Lets readRecords skip files it read before: `hash` gives a file's content hash (reading it only
 * when it may have changed), `last` keeps what each file's hash parsed to.
 */
export interface RecordMemo {
  hash(file: string): Promise<{ sha256: string; bytes?: Buffer } | null>;
  /**
   * With a watcher's list of changes (folio watch): a file's hash when it is taken as unchanged,
   * and the paths that changed. The folder is then not listed again, and records of unchanged
   * files are given as last time, without an await each.
   */
  trusted?: { hash(file: string): string | undefined; changes(): ReadonlySet<string> | null };
  /** The folder as last read: its record files and, for each, the hash read and what it gave. */
  last?: {
    dir: string;
    names: string[];
    files: string[];
    nameSet?: Set<string>;
    /** Each name's position in `names`. */
    index?: Map<string, number>;
    read: Map<string, RecordRead>;
    /** What each file gave, by position in `names`. */
    results?: (ArticleRecord | RecordProblem)[];
    /** 1 where `results` holds a problem. */
    problemAt?: Uint8Array;
  };
  /** Files this process wrote or removed in the folder since it was last read: looked at again. */
  touched?: Set<string>;
}

interface RecordRead {
  sha256: string;
  result: ArticleRecord | RecordProblem;
}

export async function readRecords(dir: string, memo?: RecordMemo): Promise<{ records: ArticleRecord[]; problems: RecordProblem[] }> {
  const names = await recordNames(dir, memo);
  const prior = memo?.last?.dir === dir ? memo.last : null;
  // The same list of names as last time (a watch rebuild): the same paths.
  const last = prior?.names === names ? prior : null;
  // join(dir, name) for a plain file name, without normalizing the folder's path for each.
  const prefix = join(dir, 'x').slice(0, -1);
  const files = last?.files ?? names.map((name) => prefix + name);
  const readOne = async (i: number): Promise<ArticleRecord | RecordProblem> => {
    const file = files[i]!;
    const result = memo ? (vouchedRecord(memo, file, read) ?? (await readRecordThrough(memo, file, read))) : parseRecord(await readFile(file, 'utf8'), file);
    if (isProblem(result) || `${result.slug}.md` === names[i]) return result;
    return { file, message: `slug "${result.slug}" does not match the file name; rename the file to ${result.slug}.md or change the slug` };
  };
  // With a watcher's list of changes, only the files it names and the ones this process wrote can
  // read differently from last time: the others keep their results without a look each, also when
  // files came or went.
  const carried = prior?.results && prior.problemAt && memo!.trusted?.changes() ? carry(dir, memo!, prior, names) : null;
  // Last time's reads, updated in place while they are carried (or the names are the same).
  const read = carried || last ? prior!.read : new Map<string, RecordRead>();
  const looked = carried?.looked;
  const results = carried?.results ?? new Array<ArticleRecord | RecordProblem>(names.length);
  // Which results are problems, by position: split without a look at each of thousands of records.
  const problemAt = carried?.problemAt ?? new Uint8Array(names.length);
  const take = async (i: number) => {
    results[i] = await readOne(i);
    problemAt[i] = isProblem(results[i]!) ? 1 : 0;
  };
  if (looked) for (const i of looked) await take(i);
  else for (let i = 0; i < names.length; i++) await take(i);
  const records: ArticleRecord[] = [];
  const problems: RecordProblem[] = [];
  for (let i = 0; i < results.length; i++) {
    if (problemAt[i]) problems.push(results[i] as RecordProblem);
    else records.push(results[i] as ArticleRecord);
  }
  if (memo) {
    if (carried) for (const name of carried.gone) read.delete(prefix + name);
    memo.last = { dir, names, files, read, results, problemAt, ...(last ? { nameSet: last.nameSet, index: last.index } : {}) };
    memo.touched?.clear();
  }
  return { records, problems };
}

/**
 * Last time's results at each name's place in `names`, with the places to read again (`looked`:
 * the files a watcher named or this process wrote, and files new to the folder) and the names gone
 * from it.
 */
function carry(dir: string, memo: RecordMemo, last: NonNullable<RecordMemo['last']>, names: string[]): {
  results: (ArticleRecord | RecordProblem)[]; problemAt: Uint8Array; looked: number[]; gone: string[];
} {
  const index = (last.index ??= new Map(last.names.map((name, i) => [name, i])));
  const changed = new Set<string>();
  for (const path of [...memo.trusted!.changes()!, ...(memo.touched ?? [])]) {
    if (resolve(dirname(path)) === resolve(dir)) changed.add(basename(path));
  }
  if (names === last.names) {
    const looked = [...changed].flatMap((name) => index.get(name) ?? []).sort((a, b) => a - b);
    return { results: [...last.results!], problemAt: last.problemAt!.slice(), looked, gone: [] };
  }
  const results = new Array<ArticleRecord | RecordProblem>(names.length);
  const problemAt = new Uint8Array(names.length);
  const looked: number[] = [];
  const present = new Set<string>();
  names.forEach((name, i) => {
    const was = index.get(name);
    if (was === undefined || changed.has(name)) {
      looked.push(i);
      present.add(name);
      return;
    }
    results[i] = last.results![was]!;
    problemAt[i] = last.problemAt![was]!;
  });
  // A file that went is one a watcher named or this process removed.
  const gone = [...changed].filter((name) => !present.has(name) && index.has(name));
  return { results, problemAt, looked, gone };
}

/**
 * The record files of the folder: listed, or with a watcher's list of changes, the last list
 * with the changed and touched files looked at (a folder of 8000 records takes 6-12 ms of CPU to list).
 */
export async function recordNames(dir: string, memo?: RecordMemo): Promise<string[]> {
  const changes = memo?.trusted?.changes();
  const last = memo?.last;
  if (!last || last.dir !== dir || !changes) return listRecordFiles(dir);
  const looked = new Set<string>();
  for (const path of [...changes, ...(memo!.touched ?? [])]) {
    const name = basename(path);
    if (resolve(dirname(path)) === resolve(dir) && isRecordName(name)) looked.add(name);
  }
  const known = (last.nameSet ??= new Set(last.names));
  const present = new Map<string, boolean>();
  for (const name of looked) present.set(name, (await stat(join(dir, name)).catch(() => null))?.isFile() === true);
  // Files edited in place leave the list as it was: the same array, not sorted again.
  if ([...present].every(([name, isFile]) => isFile === known.has(name))) return last.names;
  // The list sorted as listRecordFiles sorts it, with the files that came and without those that went.
  const names = last.names.slice();
  for (const [name, isFile] of present) {
    const at = sortedIndex(names, (other) => other < name);
    const there = names[at] === name;
    if (isFile && !there) names.splice(at, 0, name);
    else if (!isFile && there) names.splice(at, 1);
  }
  return names;
}

function isRecordName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('_') && name !== 'README.md';
}

/** The record last read from `file` when a watcher vouches that the file is unchanged since; else undefined. */
function vouchedRecord(memo: RecordMemo, file: string, read: Map<string, RecordRead>): ArticleRecord | RecordProblem | undefined {
  const before = memo.last?.read.get(file);
  if (!before || memo.trusted?.hash(file) !== before.sha256 || memo.touched?.has(file)) return undefined;
  if (read !== memo.last!.read) read.set(file, before);
  return before.result;
}

/** A record as last read when its file has the same hash, else parsed. */
async function readRecordThrough(memo: RecordMemo, file: string, read: Map<string, RecordRead>): Promise<ArticleRecord | RecordProblem> {
  const before = memo.last?.read.get(file);
  const hashed = await memo.hash(file);
  if (hashed === null) {
    read.delete(file);
    return parseRecord(await readFile(file, 'utf8'), file);
  }
  // The same object serves every build until the file changes (render keeps work by record object):
  // frozen, so that no caller can change what the next build is given.
  const result = before?.sha256 === hashed.sha256 ? before.result : frozen(parseRecord((hashed.bytes ?? (await readFile(file))).toString('utf8'), file));
  read.set(file, { sha256: hashed.sha256, result });
  return result;
}

function frozen(result: ArticleRecord | RecordProblem): ArticleRecord | RecordProblem {
  return isProblem(result) ? result : Object.freeze(result);
}

/** Temporary files of writes that a killed process left behind (its pid is gone). */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) await unlink(join(dir, name)).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write a file whole: a temporary file beside it, then a rename, so no reader sees half of it. */
export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file).catch(async (error) => {
    await unlink(tmp).catch(() => {});
    throw error;
  });
}
