// The stages wired together: parse scraped files, normalize them into records, write content/,
// render the site from content/ alone. Each bad page is one line; the rest goes on.
// A BuildContext carries what one build leaves for the next: the parse cache (pages parsed before
// are not parsed again), file stamps, the records read before, converted bodies; dist/ is written
// into a staging folder and swapped in whole.

import { basename, join, resolve } from 'node:path';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { ArticleRecord, ParsedPage } from '../model/index.ts';
import { ArchiveNormalizer, normalizeUrl, type Merge } from '../normalize/index.ts';
import type { NearDuplicateMemory } from '../normalize/duplicates.ts';
import { existingSlugs, LEDGER_FILE, readLedgerThrough, readRecords, syncRecords, type SyncOptions, type SyncSummary } from '../content/index.ts';
import { JOURNAL_FILE, recordTexts, wantedSlugs, type SyncMemo } from '../content/sync.ts';
import { collectMedia, MEDIA_DIR, MEDIA_INDEX, mediaTouched, type MediaMemo, type MediaSummary } from '../content/media.ts';
import type { RecordMemo } from '../content/store.ts';
import { renderSite, type RenderOptions as RenderOptionsOfSite } from '../render/index.ts';
import { LEGACY_SEARCH_DIR, SEARCH_DIR, SearchMemo, writeSearchIndex } from '../render/search.ts';
import { SimilarIndex } from '../render/similar.ts';
import { RenderMemo } from '../render/memo.ts';
import { MANIFEST_FILE } from '../render/constants.ts';
import { MediaLibrary } from '../render/images.ts';
import { ALL_SOURCES, codeFingerprint, PARSER_SOURCES, RENDERER_SOURCES } from '../cache/fingerprint.ts';
import { hashParts } from '../cache/hash.ts';
import { CacheStore } from '../cache/store.ts';
import { loadPages, resolveBody, type InputMemo } from '../build/inputs.ts';
import { afterThisTask, inOrderAhead } from '../content/ahead.ts';
import { StagedFolder } from '../build/stage.ts';
import { FileStamps } from '../build/stamps.ts';
import type { Config } from './config.ts';
import { findPages, type PageList } from './files.ts';
import { plural, type Reporter } from './report.ts';

export { LEDGER_FILE };

/** What builds in one process (and, through the cache folder, across processes) share. */
export interface BuildContext {
  cache: CacheStore;
  /** Stamps of scraped files and records, to hash only files that may have changed. */
  stamps: FileStamps;
  /** The scraped pages under the inputs, when the builder keeps their list (else they are found again). */
  inputFiles?: PageList | null;
  /** Slim parsed pages by file, from the previous build in this process. */
  inputs: InputMemo;
  records: RecordMemo;
  /** Normalize's clusters, records and near-duplicate index of the previous import, by page object. */
  normalizer: ArchiveNormalizer;
  /** "More like this" vectors and lists of the last render. */
  similar: SimilarIndex;
  /** The last render's model and fingerprints, for a watcher's next render (null: not kept). */
  render: RenderMemo | null;
  /** Each article's search terms, and the search index last written. */
  search: SearchMemo;
  /** What the last sync wrote to each record file, and the ledger. */
  sync: SyncMemo;
  /** Where pictures were found on disk. */
  media: MediaMemo;
  /** The pictures render found in content/ last time, and the import count they were found after (watch). */
  mediaLibrary?: { content: string; version: number; library: MediaLibrary };
  /** Counts imports that changed content/media/ or content/media.json. */
  mediaVersion: number;
}

/** A context for `config`; `useCache` false (--no-cache) parses and renders everything anew. */
export function newContext(config: Pick<Config, 'cacheDir'> | null, useCache = true, stamps = new FileStamps()): BuildContext {
  const cache = useCache && config ? new CacheStore(resolve(config.cacheDir)) : CacheStore.disabled();
  const hash = (file: string) => stamps.hash(file);
  return { cache, stamps, inputs: new Map(), records: { hash, trusted: { hash: (file) => stamps.trustedHash(file), changes: () => stamps.changes }, touched: new Set() }, normalizer: new ArchiveNormalizer(), similar: new SimilarIndex(), render: null, search: new SearchMemo(), media: new Map(), mediaVersion: 0,
    sync: { files: new Map(), fileHash: async (file) => (await stamps.hash(file))?.sha256 ?? null, trustedHash: (file) => stamps.trustedHash(file), stamps, swept: new Set() },
  };
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
  const files = context.inputFiles?.sameInputs(inputs) ? context.inputFiles.files : await findPages(inputs);
  reporter.step('Parsing', `${files.length} files from ${inputs.join(', ')}`);
  const counts: ParseCounts = { pages: [], articles: [], skipped: 0, failed: 0, parsed: 0 };
  const parserFingerprint = await codeFingerprint(PARSER_SOURCES);
  // The normalizer hashes each article's body for near duplicates while the rest is parsed.
  const early = (page: ParsedPage) => void (page.ok && page.is_article && context.normalizer.prepare(page));
  const stats = await loadPages(files, { crawledAt, cache: context.cache, stamps: context.stamps, parserFingerprint, memo: context.inputs, early }, (page) => {
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
  /** With `deferLedger`: completes the import (the ledger); run it before the next import starts. */
  finish?: () => Promise<void>;
}

export async function importPages(inputs: string[], config: Config, reporter: Reporter, options: ImportOptions = {}, context = newContext(config, false)): Promise<ImportResult> {
  // A process's first import starts from what the last one learnt about near duplicates (read while pages are parsed).
  const fresh = context.normalizer.fresh && context.cache.enabled;
  const nearDuplicatesKey = codeFingerprint(NEAR_DUPLICATE_SOURCES);
  const recalled = fresh ? nearDuplicatesKey.then((key) => context.cache.readJson<NearDuplicateMemory>(NEAR_DUPLICATES, key)) : null;
  // And from what its syncs found record keys serialize to (keyed by all of folio's code: the serializer is in it).
  const textsKey = codeFingerprint(ALL_SOURCES);
  const texts = fresh ? textsKey.then((key) => context.cache.readJson<[string, string][]>(RECORD_TEXTS, key)) : null;
  // content/ is read while the pages are parsed: the parse is a worker's, this thread mostly waits for it.
  const existingRead = observed(readRecords(config.content, context.records));
  // Slugs import gave before (ledger), else the slug of the record holding the same URL.
  const ledgerRead = observed(readLedgerThrough(config.content, context.sync));
  const parsed = await parseInputs(inputs, reporter, options.crawledAt, context);
  const existing = await existingRead;
  const wanted = wantedSlugs(await ledgerRead, existing.records, recordUrls, context.sync);
  const reservedSlugs = existingSlugs(context.records.last!.names);
  // The normalizer kept in the context re-clusters only what changed since the previous import.
  const memory = await recalled;
  if (memory && Array.isArray(memory.bodies)) context.normalizer.recall(memory);
  const { records, pagesOf, merges } = context.normalizer.normalize(parsed.articles, { existingSlugs: wanted.slugs, slugChanges: wanted.changes, reservedSlugs, tagSynonyms: config.tagSynonyms });
  const learnt = fresh ? context.normalizer.remember() : null;
  if (learnt) await context.cache.writeJson(NEAR_DUPLICATES, await nearDuplicatesKey, learnt);
  for (const merge of merges) reporter.note(`merged ${merge.dropped} into ${merge.kept} (${merge.reason}${merge.similarity ? `, ${Math.round(merge.similarity * 100)}% shared` : ''})`);
  reporter.step('Writing', `${records.length} records to ${config.content}${options.dryRun ? ' (dry run: nothing written)' : ''}`);
  const known = await texts;
  if (Array.isArray(known) && known.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')) {
    context.sync.texts = new Map(known);
  }
  const sync = await syncRecords(config.content, records.map((record) => ({ record, pages: pagesOf.get(record.slug) ?? [] })), {
    ...options, resolveBody: bodyResolver(context, options.crawledAt), memo: context.sync,
  });
  if (fresh && !options.dryRun) await context.cache.writeJson(RECORD_TEXTS, await textsKey, recordTexts(context.sync));
  await stampOwnWrites(config.content, sync, context, options.dryRun);
  const media = await collectMedia(config.content, records.map((record) => record.images), parsed.articles, inputs, {
    dryRun: options.dryRun, memo: context.media, kept: (file) => context.stamps.trustedHash(file), changes: context.stamps.changes,
  });
  if (media.indexChanged) context.stamps.forget(join(config.content, MEDIA_INDEX));
  if (media.indexChanged || media.copied > 0) context.mediaVersion++;
  if (media.found + media.missing > 0) reporter.note(mediaNote(media, config.content, options.dryRun));
  for (const conflict of sync.conflicts) reporter.problem(conflict.file, `${conflict.problem}; kept as it is`, 'run import with --force to replace it with the imported page');
  for (const file of sync.removed) reporter.note(`${options.dryRun ? 'would remove' : 'removed'} ${file}`);
  if (sync.kept.length) reporter.note(`${plural(sync.kept.length, 'record')} whose pages were not in this import kept; --prune removes them`);
  const ledger = join(config.content, LEDGER_FILE);
  const finish = async () => {
    await sync.finish?.();
    if (!options.dryRun) await stampLedger(ledger, context);
  };
  if (!sync.finish) await finish();
  return { ...parsed, records: records.length, merges, sync, ...(sync.finish ? { finish } : {}) };
}

/** The promise, with its rejection handled until it is awaited (it may reject while another is awaited first). */
function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The cache entry (kind) of what the near-duplicate index knows, keyed by the fingerprint of the code that decides it. */
const NEAR_DUPLICATES = 'near-duplicates';
const NEAR_DUPLICATE_SOURCES = ['src/normalize/duplicates.ts'];
/** The cache entry (kind) of what record keys serialize to (SyncMemo.texts). */
const RECORD_TEXTS = 'record-texts';

/** A record's own and its copies' addresses, normalized; kept per record object (records keep theirs until their file changes). */
function recordUrls(record: ArticleRecord): string[] {
  let urls = urlsOf.get(record);
  if (urls === undefined) {
    urls = [record.url, ...record.sources.map((copy) => copy.url)].flatMap((url) => (url ? [normalizeUrl(url)] : []));
    urlsOf.set(record, urls);
  }
  return urls;
}

const urlsOf = new WeakMap<ArticleRecord, string[]>();

/** Let go of what only the next import in this process would use: parsed pages, clusters, what sync and the picture search found. */
export function releaseImportState(context: BuildContext): void {
  context.inputs = new Map();
  context.normalizer = new ArchiveNormalizer();
  context.sync = { ...context.sync, files: new Map(), ledger: undefined, paths: undefined, last: undefined, slugs: undefined };
  context.media.clear();
  context.media.last = undefined;
}

/** Bodies stay in the parse cache until their record is written, one at a time. */
function bodyResolver(context: BuildContext, crawledAt?: string): (record: { body: string }) => Promise<string> {
  let fileOfKey: Map<string, string> | null = null;
  // Needed only when the cache lost a body: made then, not on every build.
  const fileOf = (key: string) => {
    fileOfKey ??= new Map([...context.inputs.values()].flatMap((entry) => (entry.key ? [[entry.key, entry.page.file] as const] : [])));
    return fileOfKey.get(key);
  };
  return (record) => resolveBody(record.body, context.cache, fileOf, crawledAt);
}

/**
 * Our own writes are in no watcher's list of changes. Records written are stamped with the hash
 * of what was written (the next build need not read them back), as the ledger is once written
 * (stampLedger); files removed lose their stamp; all are looked at again when content/ is next read.
 */
async function stampOwnWrites(content: string, sync: SyncSummary, context: BuildContext, dryRun?: boolean): Promise<void> {
  if (dryRun) return;
  for (const file of [...sync.removed, join(content, JOURNAL_FILE)]) context.stamps.forget(file);
  // A stat each, a few at once (8000 one after the other cost seconds of waiting).
  const writtenOf = (file: string) => context.sync.files.get(basename(file));
  const stamped = inOrderAhead(sync.written.length, 16, (i) => !writtenOf(sync.written[i]!), (i) => context.stamps.wrote(sync.written[i]!, writtenOf(sync.written[i]!)!.sha256));
  for (const [i, file] of sync.written.entries()) {
    if (writtenOf(file)) await stamped(i);
    else context.stamps.forget(file);
  }
  for (const file of [...sync.written, ...sync.removed]) context.records.touched?.add(file);
}

/** The ledger as sync left it, stamped like the records it wrote. */
async function stampLedger(ledger: string, context: BuildContext): Promise<void> {
  if (context.sync.ledger) await context.stamps.wrote(ledger, context.sync.ledger.sha256);
  else context.stamps.forget(ledger);
}

function mediaNote(media: MediaSummary, content: string, dryRun?: boolean): string {
  const copied = media.copied ? `, ${media.copied} new` : dryRun && media.found ? ' (dry run: nothing copied)' : '';
  return `images: ${media.found} found beside their pages and kept in ${join(content, MEDIA_DIR)}${copied}; ${media.missing} not saved (shown as links to the original)`;
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
  /** With `deferSearch`: the search index being made for the site already in place; `searchable` is then null. */
  search?: Promise<number | null>;
}

export interface RenderOptions {
  /**
   * Swap the new site in before the search index is made, then index it and swap in the new index
   * (folio watch: the changed page is served sooner; until the index follows, search finds the old text).
   */
  deferSearch?: boolean;
  /** The output folder is as the previous build left it (a watcher would have said otherwise): pages are not checked for. */
  trustOutput?: boolean;
}

/** Render content/ into a staging folder and swap it in for the output folder when complete. */
export async function renderContent(config: Config, reporter: Reporter, context = newContext(config, false), options: RenderOptions = {}): Promise<RenderResult> {
  const { records, problems } = await readRecords(config.content, context.records);
  for (const problem of problems) reporter.problem(problem.file, problem.message, 'the site is built without this record');
  reporter.step('Rendering', `${records.length} records from ${config.content} to ${config.out}`);
  if (options.deferSearch) return renderLive(config, reporter, context, records, problems.length, options);
  const stage = await StagedFolder.open(config.out);
  try {
    // Leftovers of a search index being swapped in when a watch process was killed.
    // The index before this format (Pagefind's bundle) is no longer written.
    for (const name of await readdir(stage.dir)) if (/^\.(pagefind|search)\.folio-(build|old)-\d+$/.test(name) || name === LEGACY_SEARCH_DIR) await rm(join(stage.dir, name), { recursive: true, force: true });
    const summary = await renderSite(records, {
      outDir: stage.dir, templatesDir: config.templates, site: config.site, similar: context.similar, media: await keptImages(config, context), ...(await cacheOptions(context)),
    });
    for (const warning of summary.warnings) reporter.note(`warning ${warning.file}: ${warning.message}`);
    const result = { pages: summary.pages, articles: summary.articles, invalid: problems.length, warnings: summary.warnings.length, written: summary.written };
    const searchable = await indexForSearch(config, stage.dir, records, summary.articlePages(), reporter, context.search);
    await stage.commit();
    return { ...result, searchable };
  } catch (error) {
    await stage.abort();
    throw error;
  }
}

/**
 * The pictures content/ keeps; their files are hashed through the stamps (again only when changed).
 * A watch build reuses the previous build's library (what it found, per record) when the watcher
 * names nothing under content/media/ or content/media.json and import wrote nothing there.
 */
async function keptImages(config: Config, context: BuildContext): Promise<MediaLibrary> {
  const content = resolve(config.content);
  const changes = context.stamps.changes;
  const kept = context.mediaLibrary;
  if (kept && kept.content === content && kept.version === context.mediaVersion && !mediaTouched(content, changes)) {
    kept.library.begin();
    return kept.library;
  }
  const library = await MediaLibrary.load(config.content, async (file) => (await context.stamps.hash(file))?.sha256 ?? null);
  context.mediaLibrary = { content, version: context.mediaVersion, library };
  return library;
}

/** The cache options of renderSite: code version and converted bodies, when the cache is on. */
async function cacheOptions(context: BuildContext): Promise<Partial<RenderOptionsOfSite>> {
  const { cache } = context;
  if (!cache.enabled) return {};
  return { codeVersion: await codeFingerprint(RENDERER_SOURCES), bodies: { get: (key) => cache.readText('body-html', key), set: (key, html) => cache.writeText('body-html', key, html), cache: { dir: cache.dir!, kind: 'body-html' } } };
}

/**
 * For folio watch: write changed pages straight into the served folder (each file whole, by a
 * rename), then make the search index beside it and swap it in (indexForSearch). Quicker than a
 * staged build; a kill in between leaves some pages new and the manifest old, which the next build
 * repairs.
 */
async function renderLive(config: Config, reporter: Reporter, context: BuildContext, records: ArticleRecord[], invalid: number, options: RenderOptions): Promise<RenderResult> {
  // Kept for watch only: the model and plans it holds stay in memory between builds.
  context.render ??= new RenderMemo();
  const summary = await renderSite(records, {
    outDir: config.out, templatesDir: config.templates, site: config.site, similar: context.similar, memo: context.render, media: await keptImages(config, context), ...(await cacheOptions(context)),
    output: { live: true, trustFiles: options.trustOutput, deferManifest: true },
  });
  for (const warning of summary.warnings) reporter.note(`warning ${warning.file}: ${warning.message}`);
  // The manifest is written beside the search index, after the pages are live.
  const manifest = summary.manifest.catch((error: unknown) => {
    reporter.problem(join(config.out, MANIFEST_FILE), `not written (${(error as Error).message})`, 'check that the output folder can be written; the next build renders again the pages it cannot vouch for');
  });
  // Begun once the build has returned with its pages live (what the index is made from is hashed then too).
  const indexed = afterThisTask().then(() => indexForSearch(config, config.out, records, summary.articlePages(), reporter, context.search));
  const search = Promise.all([indexed, manifest]).then(([pages]) => pages);
  return { pages: summary.pages, articles: summary.articles, invalid, warnings: summary.warnings.length, written: summary.written, searchable: null, search };
}

/** Beside the search bundle: what it was made from, and how many pages it holds. */
const SEARCH_STAMP = '.folio-search';

/**
 * Search is an extra: when the index cannot be written, the site still is and the build goes on.
 * The index holds only what the article pages show, so when none of them changed it is kept.
 * Otherwise a new index is written beside the one in `outDir` (its unchanged files linked from it,
 * what the memo knows of unchanged articles reused) and swapped in by two renames: a reader never
 * sees half an index, and when writing fails the index in place stays.
 */
async function indexForSearch(config: Config, outDir: string, records: readonly ArticleRecord[], articlePages: string | null, reporter: Reporter, memo: SearchMemo): Promise<number | null> {
  reporter.step('Indexing', `articles in ${config.out} for search`);
  const shownDir = join(config.out, SEARCH_DIR);
  const live = join(outDir, SEARCH_DIR);
  const key = articlePages === null ? null : hashParts([articlePages]);
  const [previousKey, previousPages] = (await readFile(join(live, SEARCH_STAMP), 'utf8').catch(() => '')).split('\n');
  if (key !== null && previousKey === key && previousPages) {
    reporter.note(`search index: ${plural(Number(previousPages), 'page')} in ${shownDir} (no article page changed)`);
    return Number(previousPages);
  }
  const fresh = join(outDir, `.${SEARCH_DIR}.folio-build-${process.pid}`);
  const old = join(outDir, `.${SEARCH_DIR}.folio-old-${process.pid}`);
  try {
    const result = await writeSearchIndex(records, fresh, { memo, previous: live });
    if (key !== null) await writeFile(join(fresh, SEARCH_STAMP), `${key}\n${result.pages}\n`);
    await rm(old, { recursive: true, force: true });
    await rename(live, old).catch(() => undefined);
    // Not swapped in: the index before goes back in place.
    await rename(fresh, live).catch(async (error: unknown) => {
      await rename(old, live).catch(() => undefined);
      throw error;
    });
    await rm(old, { recursive: true, force: true });
    reporter.note(`search index: ${plural(result.pages, 'page')} in ${shownDir} (${result.changed} of ${plural(result.files, 'file')} changed)`);
    return result.pages;
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    reporter.problem(config.out, `search index not written (${(error as Error).message})`, 'the site works without search; check that the output folder can be written, and run the build again');
    return null;
  }
}
