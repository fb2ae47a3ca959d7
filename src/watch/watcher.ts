// Watching the build's inputs with chokidar: files are reported once fully written, editors'
// scratch files never, and the output and cache folders are not even entered.

import { watch, type FSWatcher } from 'chokidar';
import { isInside, scratchRule } from './ignore.ts';

/** A file counts as written once its size has stayed the same this long (ms). */
const WRITE_SETTLE_MS = 100;
const WRITE_POLL_MS = 25;

export interface WatcherOptions {
  paths: string[];
  /** Folders never watched, wherever they are (dist/, the cache). */
  skip: string[];
  onChange: (path: string) => void;
  onError: (error: Error) => void;
}

/** Start watching; resolves once the initial scan is done, so no later change is missed. */
export async function watchFiles(options: WatcherOptions): Promise<FSWatcher> {
  const watcher = watch(options.paths, {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: WRITE_SETTLE_MS, pollInterval: WRITE_POLL_MS },
    ignored: (path) => options.skip.some((dir) => isInside(path, dir)) || scratchRule(path) !== null,
  });
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, (path: string) => options.onChange(path));
  watcher.on('error', (error) => options.onError(error as Error));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return watcher;
}
