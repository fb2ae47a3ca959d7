// Parsing many files on every core: a worker-thread pool (piscina) runs parse-file.ts; small jobs
// stay on the main thread, where starting workers would cost more than it saves.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import { parseFile, type ParseTask } from './parse-file.ts';

/** Below this many files one thread is faster than starting workers (each loads the parser anew). */
const MIN_FILES_FOR_WORKERS = 40;
/** Tasks queued per worker: enough to keep every core busy without holding every result at once. */
const QUEUE_PER_THREAD = 8;
/** A page still parsing after this long is pathological: its worker is stopped and the page fails. */
export const PAGE_BUDGET_MS = 60_000;

export interface ParseOptions {
  crawledAt?: string;
  /** Worker threads, used whatever the number of files; default: one per core once there are enough files; 1 parses on the main thread. */
  threads?: number;
  /** Time a page may take on a worker (queue wait included) before it is given up; default PAGE_BUDGET_MS. */
  budgetMs?: number;
}

/** Parse files in parallel; `onPage` sees every page in input order, so reports read the same each run. */
export async function parseAll(files: string[], options: ParseOptions, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  const threads = options.threads ?? availableParallelism();
  const task = (file: string): ParseTask => ({ file, crawledAt: options.crawledAt });
  if (threads <= 1 || (options.threads === undefined && files.length < MIN_FILES_FOR_WORKERS)) {
    for (const [index, file] of files.entries()) onPage(await parseFile(task(file)), index);
    return;
  }
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
      const budget = options.budgetMs ?? PAGE_BUDGET_MS;
      const job: Promise<void> = pool.run(task(file), { signal: AbortSignal.timeout(budget) }).then(
        (page: ParsedPage) => void done.set(index, page),
        (error: Error) => void done.set(index, { ...emptyPage(file), ok: false, error: error.name === 'AbortError' || error.name === 'TimeoutError' ? `parsing took longer than ${budget / 1000} s and was stopped` : `the parser crashed (${error.message})` }),
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
