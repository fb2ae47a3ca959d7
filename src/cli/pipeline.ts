// The stages wired together: parse scraped files, normalize them into records, write content/,
// render the site from content/ alone. Each bad page is one line; the rest goes on.

import type { ParsedPage } from '../model/index.ts';
import { normalizePages, normalizeUrl, type Merge } from '../normalize/index.ts';
import { existingSlugs, importedSlugs, readRecords, syncRecords, type SyncOptions, type SyncSummary } from '../content/index.ts';
import { renderSite, siteLanguage } from '../render/index.ts';
import { searchLanguage, writeSearchIndex } from '../render/search.ts';
import type { Config } from './config.ts';
import { findPages } from './files.ts';
import { parseAll } from './parse-pool.ts';
import { plural, type Reporter } from './report.ts';

export interface ParseCounts {
  pages: ParsedPage[];
  articles: ParsedPage[];
  skipped: number;
  failed: number;
}

/** Parse every page under the inputs; failures and non-articles are counted and reported. */
export async function parseInputs(inputs: string[], reporter: Reporter, crawledAt?: string): Promise<ParseCounts> {
  const files = await findPages(inputs);
  reporter.step('Parsing', `${files.length} files from ${inputs.join(', ')}`);
  const counts: ParseCounts = { pages: [], articles: [], skipped: 0, failed: 0 };
  await parseAll(files, { crawledAt }, (page) => {
    counts.pages.push(page);
    if (!page.ok) {
      counts.failed++;
      reporter.problem(page.file, page.error ?? 'could not be parsed', 'check that it is an HTML page; the rest of the archive is built without it');
    } else if (!page.is_article) {
      counts.skipped++;
      reporter.note(`skipped ${page.file}: not an article (index, list or error page)`);
    } else counts.articles.push(page);
  });
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

export async function importPages(inputs: string[], config: Config, reporter: Reporter, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = await parseInputs(inputs, reporter, options.crawledAt);
  const existing = await readRecords(config.content);
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
  const sync = await syncRecords(config.content, records.map((record) => ({ record, pages: pagesOf.get(record.slug) ?? [] })), options);
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
  /** Pages in the search index; null when indexing failed (the site is still complete). */
  searchable: number | null;
}

export async function renderContent(config: Config, reporter: Reporter): Promise<RenderResult> {
  const { records, problems } = await readRecords(config.content);
  for (const problem of problems) reporter.problem(problem.file, problem.message, 'the site is built without this record');
  reporter.step('Rendering', `${records.length} records from ${config.content} to ${config.out}`);
  const summary = await renderSite(records, { outDir: config.out, templatesDir: config.templates, site: config.site });
  for (const warning of summary.warnings) reporter.note(`warning ${warning.file}: ${warning.message}`);
  const searchable = await indexForSearch(config, records.map((record) => record.lang), siteLanguage(config.site.lang, records), reporter);
  return { pages: summary.pages, articles: summary.articles, invalid: problems.length, warnings: summary.warnings.length, searchable };
}

/** Search is an extra: when Pagefind fails, the site is still written and the build goes on. */
async function indexForSearch(config: Config, languages: (string | null)[], siteLang: string, reporter: Reporter): Promise<number | null> {
  const language = searchLanguage(languages, siteLang);
  reporter.step('Indexing', `article pages in ${config.out} for search (as "${language}")`);
  try {
    const result = await writeSearchIndex(config.out, language);
    reporter.note(`search index: ${plural(result.pages, 'page')} in ${result.dir}`);
    return result.pages;
  } catch (error) {
    reporter.problem(config.out, `search index not written (${(error as Error).message})`, 'the site works without search; run the build again, and check that the pagefind package is installed for this platform');
    return null;
  }
}
