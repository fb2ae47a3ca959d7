// `folio watch`: the first build, the preview server and the rebuilds, wired to the CLI's
// config and reporter. `incrementalRebuild` is the one place that says how a rebuild is done.

import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import open from 'open';
import { isInside, startWatch, type Changes, type Outcome, type Rebuild, type WatchOptions } from '../watch/index.ts';
import { configPath, loadConfig, SAMPLE_DIR, type Config, type ConfigFlags } from './config.ts';
import { findPages, isPagePath, SKIP_DIRS } from './files.ts';
import { Builder } from '../build/builder.ts';
import { keepParseWorkers } from './parse-pool.ts';
import { plural, stderrReporter, type Reporter } from './report.ts';

export interface WatchFlags {
  port: number;
  open?: boolean;
  crawledAt?: string;
}

/** The folder build caches live in; never watched. */
const CACHE_DIR = '.cache';

export async function runWatch(inputs: string[], flags: WatchFlags, global: ConfigFlags & { quiet?: boolean }): Promise<void> {
  const config = await loadConfig(global);
  const reporter = stderrReporter(global.quiet);
  // Rebuilds that parse a changed page find a parse worker already started.
  const closeWorkers = keepParseWorkers();
  try {
    const options = await watchOptions(inputs.length ? inputs : [SAMPLE_DIR], config, { ...flags, configFile: configPath(global), configFlags: global, quiet: global.quiet }, reporter);
    const session = await startWatch(options);
    reporter.summary(`Serving ${config.out} at ${session.url}; watching ${plural(options.paths.length, 'path')} (Ctrl-C stops)`);
    if (flags.open) await open(session.url).catch((error: Error) => reporter.note(`could not open a browser (${error.message}); open ${session.url} yourself`));

    await untilInterrupted();
    reporter.note('stopping: closing the watcher and the server');
    await session.close();
  } finally {
    await closeWorkers();
  }
}

export interface WatchSettings {
  port: number;
  crawledAt?: string;
  /** The config file a run reads; watched when it exists. */
  configFile: string;
  configFlags: ConfigFlags;
  quiet?: boolean;
}

/** What `folio watch` watches, skips and runs for the scraped `inputs` (as given) and `config`. */
export async function watchOptions(inputs: string[], config: Config, settings: WatchSettings, reporter: Reporter): Promise<WatchOptions> {
  await findPages(inputs); // a mistyped folder is a usage error now, not a failed rebuild later
  const sources = inputs.map((input) => resolve(input));
  const watched = watchedPaths(sources, config, settings.configFile);
  if (!existsSync(config.templates)) reporter.note(`${config.templates} does not exist, so it is not watched; create it and restart folio watch to have it watched`);
  return {
    paths: watched.paths,
    outDir: config.out,
    port: settings.port,
    rebuild: incrementalRebuild({ inputs, config, configFile: watched.configFile, configFlags: settings.configFlags, crawledAt: settings.crawledAt, reporter, quiet: settings.quiet }),
    // A folder holding an input stays watched, even one named like a cache.
    skip: [resolve(CACHE_DIR), resolve(config.cacheDir), ...sources.flatMap((dir) => [...SKIP_DIRS].map((name) => join(dir, name)))]
      .filter((dir) => !sources.some((source) => isInside(source, dir))),
    ownWrites: [config.content],
    relevant: (path) => isRelevant(path, sources, config, watched.configFile),
    reporter,
  };
}

/** Resolves at the first Ctrl-C (or SIGTERM); a second one gets Node's default: stop at once. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function watchedPaths(sources: string[], config: Config, configFile: string): { paths: string[]; configFile: string | null } {
  const file = resolve(configFile);
  // A config file created while watching is not picked up: chokidar needs it to exist now.
  const hasConfig = existsSync(file);
  return {
    // content/ may not exist yet: the first build, before the watcher starts, creates it.
    paths: [...sources, resolve(config.content), ...(existsSync(config.templates) ? [resolve(config.templates)] : []), ...(hasConfig ? [file] : [])],
    configFile: hasConfig ? file : null,
  };
}

/** Changes that can alter the site: scraped pages, records, templates and assets, the config. */
function isRelevant(path: string, sources: string[], config: Config, configFile: string | null): boolean {
  if (path === configFile) return true;
  if (isInside(path, resolve(config.templates))) return true;
  if (isInside(path, resolve(config.content))) return path.endsWith('.md');
  return sources.some((source) => path === source || (isInside(path, source) && isPagePath(relative(source, path))));
}

interface RebuildSetup {
  /** Scraped folders or files, as given (messages name them so). */
  inputs: string[];
  config: Config;
  configFile: string | null;
  configFlags: ConfigFlags;
  crawledAt?: string;
  reporter: Reporter;
  quiet?: boolean;
}

/**
 * Rebuilds through the incremental builder: it keeps parsed pages, records and page fingerprints
 * between builds, so a changed page is parsed again alone and only the site pages it shows on are
 * rendered. New pages go live first; the search index follows.
 */
export function incrementalRebuild(setup: RebuildSetup): Rebuild {
  let config = setup.config;
  // The builder keeps one reporter; each rebuild points it at that rebuild's collecting reporter.
  let current: Reporter = setup.reporter;
  const reporter: Reporter = {
    step: (label, detail) => current.step(label, detail),
    note: (text) => current.note(text),
    problem: (file, problem, fix) => current.problem(file, problem, fix),
    summary: (text) => current.summary(text),
  };
  const builder = new Builder(config, reporter, {
    inputs: setup.inputs,
    import: { crawledAt: setup.crawledAt },
    deferSearch: true,
    ...(setup.configFile ? { configFile: setup.configFile } : {}),
    reloadConfig: async () => (config = await reloadConfig(config, setup.configFlags, current)),
  });
  let first = true;
  return async (changes?: Changes): Promise<Outcome> => {
    const problems: string[] = [];
    // Steps and notes once, for the first build; every rebuild after it prints problems and one line.
    current = collecting(setup.reporter, problems, !first || setup.quiet === true);
    first = false;
    const outcome = await builder.build(changes);
    return { ok: outcome.render?.articles ?? 0, failed: outcome.failed, problems, wrote: outcome.recordsWritten, ...(outcome.search ? { settled: outcome.search } : {}) };
  };
}

/** The new config's site settings and tags; the folders stay those being watched and served. */
async function reloadConfig(current: Config, flags: ConfigFlags, reporter: Reporter): Promise<Config> {
  const next = await loadConfig(flags);
  const moved = (['content', 'out', 'templates'] as const).filter((key) => resolve(next[key]) !== resolve(current[key]));
  if (moved.length) reporter.problem(configPath(flags), `${moved.join(', ')} changed`, 'restart folio watch to use the new folders; until then the old ones are used');
  return { ...next, content: current.content, out: current.out, templates: current.templates };
}

/** A reporter that also keeps every problem line, for the browser's overlay. */
function collecting(reporter: Reporter, problems: string[], quiet: boolean): Reporter {
  return {
    step: (label, detail) => quiet || reporter.step(label, detail),
    note: (text) => quiet || reporter.note(text),
    problem: (file, problem, fix) => {
      problems.push(`${file}: ${problem}; ${fix}`);
      reporter.problem(file, problem, fix);
    },
    summary: (text) => reporter.summary(text),
  };
}
