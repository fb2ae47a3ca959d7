// Parsing many files off the main thread: a worker-thread pool (piscina) runs parse-file.ts, one
// worker for small jobs and one per core for large ones. Every page parses on a worker, so every
// page has a time budget: a pathological page is stopped with its worker, and the build goes on.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import type { ParseTask } from './parse-file.ts';

/** Below this many files one worker is faster than several (each loads the parser anew). */
const MIN_FILES_FOR_WORKERS = 40;
/** Tasks queued per worker: enough to keep every core busy without holding every result at once. */
const QUEUE_PER_THREAD = 8;
/** A page still parsing after this long is pathological: its worker is stopped and the page fails. */
export const PAGE_BUDGET_MS = 60_000;

export interface ParseOptions {
  crawledAt?: string;
  /** Worker threads; default: one for fewer than MIN_FILES_FOR_WORKERS files, else one per core. */
  threads?: number;
  /** Time a page may take on a worker (queue wait included) before it is given up; default PAGE_BUDGET_MS. */
  budgetMs?: number;
  /** Parse on this thread instead, with no time budget (for comparing results; never for user input). */
  inline?: boolean;
}

/** Parse files in parallel; `onPage` sees every page in input order, so reports read the same each run. */
export async function parseAll(files: string[], options: ParseOptions, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  const task = (file: string): ParseTask => ({ file, crawledAt: options.crawledAt });
  if (options.inline) {
    // Loaded only here: a build's main thread never needs the parser.
    const { parseFile } = await import('./parse-file.ts');
    for (const [index, file] of files.entries()) onPage(await parseFile(task(file)), index);
    return;
  }
  if (!files.length) return;
  const threads = Math.max(1, options.threads ?? (files.length < MIN_FILES_FOR_WORKERS ? 1 : availableParallelism()));
  const budget = options.budgetMs ?? PAGE_BUDGET_MS;
  const pool = new Piscina({ filename: new URL('../../bin/parse-worker.js', import.meta.url).href, maxThreads: threads, minThreads: threads });
  try {
    const done = new Map<number, ParsedPage>();
    let next = 0;
    const deliver = () => {
      for (let page = done.get(next); page; page = done.get(next)) {
        done.delete(next);
        onPage(page, next++);
      }
    };
    const running = new Set<Promise<void>>();
    for (const [index, file] of files.entries()) {
      const job: Promise<void> = pool.run(task(file), { signal: AbortSignal.timeout(budget) }).then(
        (page: ParsedPage) => void done.set(index, page),
        (error: Error) => void done.set(index, failedPage(file, error, budget)),
      ).then(deliver).finally(() => running.delete(job));
      running.add(job);
      if (running.size >= threads * QUEUE_PER_THREAD) await Promise.race(running);
    }
    await Promise.all(running);
    deliver();
  } finally {
    await pool.destroy();
  }
}

/** A page whose worker was stopped (over budget) or died (out of memory, a crash in native code). */
function failedPage(file: string, error: Error, budget: number): ParsedPage {
  const stopped = error.name === 'AbortError' || error.name === 'TimeoutError';
  const reason = stopped ? `parsing took longer than ${budget / 1000} s and was stopped` : `the parser crashed (${error.message})`;
  return { ...emptyPage(file), ok: false, error: reason };
}
