// startWatch: build once, serve the output with live reload, and rebuild when the inputs change.
// The rebuild itself is injected (today the CLI's full import + render, later an incremental
// builder); this module only decides when to run it and tells the terminal and the browser.

import { relative, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { EventChannel } from './events.ts';
import { OwnWrites } from './own-writes.ts';
import { DEFAULT_TIMINGS, RebuildQueue, type QueueTimings } from './queue.ts';
import { startServer } from './server.ts';
import { watchFiles } from './watcher.ts';

export interface Changes {
  /** Absolute paths of the files added, changed or removed since the last rebuild. */
  paths: string[];
}

export interface Outcome {
  /** Inputs built fine (pages parsed, records rendered: the rebuild says which). */
  ok: number;
  /** Inputs that failed; the rest of the site was still built. */
  failed: number;
  /** One line per problem, as the terminal showed them; shown in the browser too. */
  problems: string[];
  /** Work the rebuild goes on with once its pages are live (the search index): closing waits for it. */
  settled?: Promise<unknown>;
  /**
   * Files the rebuild wrote or removed in the `ownWrites` folders (absolute paths), when it knows
   * them: only those are looked at again for its echoes. Otherwise every file there is.
   */
  wrote?: string[];
}

/** Without `changes` the rebuild builds everything (the first build). */
export type Rebuild = (changes?: Changes) => Promise<Outcome>;

/** Where the watch prints its own lines; the rebuild prints its problems itself. */
export interface WatchReporter {
  note(text: string): void;
  problem(file: string, problem: string, fix: string): void;
  summary(text: string): void;
}

export interface WatchOptions {
  /** Files and folders to watch (scraped folders, content/, templates/, the config file). */
  paths: string[];
  /** The built site, served and never watched. */
  outDir: string;
  /** 0 picks any free port; a taken port moves on to the next free one, saying so. */
  port: number;
  rebuild: Rebuild;
  /** More folders never watched (the cache). */
  skip?: string[];
  /** Watched folders the rebuild writes itself (content/): its own writes start no rebuild. */
  ownWrites?: string[];
  /** Changes that cannot affect the build (a scraper's images) are dropped here. */
  relevant?: (path: string) => boolean;
  reporter: WatchReporter;
  timings?: Partial<QueueTimings>;
}

export interface WatchSession {
  url: string;
  port: number;
  /** Resolves once no change waits and no rebuild runs. */
  idle(): Promise<void>;
  /** Stop watching, let a running rebuild finish, close the server and every open event stream. */
  close(): Promise<void>;
}

export async function startWatch(options: WatchOptions): Promise<WatchSession> {
  const { reporter } = options;
  const outDir = resolve(options.outDir);
  const events = new EventChannel();
  const ownWrites = new OwnWrites((options.ownWrites ?? []).map((dir) => resolve(dir)));
  /** The last rebuild's unfinished work (see Outcome.settled). */
  let settling: Promise<unknown> = Promise.resolve();

  const rebuild = async (changes?: Changes): Promise<void> => {
    const start = performance.now();
    let outcome: Outcome | undefined;
    try {
      outcome = await options.rebuild(changes);
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      reporter.problem('rebuild', `failed (${reason})`, 'the pages built before stay served; fix the cause and save again');
      events.showProblems([`rebuild failed: ${reason}`]);
      return;
    } finally {
      await (outcome?.wrote ? ownWrites.recordFiles(outcome.wrote) : ownWrites.record());
    }
    if (outcome.settled) settling = outcome.settled.catch(() => undefined);
    events.showProblems(outcome.problems);
    events.reload();
    const cause = changes ? ` after ${describeChanges(changes.paths)}` : '';
    reporter.summary(`${changes ? 'Rebuilt' : 'Built'}${cause} in ${((performance.now() - start) / 1000).toFixed(1)} s (${outcome.ok} ok, ${outcome.failed} failed)`);
  };

  const queue = new RebuildQueue(async (paths) => {
    const real: string[] = [];
    for (const path of paths) if (!(await ownWrites.isEcho(path))) real.push(path);
    if (real.length) await rebuild({ paths: real });
  }, { ...DEFAULT_TIMINGS, ...options.timings });

  await rebuild();
  const server = await startServer({ root: outDir, port: options.port, events, onNote: (text) => reporter.note(text) });
  let watcher: FSWatcher;
  try {
    watcher = await watchFiles({
      paths: options.paths.map((path) => resolve(path)),
      skip: [outDir, ...(options.skip ?? []).map((dir) => resolve(dir))],
      onChange: (path) => {
        if (options.relevant?.(path) ?? true) queue.add(path);
      },
      onError: (error) => reporter.problem('watcher', error.message, 'changes may be missed; restart folio watch'),
    });
  } catch (error) {
    await server.close();
    events.close();
    throw error;
  }

  return {
    url: server.url,
    port: server.port,
    idle: () => queue.idle(),
    close: async () => {
      await watcher.close();
      await queue.close();
      await settling;
      events.close();
      await server.close();
    },
  };
}

/** "content/a.md", or "content/a.md and 299 more files", relative to the working folder. */
function describeChanges(paths: string[]): string {
  const first = relative(process.cwd(), paths[0] ?? '') || '.';
  return paths.length === 1 ? first : `${first} and ${paths.length - 1} more files`;
}
