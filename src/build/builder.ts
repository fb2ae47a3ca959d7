// The incremental builder behind `folio build`, `import`, `render` and `folio watch`: one object
// that keeps what a build learnt (parsed pages, records read, file stamps) for the next one, in
// memory and in the cache folder. Each build is exact (it gives the bytes a clean build would):
// a page is parsed again only when its bytes changed, a record read again only when its file did,
// a page of the site rendered again only when its fingerprint did; with nothing changed at all,
// the build stops after comparing stamps.

import { join, resolve } from 'node:path';
import { DEFAULT_TEMPLATES, type Config } from '../cli/config.ts';
import { PageList } from '../cli/files.ts';
import type { Reporter } from '../cli/report.ts';
import type { BuildContext, ImportOptions, RenderResult } from '../cli/pipeline.ts';
import { CacheStore } from '../cache/store.ts';
import { afterThisTask } from '../content/ahead.ts';
import { isUnchanged, loadSnapshot, saveSnapshot, snapshotKey, type ReportLine, type WatchedFiles } from './snapshot.ts';
import { FileStamps } from './stamps.ts';

/** Files that changed, were added or removed (absolute paths): scraped pages, records, templates, the config file. */
export interface ChangeSet {
  paths: string[];
}

export interface BuilderOptions {
  /** Folders or files of scraped pages to import; null: render content/ alone. */
  inputs: string[] | null;
  import?: ImportOptions;
  /** Render dist/ after importing (default true; false for `folio import`). */
  render?: boolean;
  /** Use the cache folder (default true; false: --no-cache). */
  cache?: boolean;
  /** The config file, and how to read the config again when it changes (watch). */
  configFile?: string;
  reloadConfig?: () => Promise<Config>;
  /**
   * Put the new pages in place before the search index is made (folio watch): the outcome's
   * `search` then resolves when the index has followed. Off: the site and its index are swapped in together.
   */
  deferSearch?: boolean;
  /**
   * The builder builds once (the CLI): what only a next import in this process would use is let go
   * before rendering, so that the render does not hold it too (peak memory of a cold build).
   */
  once?: boolean;
}

export interface ImportCounts {
  records: number;
  pages: number;
  parsed: number;
  written: number;
  unchanged: number;
  merged: number;
  conflicts: number;
  removed: number;
  skipped: number;
  failed: number;
}

/** The render stage's counts, without the deferred search index (that is the outcome's `search`). */
export type RenderCounts = Omit<RenderResult, 'search'>;

export interface BuildOutcome {
  /** Nothing had changed since the previous build: nothing was done (the report was repeated). */
  upToDate: boolean;
  import: ImportCounts | null;
  render: RenderCounts | null;
  /** Inputs that failed (scraped pages, invalid records): the exit code is 2 when not 0. */
  failed: number;
  /** With `deferSearch`: resolves to the pages in the search index once it is in place (null: indexing failed). */
  search?: Promise<number | null>;
  /** Records the import wrote or removed (absolute paths); the ledger, journal and pictures beside them are not listed. */
  recordsWritten: string[];
}

export class Builder {
  private context: BuildContext | null = null;
  /** The scraped pages under the inputs as the last build found them. */
  private pages: PageList | null = null;
  /** A deferred search index still being made: the next build waits for it. */
  private indexing: Promise<unknown> = Promise.resolve();

  constructor(private config: Config, private readonly reporter: Reporter, private readonly options: BuilderOptions) {}

  async build(changes?: ChangeSet): Promise<BuildOutcome> {
    await this.indexing;
    if (changes && this.options.configFile && this.options.reloadConfig && changes.paths.some((path) => resolve(path) === resolve(this.options.configFile!))) {
      this.config = await this.options.reloadConfig();
      this.context = null;
    }
    const useCache = this.options.cache ?? true;
    const cache = useCache ? new CacheStore(resolve(this.config.cacheDir)) : CacheStore.disabled();
    const inputs = this.options.inputs ? (await this.findPages(this.options.inputs, changes)).files : [];
    const watched: WatchedFiles = {
      inputs,
      content: this.config.content,
      templates: [this.config.templates, DEFAULT_TEMPLATES],
      out: this.config.out,
    };
    const key = snapshotKey({
      cwd: process.cwd(), config: this.config, inputs: this.options.inputs, import: this.options.import ?? {}, render: this.options.render ?? true,
    });
    let stamps = new FileStamps();
    if (this.context === null && useCache) {
      const snapshot = await loadSnapshot<BuildOutcome>(cache, key);
      if (snapshot && (await isUnchanged(snapshot, watched))) return this.replay(snapshot.outcome, snapshot.lines);
      // Something changed: the stamps still spare reading the files that did not.
      if (snapshot) stamps = new FileStamps(snapshot.stamps);
    }

    const pipeline = await import('../cli/pipeline.ts');
    // A watcher's list of changes is trusted only when this builder has seen every file before.
    const trusted = changes !== undefined && this.context !== null;
    this.context ??= pipeline.newContext(this.config, useCache, stamps);
    this.context.inputFiles = this.options.inputs && this.pages;
    if (trusted) this.context.stamps.trustAllBut(changes.paths);
    try {
      return await this.run(pipeline, cache, key, watched, trusted);
    } finally {
      this.context?.stamps.trustNothing();
    }
  }

  /** The pages under the inputs: the last build's list updated from a trusted list of changes, else walked anew. */
  private async findPages(inputs: string[], changes: ChangeSet | undefined): Promise<PageList> {
    const trusted = changes !== undefined && this.context !== null && this.pages?.sameInputs(inputs);
    if (!trusted || !(await this.pages!.update(changes.paths.map((path) => resolve(path))))) this.pages = await PageList.find(inputs);
    return this.pages!;
  }

  private async run(pipeline: typeof import('../cli/pipeline.ts'), cache: CacheStore, key: string, watched: WatchedFiles, trusted: boolean): Promise<BuildOutcome> {
    const context = this.context!;
    const lines: ReportLine[] = [];
    const reporter = recording(this.reporter, lines);
    const outcome: BuildOutcome = { upToDate: false, import: null, render: null, failed: 0, recordsWritten: [] };
    /** With deferSearch, the import's ledger is written once the pages are live (see SyncOptions.deferLedger). */
    let finishImport: (() => Promise<void>) | undefined;
    if (this.options.inputs) {
      const deferLedger = (this.options.deferSearch ?? false) && (this.options.render ?? true);
      const result = await pipeline.importPages(this.options.inputs, this.config, reporter, { ...this.options.import, deferLedger }, context);
      finishImport = result.finish;
      outcome.recordsWritten = [...result.sync.written, ...result.sync.removed].map((file) => resolve(file));
      if (this.options.once) pipeline.releaseImportState(context);
      const { sync } = result;
      outcome.import = {
        records: result.records, pages: result.pages.length, parsed: result.parsed, written: sync.written.length, unchanged: sync.unchanged.length,
        merged: result.merges.length, conflicts: sync.conflicts.length, removed: sync.removed.length, skipped: result.skipped, failed: result.failed,
      };
      outcome.failed += result.failed;
    }
    if (this.options.render ?? true) {
      // A render that fails still leaves the import complete.
      const { search, ...result } = await pipeline.renderContent(this.config, reporter, context, { deferSearch: this.options.deferSearch, trustOutput: trusted })
        .catch(async (error: unknown) => {
          await finishImport?.();
          throw error;
        });
      outcome.render = result;
      outcome.failed += result.invalid;
      if (search) {
        // What the watcher said changed: the snapshot, taken after this build has returned, stamps the other files as this build found them.
        const changes = trusted ? [...(context.stamps.changes ?? [])] : null;
        // Begun once this build has returned: the ledger's work comes after the pages are live.
        const imported = finishImport && afterThisTask().then(finishImport).catch((error: unknown) => {
          reporter.problem(join(this.config.content, pipeline.LEDGER_FILE), `not written (${(error as Error).message})`, 'check that content/ can be written; the next build writes it again');
        });
        // The snapshot is taken once the index is in place: a build before that must not take the fast path.
        outcome.search = search.then(async (pages) => {
          await imported;
          result.searchable = pages;
          if (!this.options.import?.dryRun) {
            if (changes) context.stamps.trustAllBut(changes);
            try {
              await saveSnapshot(cache, key, watched, context.stamps, { ...outcome, search: undefined, recordsWritten: [] }, lines);
            } finally {
              if (changes) context.stamps.trustNothing();
            }
          }
          return pages;
        });
        this.indexing = outcome.search.catch(() => undefined);
        return outcome;
      }
    }
    await finishImport?.();
    if (!this.options.import?.dryRun) await saveSnapshot(cache, key, watched, context.stamps, { ...outcome, recordsWritten: [] }, lines);
    return outcome;
  }

  /** The previous build's report and counts, as a build that changes nothing would give them. */
  private replay(previous: BuildOutcome, lines: ReportLine[]): BuildOutcome {
    for (const line of lines) {
      if (line.kind === 'problem') this.reporter.problem(line.args[0]!, line.args[1]!, line.args[2]!);
      else if (line.kind === 'note' && !/^(removed|would remove) /.test(line.args[0]!)) this.reporter.note(line.args[0]!);
    }
    this.reporter.note('nothing changed since the last build (scraped pages, content/, templates, config and dist/ are as it left them)');
    const imported = previous.import && {
      ...previous.import, parsed: 0, written: 0, unchanged: previous.import.unchanged + previous.import.written, removed: 0,
    };
    const rendered = previous.render && { ...previous.render, written: 0 };
    return { upToDate: true, import: imported, render: rendered, failed: previous.failed, recordsWritten: [] };
  }
}

/** A reporter that also keeps every line, so a build with nothing to do can repeat them. */
function recording(reporter: Reporter, lines: ReportLine[]): Reporter {
  return {
    step: (label, detail) => reporter.step(label, detail),
    problem: (file, problem, fix) => {
      lines.push({ kind: 'problem', args: [file, problem, fix] });
      reporter.problem(file, problem, fix);
    },
    note: (text) => {
      lines.push({ kind: 'note', args: [text] });
      reporter.note(text);
    },
    summary: (text) => reporter.summary(text),
  };
}
