// The stages wired together: parse scraped files, normalize them into records, write content/,
// render the site from content/ alone. Each bad page is one line; the rest goes on.
// A BuildContext carries what one build leaves for the next: the parse cache (pages parsed before
// are not parsed again), file stamps, the records read before, converted bodies; dist/ is written
// into a staging folder and swapped in whole.

import { join, resolve } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type { ParsedPage } from '../model/index.ts';
import { normalizePages, normalizeUrl, type Merge } from '../normalize/index.ts';
import { existingSlugs, importedSlugs, readRecords, syncRecords, type SyncOptions, type SyncSummary } from '../content/index.ts';
import type { RecordMemo } from '../content/store.ts';
import { renderSite, siteLanguage } from '../render/index.ts';
import { SEARCH_DIR, searchLanguage, writeSearchIndex } from '../render/search.ts';
import { codeFingerprint, PARSER_SOURCES, RENDERER_SOURCES } from '../cache/fingerprint.ts';
import { hashParts } from '../cache/hash.ts';
import { CacheStore } from '../cache/store.ts';
import { loadPages, resolveBody, type InputEntry } from '../build/inputs.ts';
import { StagedFolder } from '../build/stage.ts';
import { FileStamps } from '../build/stamps.ts';
import type { Config } from './config.ts';
import { findPages } from './files.ts';
import { plural, type Reporter } from './report.ts';

/** What builds in one process (and, through the cache folder, across processes) share. */
export interface BuildContext {
  cache: CacheStore;
  /** Stamps of scraped files and records, to hash only files that may have changed. */
  stamps: FileStamps;
  /** Slim parsed pages by file, from the previous build in this process. */
  inputs: Map<string, InputEntry>;
  records: RecordMemo;
}

/** A context for `config`; `useCache` false (--no-cache) parses and renders everything anew. */
export function newContext(config: Pick<Config, 'cacheDir'> | null, useCache = true, stamps = new FileStamps()): BuildContext {
  const cache = useCache && config ? new CacheStore(resolve(config.cacheDir)) : CacheStore.disabled();
  const hash = (file: string) => stamps.hash(file);
  return { cache, stamps, inputs: new Map(), records: { hash, parsed: new Map() } };
}

export interface ParseCounts {
  pages: ParsedPage[];
  articles: ParsedPage[];
  skipped: number;
  failed: number;
  /** Pages parsed by this run; the others came from the parse cache. */
  parsed: number;
}

/** Parse every page under the inputs; failures and non-articles are counted and reported. */
export async function parseInputs(inputs: string[], reporter: Reporter, crawledAt?: string, context = newContext(null, false)): Promise<ParseCounts> {
  const files = await findPages(inputs);
  reporter.step('Parsing', `${files.length} files from ${inputs.join(', ')}`);
  const counts: ParseCounts = { pages: [], articles: [], skipped: 0, failed: 0, parsed: 0 };
  const parserFingerprint = await codeFingerprint(PARSER_SOURCES);
  const stats = await loadPages(files, { crawledAt, cache: context.cache, stamps: context.stamps, parserFingerprint, memo: context.inputs }, (page) => {
    counts.pages.push(page);
    if (!page.ok) {
      counts.failed++;
      reporter.problem(page.file, page.error ?? 'could not be parsed', 'check that it is an HTML page; the rest of the archive is built without it');
    } else if (!page.is_article) {
      counts.skipped++;
      reporter.note(`skipped ${page.file}: not an article (index, list or error page)`);
    } else counts.articles.push(page);
  });
  counts.parsed = stats.parsed;
  if (stats.cached) reporter.note(`${plural(stats.cached, 'page')} unchanged since an earlier parse (cache)`);
  return counts;
}

export interface ImportOptions extends SyncOptions {
  crawledAt?: string;
}

export interface ImportResult extends ParseCounts {
  records: number;
  merges: Merge[];
  sync: SyncSummary;
}

export async function importPages(inputs: string[], config: Config, reporter: Reporter, options: ImportOptions = {}, context = newContext(config, false)): Promise<ImportResult> {
  const parsed = await parseInputs(inputs, reporter, options.crawledAt, context);
  const existing = await readRecords(config.content, context.records);
  // Slugs import gave before (ledger), else the slug of the record holding the same URL.
  const slugs = await importedSlugs(config.content);
  for (const record of existing.records) {
    for (const url of [record.url, ...record.sources.map((s) => s.url)]) if (url && !slugs.has(normalizeUrl(url))) slugs.set(normalizeUrl(url), record.slug);
  }
  const { records, pagesOf, merges } = normalizePages(parsed.articles, {
    existingSlugs: slugs,
    reservedSlugs: await existingSlugs(config.content),
    tagSynonyms: config.tagSynonyms,
  });
  for (const merge of merges) reporter.note(`merged ${merge.dropped} into ${merge.kept} (${merge.reason}${merge.similarity ? `, ${Math.round(merge.similarity * 100)}% shared` : ''})`);
  reporter.step('Writing', `${records.length} records to ${config.content}${options.dryRun ? ' (dry run: nothing written)' : ''}`);
  // Bodies stay in the parse cache until their record is written, one at a time.
  const fileOfKey = new Map([...context.inputs.values()].flatMap((entry) => (entry.key ? [[entry.key, entry.page.file] as const] : [])));
  const resolveRecordBody = (record: { body: string }) => resolveBody(record.body, context.cache, (key) => fileOfKey.get(key), options.crawledAt);
  const sync = await syncRecords(config.content, records.map((record) => ({ record, pages: pagesOf.get(record.slug) ?? [] })), { ...options, resolveBody: resolveRecordBody });
  for (const conflict of sync.conflicts) reporter.problem(conflict.file, `${conflict.problem}; kept as it is`, 'run import with --force to replace it with the imported page');
  for (const file of sync.removed) reporter.note(`${options.dryRun ? 'would remove' : 'removed'} ${file}`);
  if (sync.kept.length) reporter.note(`${plural(sync.kept.length, 'record')} whose pages were not in this import kept; --prune removes them`);
  return { ...parsed, records: records.length, merges, sync };
}

export interface RenderResult {
  pages: number;
  articles: number;
  invalid: number;
  warnings: number;
  /** Files written; the other pages were unchanged since the previous build and kept. */
  written: number;
  /** Pages in the search index; null when indexing failed (the site is still complete). */
  searchable: number | null;
}

/** Render content/ into a staging folder and swap it in for the output folder when complete. */
export async function renderContent(config: Config, reporter: Reporter, context = newContext(config, false)): Promise<RenderResult> {
  const { records, problems } = await readRecords(config.content, context.records);
  for (const problem of problems) reporter.problem(problem.file, problem.message, 'the site is built without this record');
  reporter.step('Rendering', `${records.length} records from ${config.content} to ${config.out}`);
  const stage = await StagedFolder.open(config.out);
  try {
    const { cache } = context;
    const summary = await renderSite(records, {
      outDir: stage.dir, templatesDir: config.templates, site: config.site,
      ...(cache.enabled ? { codeVersion: await codeFingerprint(RENDERER_SOURCES), bodies: { get: (key) => cache.readText('body-html', key), set: (key, html) => cache.writeText('body-html', key, html) } } : {}),
    });
    for (const warning of summary.warnings) reporter.note(`warning ${warning.file}: ${warning.message}`);
    const language = searchLanguage(records.map((record) => record.lang), siteLanguage(config.site.lang, records));
    const searchable = await indexForSearch(config, stage.dir, language, summary.articlePages, reporter);
    await stage.commit();
    return { pages: summary.pages, articles: summary.articles, invalid: problems.length, warnings: summary.warnings.length, written: summary.written, searchable };
  } catch (error) {
    await stage.abort();
    throw error;
  }
}

/** Beside the search bundle: what it was made from, and how many pages it holds. */
const SEARCH_STAMP = '.folio-search';

/**
 * Search is an extra: when Pagefind fails, the site is still written and the build goes on. The
 * index is made from the article pages alone, so when none of them changed it is kept.
 */
async function indexForSearch(config: Config, outDir: string, language: string, articlePages: string | null, reporter: Reporter): Promise<number | null> {
  reporter.step('Indexing', `article pages in ${config.out} for search (as "${language}")`);
  const shownDir = join(config.out, SEARCH_DIR);
  const stampFile = join(outDir, SEARCH_DIR, SEARCH_STAMP);
  const key = articlePages === null ? null : hashParts([articlePages, language]);
  const [previousKey, previousPages] = (await readFile(stampFile, 'utf8').catch(() => '')).split('\n');
  if (key !== null && previousKey === key && previousPages) {
    reporter.note(`search index: ${plural(Number(previousPages), 'page')} in ${shownDir} (no article page changed)`);
    return Number(previousPages);
  }
  try {
    const result = await writeSearchIndex(outDir, language);
    if (key !== null) await writeFile(stampFile, `${key}\n${result.pages}\n`);
    reporter.note(`search index: ${plural(result.pages, 'page')} in ${shownDir}`);
    return result.pages;
  } catch (error) {
    reporter.problem(config.out, `search index not written (${(error as Error).message})`, 'the site works without search; run the build again, and check that the pagefind package is installed for this platform');
    return null;
  }
}
