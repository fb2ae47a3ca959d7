// Parsing on every core: a worker-thread pool (piscina) runs parse-file.ts. Small jobs parse on
// the main thread, where starting a worker would cost more than the parsing (about half a second
// of CPU), except pages over a megabyte, which always go to a worker. Every page has a time
// budget: a worker is stopped from outside when its page runs over; on the main thread the parser
// checks the budget between its stages.

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import type { ParseTask } from './parse-file.ts';

/** Below this many files the main thread parses (each worker loads the parser anew). */
const MIN_FILES_FOR_WORKERS = 40;
/**
 * Pages bigger than this parse on a worker even in small jobs, where the budget can stop them
 * mid-stage: a hostile page is more likely a big one, and a real article page is far smaller.
 */
export const INLINE_MAX_BYTES = 1024 * 1024;
/** Tasks queued per worker: enough to keep every core busy without holding every result at once. */
const QUEUE_PER_THREAD = 8;
/** A page still parsing after this long is pathological: its worker is stopped and the page fails. */
export const PAGE_BUDGET_MS = 60_000;

export interface ParseOptions {
  crawledAt?: string;
  /** Worker threads, used whatever the number of files; default: one per core from MIN_FILES_FOR_WORKERS files, else the main thread. */
  threads?: number;
  /** Time a page may take (on a worker, queue wait included) before it is given up; default PAGE_BUDGET_MS. */
  budgetMs?: number;
  /** Every page on this thread, big ones too (for comparing results). */
  inline?: boolean;
}

/** Parse files in parallel; `onPage` sees every page in input order, so reports read the same each run. */
export async function parseAll(files: string[], options: ParseOptions, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  const budget = options.budgetMs ?? PAGE_BUDGET_MS;
  const task = (file: string): ParseTask => ({ file, crawledAt: options.crawledAt, budgetMs: budget });
  if (options.inline || (options.threads === undefined && files.length < MIN_FILES_FOR_WORKERS)) {
    await parseHere(files, task, budget, Boolean(options.inline), onPage);
    return;
  }
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pool = newPool(threads);
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

function newPool(threads: number): Piscina {
  return new Piscina({ filename: new URL('../../bin/parse-worker.js', import.meta.url).href, maxThreads: threads, minThreads: threads });
}

/** A small job: pages on this thread, one after the other; a big page on a worker started for it. */
async function parseHere(files: string[], task: (file: string) => ParseTask, budget: number, inline: boolean, onPage: (page: ParsedPage, index: number) => void): Promise<void> {
  // Loaded only here: most builds' main thread never needs the parser.
  const { parseFile } = await import('./parse-file.ts');
  let pool: Piscina | null = null;
  try {
    for (const [index, file] of files.entries()) {
      const size = inline ? 0 : ((await stat(file).catch(() => null))?.size ?? 0);
      if (size <= INLINE_MAX_BYTES) {
        onPage(await parseFile(task(file)), index);
        continue;
      }
      pool ??= newPool(1);
      onPage(await pool.run(task(file), { signal: AbortSignal.timeout(budget) }).catch((error: Error) => failedPage(file, error, budget)), index);
    }
  } finally {
    await pool?.destroy();
  }
}

/** A page whose worker was stopped (over budget) or died (out of memory, a crash in native code). */
function failedPage(file: string, error: Error, budget: number): ParsedPage {
  const stopped = error.name === 'AbortError' || error.name === 'TimeoutError';
  const reason = stopped ? `parsing took longer than ${budget / 1000} s and was stopped` : `the parser crashed (${error.message})`;
  return { ...emptyPage(file), ok: false, error: reason };
}
