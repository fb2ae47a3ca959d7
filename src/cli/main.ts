// folio's command line: parse, import, render, build, watch. Labelled steps and problems go to stderr,
// data (parse --jsonl) to stdout, one summary line closes every run.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { toJsonRecord } from '../model/page.ts';
import { Builder, type BuilderOptions } from '../build/builder.ts';
import { ConfigError, loadConfig, PACKAGE_ROOT, SAMPLE_DIR, type Config, type ConfigFlags } from './config.ts';
import { InputError, findPages } from './files.ts';
import { EXIT, plural, seconds, stderrReporter, type Reporter } from './report.ts';
import type { WatchFlags } from './watch.ts';
// Only the error class: the watcher and server load when `watch` runs, not for every command.
import { PortError } from '../watch/errors.ts';

interface GlobalFlags extends ConfigFlags {
  quiet?: boolean;
}

interface ImportFlags {
  /** false with --no-cache. */
  cache?: boolean;
  dryRun?: boolean;
  force?: boolean;
  prune?: boolean;
  crawledAt?: string;
}

const VERSION = (JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end with code 0; everything else commander rejects is bad usage.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // TemplateError by name: the render stage (where it lives) is loaded only when a build needs it.
  if (error instanceof ConfigError || error instanceof InputError || error instanceof PortError || (error instanceof Error && error.name === 'TemplateError')) {
    process.stderr.write(`folio: ${error.message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`folio: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.unexpected;
}

/** Said once a run: without a base URL nothing absolute is invented, so some files are left out. */
function noteMissingBaseUrl(config: Config, reporter: Reporter): void {
  if (config.site.baseUrl) return;
  reporter.note('no base URL set, so feed.xml, feed.json and sitemap.xml were not written and pages have no canonical or og:url; ' +
    'give --base-url https://your.host/path/ (or "baseUrl" in folio.config.json, or FOLIO_BASE_URL)');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('give a port number from 0 to 65535');
  return port;
}

/** The builder's options from an import-like command's flags. */
function builderOptions(inputs: string[] | null, flags: ImportFlags, render: boolean): BuilderOptions {
  const { cache, crawledAt, dryRun, force, prune } = flags;
  return { inputs, render, cache: cache !== false, import: { crawledAt, dryRun, force, prune }, once: true };
}

function buildProgram(): Command {
  const program = new Command('folio')
    .description('Turn folders of scraped news pages into a clean, searchable static archive site.')
    .version(VERSION, '-v, --version')
    .option('--config <file>', 'config file (default: folio.config.json if present)')
    .option('-q, --quiet', 'print only problems and the summary line')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`folio: ${text.replace(/^error: /, '')}`) })
    .addHelpText('after', `
Exit codes: 0 ok, 1 unexpected error, 2 some input failed (the rest was built), 3 bad usage or config.
Run "folio <command> --help" for a command's options.`);

  const baseUrl = new Option('--base-url <url>', 'where the site will be served, e.g. https://example.org/archive/ (for feeds, sitemap, canonical links)');
  const crawledAt = new Option('--crawled-at <iso>', 'crawl time for relative dates ("4天前") when a page records none');
  const noCache = new Option('--no-cache', 'parse and render everything anew, ignoring the cache folder (.folio-cache/)');

  program.command('parse')
    .description('parse scraped pages and print what was extracted (one JSON object a line with --jsonl)')
    .argument('<inputs...>', 'HTML files or folders (walked recursively for .html/.htm)')
    .option('--jsonl', 'print one JSON object per input file')
    .addOption(crawledAt)
    .action(async (inputs: string[], flags: { jsonl?: boolean; crawledAt?: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalFlags>();
      const reporter = stderrReporter(global.quiet || flags.jsonl);
      const start = performance.now();
      const files = await findPages(inputs);
      const { parseAll } = await import('./parse-pool.ts');
      let failed = 0;
      let articles = 0;
      await parseAll(files, { crawledAt: flags.crawledAt }, (page) => {
        if (!page.ok) failed++;
        if (page.is_article) articles++;
        if (flags.jsonl) process.stdout.write(`${JSON.stringify(toJsonRecord(page))}\n`);
        else if (!page.ok) reporter.problem(page.file, page.error ?? 'could not be parsed', 'check that it is an HTML page');
        else process.stdout.write(`${page.file}\n  ${page.is_article ? 'article' : 'not an article'} · ${page.title ?? '(no title)'} · ${page.published ?? 'no date'} · ${page.author.join(', ') || 'no author'} · ${page.site ?? ''} · ${page.text.length} chars · ${page.related.length} related\n`);
      });
      reporter.summary(`Parsed ${plural(files.length, 'file')} (${articles} articles, ${failed} failed) in ${seconds(start)}`);
      if (failed) process.exitCode = EXIT.inputFailed;
    });

  program.command('import')
    .description('parse scraped pages and write or update the Markdown records in content/')
    .argument('<inputs...>', 'folders or files of scraped pages')
    .option('--content <dir>', 'records folder (default: content)')
    .option('--dry-run', 'show what would be written, merged and removed; write nothing')
    .option('--force', 'overwrite records edited by hand since the last import')
    .option('--prune', 'remove records whose pages are not among the inputs any more')
    .addOption(crawledAt)
    .addOption(noCache)
    .action(async (inputs: string[], flags: ImportFlags, command: Command) => {
      const global = command.optsWithGlobals<GlobalFlags>();
      const config = await loadConfig(global);
      const reporter = stderrReporter(global.quiet);
      const start = performance.now();
      const outcome = await new Builder(config, reporter, builderOptions(inputs, flags, false)).build();
      const result = outcome.import!;
      const verb = flags.dryRun ? 'Would import' : 'Imported';
      reporter.summary(`${verb} ${plural(result.records, 'record')} from ${plural(result.pages, 'page')} (${result.written} written, ${result.unchanged} unchanged, ${result.merged} merged, ${plural(result.conflicts, 'conflict')}, ${result.removed} removed, ${result.skipped} skipped, ${result.failed} failed) in ${seconds(start)}`);
      if (result.failed) process.exitCode = EXIT.inputFailed;
    });

  program.command('render')
    .description('build the site in dist/ from the records in content/ alone')
    .option('--content <dir>', 'records folder (default: content)')
    .option('--out <dir>', 'output folder (default: dist)')
    .option('--templates <dir>', 'your templates folder; anything missing there comes from folio\'s defaults')
    .addOption(baseUrl)
    .addOption(noCache)
    .action(async (flags: ImportFlags, command: Command) => {
      const global = command.optsWithGlobals<GlobalFlags>();
      const config = await loadConfig(global);
      const reporter = stderrReporter(global.quiet);
      const start = performance.now();
      const result = (await new Builder(config, reporter, builderOptions(null, flags, true)).build()).render!;
      noteMissingBaseUrl(config, reporter);
      reporter.summary(`Rendered ${plural(result.pages, 'page')} from ${plural(result.articles, 'record')} (${result.invalid} invalid, ${result.warnings} warnings) in ${seconds(start)}`);
      if (result.invalid) process.exitCode = EXIT.inputFailed;
    });

  program.command('build')
    .description('import + render: scraped pages in, site out (no inputs: the bundled sample archive)')
    .argument('[inputs...]', 'folders or files of scraped pages (default: examples/scraped)')
    .option('--content <dir>', 'records folder (default: content)')
    .option('--out <dir>', 'output folder (default: dist)')
    .option('--templates <dir>', 'your templates folder')
    .addOption(baseUrl)
    .option('--force', 'overwrite records edited by hand since the last import')
    .option('--prune', 'remove records whose pages are not among the inputs any more')
    .addOption(crawledAt)
    .addOption(noCache)
    .action(async (inputs: string[], flags: ImportFlags, command: Command) => {
      const global = command.optsWithGlobals<GlobalFlags>();
      const config = await loadConfig(global);
      const reporter = stderrReporter(global.quiet);
      const start = performance.now();
      const sources = inputs.length ? inputs : [SAMPLE_DIR];
      const outcome = await new Builder(config, reporter, builderOptions(sources, { ...flags, dryRun: false }, true)).build();
      const [imported, rendered] = [outcome.import!, outcome.render!];
      noteMissingBaseUrl(config, reporter);
      reporter.summary(`Built ${plural(rendered.pages, 'page')} from ${plural(imported.records, 'article')} (${imported.skipped} skipped, ${outcome.failed} failed, ${imported.merged} merged, ${plural(imported.conflicts, 'conflict')}) in ${seconds(start)}`);
      if (outcome.failed) process.exitCode = EXIT.inputFailed;
    });

  program.command('watch')
    .description('build, serve the site on 127.0.0.1 with live reload, and rebuild when pages, records, templates or the config change')
    .argument('[inputs...]', 'folders or files of scraped pages (default: examples/scraped)')
    .option('--content <dir>', 'records folder (default: content)')
    .option('--out <dir>', 'output folder (default: dist)')
    .option('--templates <dir>', 'your templates folder')
    .addOption(baseUrl)
    .option('--port <n>', 'port to serve on; a taken port moves on to the next free one (0: any free port)', parsePort, 4321)
    .option('--open', 'open the site in the default browser')
    .addOption(crawledAt)
    .action(async (inputs: string[], flags: WatchFlags, command: Command) => {
      const { runWatch } = await import('./watch.ts');
      await runWatch(inputs, flags, command.optsWithGlobals<GlobalFlags>());
    });

  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: (text, write) => write(`folio: ${text.replace(/^error: /, '')}`) });
  return program;
}
