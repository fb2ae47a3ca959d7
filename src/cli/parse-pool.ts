// Parsing on worker threads: a piscina pool runs parse-file.ts, one worker per core for big jobs
// and a single worker for small ones. Every page parses on a worker, so every page's time budget
// can be enforced: a worker still on its page after the budget is stopped from outside, whatever
// the parser is doing (a stage that never returns included). Inside the worker the parser also
// checks the budget between its stages, which ends most slow pages without losing the worker.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import type { ParseTask } from './parse-file.ts';

/** From this many files a job gets a worker per core; below, one (each worker loads the parser anew, about 0.3 s of CPU). */
const MIN_FILES_FOR_WORKERS = 40;
/** A page still parsing after this long is pathological: its worker is stopped and the page fails. */
export const PAGE_BUDGET_MS = 60_000;
/** How long a kept pool's extra workers stay after their last page (the first one stays until closed). */
const KEPT_IDLE_MS = 30_000;

export interface ParseOptions {
  crawledAt?: string;
  /** Worker threads; default: one per core from MIN_FILES_FOR_WORKERS files, else one. */
  threads?: number;
  /** Time a page may take on its worker before it is stopped; default PAGE_BUDGET_MS. */
  budgetMs?: number;
  /**
   * Every page on this thread (for comparing results in tests). Only the checks between parse
   * stages apply the budget here: a stage that hangs is not stopped.
   */
  inline?: boolean;
}

/** A pool kept between jobs by a long-lived process (folio watch), so a rebuild does not wait for a worker to start. */
let kept: Piscina | null = null;

/**
 * Keep a parse worker warm until the returned function is called; parseAll then uses it (and
 * more workers for big jobs). For processes that parse again and again, like `folio watch`.
 */
export function keepParseWorkers(): () => Promise<void> {
  kept ??= new Piscina({ ...workerOptions(), minThreads: 1, maxThreads: availableParallelism(), idleTimeout: KEPT_IDLE_MS });
  return async () => {
    const pool = kept;
    kept = null;
    await pool?.destroy();
  };
}

/** A file to parse, with its bytes when they were read already. */
export interface ParseSource {
  file: string;
  bytes?: Uint8Array;
}

/**
 * Parse files; `onPage` sees every page in input order, so reports read the same each run. `files`
 * may be a source that finds them as it goes (import looks each file up in the parse cache first):
 * parsing starts with the first one, and `options.count` says how many it gives at most.
 */
export async function parseAll(files: string[] | AsyncIterable<ParseSource>, options: ParseOptions & { count?: number }, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  const budget = options.budgetMs ?? PAGE_BUDGET_MS;
  const task = ({ file, bytes }: ParseSource): ParseTask => ({ file, bytes, crawledAt: options.crawledAt, budgetMs: budget });
  const sources = Array.isArray(files) ? files.map((file) => ({ file })) : files;
  const count = Array.isArray(files) ? files.length : (options.count ?? MIN_FILES_FOR_WORKERS);
  if (count === 0) return;
  if (options.inline) {
    // Loaded only here: the main thread of a build never needs the parser.
    const { parseFile } = await import('./parse-file.ts');
    let index = 0;
    for await (const source of sources) onPage(await parseFile(task(source)), index++);
    return;
  }
  const threads = Math.max(1, options.threads ?? (count < MIN_FILES_FOR_WORKERS ? 1 : availableParallelism()));
  const own = kept === null || options.threads !== undefined;
  // Made when the first file comes: a source whose files all come from the cache starts no worker.
  let pool: Piscina | null = null;
  // One worker to start with; piscina adds the others as files come while it is busy (up to
  // `threads`), and keeps them until the pool is destroyed (a worker idle between two files is not stopped).
  const start = () => (pool ??= own ? new Piscina({ ...workerOptions(), minThreads: 1, maxThreads: threads, idleTimeout: Infinity }) : kept!);
  const slots = own ? threads : availableParallelism();
  try {
    await runInOrder(start, sources, task, slots, budget, onPage);
  } finally {
    if (own) await (pool as Piscina | null)?.destroy();
  }
}

/**
 * At most one task per worker is handed to the pool at a time, so a task starts as soon as it is
 * given and its budget counts its own parsing, never a wait behind a slow page.
 */
async function runInOrder(pool: () => Piscina, sources: Iterable<ParseSource> | AsyncIterable<ParseSource>, task: (source: ParseSource) => ParseTask, slots: number, budget: number, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  const done = new Map<number, ParsedPage>();
  let next = 0;
  const deliver = () => {
    for (let page = done.get(next); page; page = done.get(next)) {
      done.delete(next);
      onPage(page, next++);
    }
  };
  const running = new Set<Promise<void>>();
  let index = 0;
  for await (const source of sources) {
    const at = index++;
    const job: Promise<void> = pool().run(task(source), { signal: AbortSignal.timeout(budget), transferList: movable(source.bytes) }).then(
      (page: ParsedPage) => void done.set(at, page),
      (error: Error) => void done.set(at, failedPage(source.file, error, budget)),
    ).then(deliver).finally(() => running.delete(job));
    running.add(job);
    if (running.size >= slots) await Promise.race(running);
  }
  await Promise.all(running);
  deliver();
}

/**
 * The memory of bytes read for the worker, moved to it rather than copied (a gigabyte of pages
 * at 10k): only when the bytes fill it, as a file read whole gives them. They are not used here after.
 */
function movable(bytes: Uint8Array | undefined): ArrayBuffer[] | undefined {
  return bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : undefined;
}

function workerOptions(): { filename: string } {
  return { filename: new URL('../../bin/parse-worker.js', import.meta.url).href };
}

/** A page whose worker was stopped (over budget) or died (out of memory, a crash in native code). */
function failedPage(file: string, error: Error, budget: number): ParsedPage {
  const stopped = error.name === 'AbortError' || error.name === 'TimeoutError';
  const reason = stopped ? `parsing took longer than ${budget / 1000} s and was stopped` : `the parser crashed (${error.message})`;
  return { ...emptyPage(file), ok: false, error: reason };
}
