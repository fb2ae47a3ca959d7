// renderSite: archive records -> a static site in outDir. Collects and checks everything first
// (collect.ts), then renders and writes page by page. Given the renderer's code version, a page
// whose fingerprint (fingerprint.ts) matches the previous build's is neither rendered nor written,
// and converted bodies come from a cache keyed by the record's body. A render converting many
// bodies converts them on a worker thread (BodyWorker, parallel.ts) while this one writes pages.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sameItems, walkLists } from '../cache/memo.ts';
import type { ArticleRecord, SiteConfig } from '../model/index.ts';
import { collectSite, type ArticleEntry, type RenderWarning, type SiteModel } from './collect.ts';
import { BODY_WORKER_MIN_BODIES, DEFAULT_PAGE_SIZE, MANIFEST_FILE, WRITE_CONCURRENCY } from './constants.ts';
import { ATOM_FILE, JSON_FEED_FILE, renderFeeds } from './feeds.ts';
import { hash, LIST_KINDS, PageFingerprints, templateSet } from './fingerprint.ts';
import { articleHead, pageHead } from './head.ts';
import { bodyImages, MediaLibrary, type BodyImages } from './images.ts';
import { labelsFor } from './labels.ts';
import { rootFrom, siteBaseUrl } from './links.ts';
import { OutputWriter } from './output.ts';
import { pageData, planPages, type ListReading, type PagePlan } from './pages.ts';
import { BodyWorker, pageRenderer } from './parallel.ts';
import { templateDirs } from './templates.ts';
import type { BodyJob } from './body-jobs.ts';
import type { RenderMemo } from './memo.ts';
import type { SimilarIndex } from './similar.ts';
import { renderRobots, renderSitemap, ROBOTS_FILE, SITEMAP_FILE } from './sitemap.ts';
import { compareText } from './text.ts';

export interface RenderOptions {
  outDir: string;
  /** The user's templates; any template or asset missing there comes from folio's defaults. */
  templatesDir: string;
  site: SiteConfig;
  /** folio's renderer version (a hash of its code): when given, pages unchanged since the previous build are kept. */
  codeVersion?: string;
  /** Converted article bodies kept between builds. */
  bodies?: BodyStore;
  /** How the output folder is written (see OutputOptions). */
  output?: { trustFiles?: boolean; live?: boolean; deferManifest?: boolean };
  /** "More like this" state kept from the previous render in this process (folio watch). */
  similar?: SimilarIndex;
  /** What the previous render in this process kept (folio watch): unchanged parts of the model are not made or hashed again. */
  memo?: RenderMemo;
  /** Threads rendering pages, this one included (parallel.ts); default 1. */
  threads?: number;
  /** Bodies a render converts before it hands them to the body worker; default BODY_WORKER_MIN_BODIES. */
  bodyWorkerFrom?: number;
  /** The pictures content/ keeps (content/media.json); none when not given. */
  media?: MediaLibrary;
}

export interface BodyStore {
  get(key: string): Promise<string | null>;
  set(key: string, html: string): Promise<void>;
  /** The CacheStore folder and kind `get` and `set` keep entries under: a body worker reads and writes them itself. */
  cache?: { dir: string; kind: string };
}

export interface RenderSummary {
  /** HTML files written. */
  pages: number;
  articles: number;
  tags: number;
  /** Other files written besides assets: robots.txt, and with a base URL the feeds and sitemap. */
  files: string[];
  warnings: RenderWarning[];
  /** Files written by this build; the others were kept as the previous build wrote them. */
  written: number;
  /**
   * A hash of every article page's fingerprint (what the search index is made from), or null when
   * unknown; made when asked, so that a watch rebuild asks once its pages are live.
   */
  articlePages: () => string | null;
  /** Resolves when the output folder's manifest is written: at once, unless `output.deferManifest`. */
  manifest: Promise<void>;
}

/** The interface language: as configured, or with "auto" the language most records are in (ties: alphabetical). */
export function siteLanguage(configured: string, records: readonly ArticleRecord[], memo?: RenderMemo): string {
  if (configured !== 'auto') return configured;
  const counts = languageCounts(records, memo);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return ranked[0]?.[0] ?? 'en';
}

/**
 * How many records are in each language. With a memo, last time's counts are updated for the
 * records that are not last time's objects (a watch rebuild changes, adds or removes a few).
 */
function languageCounts(records: readonly ArticleRecord[], memo: RenderMemo | undefined): Map<string, number> {
  const count = (lang: string | null, by: number) => {
    if (!lang) return;
    const total = (counts.get(lang) ?? 0) + by;
    if (total) counts.set(lang, total);
    else counts.delete(lang);
  };
  const last = memo?.languages;
  const changes = last ? walkLists(records, last.records, (record) => `${record.slug}.md`, 1000) : null;
  const counts = changes ? last!.counts : new Map<string, number>();
  if (changes) {
    for (const { item } of changes.removed) count(item.lang, -1);
    for (const { item } of changes.added) count(item.lang, 1);
  } else for (const record of records) count(record.lang, 1);
  // A copy: the caller may change its array.
  if (memo) memo.languages = { records: records.slice(), counts };
  return counts;
}

/**
 * The cache key of a converted body: a hash of what the conversion reads. Remembered by record
 * object from one render to the next in a process (folio watch: records read again only when their
 * file changed keep their object): hashing every body again was a tenth of a rebuild.
 */
const bodyKeys = new WeakMap<ArticleRecord, BodyKey>();

/** `pictures`: the article's picture map (which pictures are kept, and where); the same object again needs no JSON. */
function bodyKeyOf(codeVersion: string, record: ArticleRecord, url: string | null, pictures: BodyImages | null): string {
  const known = bodyKeys.get(record);
  const same = known && known.codeVersion === codeVersion && known.url === url && known.body === record.body && known.images === record.images;
  if (same && known.picturesFrom === pictures) return known.key;
  const json = JSON.stringify(pictures);
  const key = same && known.pictures === json ? known.key : hash(JSON.stringify([codeVersion, record.body, record.images, url, json]));
  bodyKeys.set(record, { codeVersion, url, body: record.body, images: record.images, pictures: json, picturesFrom: pictures, key });
  return key;
}

interface BodyKey {
  codeVersion: string;
  url: string | null;
  /** What the record held (records are frozen in a kept builder; a caller's own objects might change). */
  body: string;
  images: unknown;
  pictures: string;
  picturesFrom: BodyImages | null;
  key: string;
}

/**
 * Render the archive. The output depends only on the records' content, never on their order.
 * Throws TemplateError when a template is missing or fails; problems with records are warnings.
 */
export async function renderSite(records: readonly ArticleRecord[], options: RenderOptions): Promise<RenderSummary> {
  const bodies = new BodyWorker();
  try {
    // A render with no previous pages to keep converts every body: their worker starts now, while the model is collected.
    const cold = options.codeVersion === undefined || !existsSync(join(options.outDir, MANIFEST_FILE));
    if (options.threads === undefined && cold && records.length >= (options.bodyWorkerFrom ?? BODY_WORKER_MIN_BODIES)) bodies.start();
    return await render(records, options, bodies);
  } finally {
    await bodies.close();
  }
}

async function render(records: readonly ArticleRecord[], options: RenderOptions, bodies: BodyWorker): Promise<RenderSummary> {
  const lang = siteLanguage(options.site.lang, records, options.memo);
  const model = collectSite(records, lang, options.similar, options.memo);
  const warnings = [...model.warnings];
  // The articles whose bodies are converted (those of the pages rendered), by slug.
  const converted = new Map<string, ArticleEntry>();

  const media = options.media ?? MediaLibrary.empty();
  const { images, kept: imagesKept } = await bodyImages(model.articles, media, { remote: options.site.remoteImages ?? false, notSaved: labelsFor(lang).imageNotSaved });
  const bodyKey = (entry: ArticleEntry): string => bodyKeyOf(options.codeVersion ?? '', entry.record, entry.view.url, images.get(entry.view.slug) ?? null);
  /** What the body worker needs to convert an article's body, and to keep it in the cache. */
  const bodyJob = (entry: ArticleEntry): BodyJob => {
    const { record, view } = entry;
    const cache = options.bodies?.cache;
    return { record: { body: record.body, images: record.images }, baseUrl: view.url, images: images.get(view.slug)!, ...(cache ? { cache: { ...cache, key: bodyKey(entry) } } : {}) };
  };
  /** Articles whose body failed: their pages get no fingerprint, so the warning comes back next build. */
  const failedBodies = new Set<string>();
  /** The body converted on this thread, or from the cache. */
  const convertHere = async (slug: string): Promise<string> => {
    const entry = converted.get(slug)!;
    const key = options.bodies ? bodyKey(entry) : '';
    const cached = options.bodies ? await options.bodies.get(key) : null;
    if (cached !== null) return cached;
    const html = await templates.body(entry.record, entry.view.url, images.get(slug)!);
    await options.bodies?.set(key, html);
    return html;
  };
  const body = async (slug: string): Promise<string> => {
    try {
      // From the body worker, when it took this body (then it looked in the cache itself).
      return await bodies.body(slug, convertHere);
    } catch (error) {
      const message = `the body could not be converted (${String(error)}); the page has no body`;
      warnings.push({ file: slug, message });
      failedBodies.add(slug);
      return '';
    }
  };

  const baseUrl = siteBaseUrl(options.site.baseUrl);
  if (options.site.baseUrl && baseUrl === null) {
    warnings.push({ file: 'baseUrl', message: `"${options.site.baseUrl}" is not an absolute http(s) address; built without a base URL` });
  }
  const reuse = options.codeVersion !== undefined;
  const out = new OutputWriter(options.outDir, { reuse, ...options.output });
  const site = { ...options.site, lang, baseUrl, pageSize: options.site.pageSize ?? DEFAULT_PAGE_SIZE };
  const t = labelsFor(site.lang);
  const templateFiles = reuse ? await templateSet(templateDirs(options.templatesDir)) : null;
  // The previous render's templates (watch) while no template changed: the partials' HTML they keep is reused.
  const keptTemplates = options.memo?.templates;
  const templates = pageRenderer(options.templatesDir, {
    model, threads: options.threads, templates: keptTemplates && keptTemplates.hash === templateFiles?.hash ? keptTemplates.templates : undefined,
  });
  if (options.memo && templateFiles) options.memo.templates = { hash: templateFiles.hash, templates: templates.templates };
  // Plans equal to the previous build's are its objects (watch), whose fingerprints are kept with them;
  // what no template reads is left out of that comparison, as out of the fingerprints below.
  const reading: ListReading = { slimLists: templateFiles?.listArticles === false, cards: templateFiles?.viewLists === false };
  const planned = planPages(model, t, site.pageSize, options.memo, reading);
  const keptPlans = options.memo ? options.memo.keepPlans(planned, reading) : { pages: planned, places: null, before: null };
  const { pages } = keptPlans;
  const feeds = baseUrl === null ? null : { atom: ATOM_FILE, json: JSON_FEED_FILE };
  const months = model.years.flatMap((year) => year.months);
  // With templates that never read a list's whole `articles`, a list page's fingerprint does not take them in.
  const slim = reading.slimLists ? new Set<object>([...model.tags, ...months, ...model.years, ...model.sites]) : undefined;
  // With list templates that read no article's own lists or neighbours, a list page's fingerprint takes in its articles' cards only.
  const { cards } = reading;
  const fingerprints = templateFiles
    ? new PageFingerprints(hash(`${options.codeVersion}\u0000${templateFiles.hash}\u0000${slim ? 'slim' : 'whole'}\u0000${cards ? 'cards' : 'views'}`), model.articles.map((entry) => entry.view), [
      site, t, ...(feeds ? [feeds] : []), ...model.tags, model.tags, ...months, ...model.years, model.years, ...model.sites, model.sites,
    ], options.memo, slim)
    : null;
  const globalsKey = fingerprints?.key(feeds ? [site, t, feeds] : [site, t]) ?? '';
  const contextOf = (page: PagePlan) => {
    const title = page.title ?? site.title;
    const description = page.description ?? site.description;
    // 404.html is served in place of any missing address, so its links start from the site's own path.
    const root = page.outsideTree && baseUrl !== null ? new URL(baseUrl).pathname : rootFrom(page.file);
    return { root, description, context: { baseUrl, siteTitle: site.title, pageTitle: page.title, path: page.path, title, description } };
  };
  /**
   * What a fingerprint is taken of: the globals and the page's data, with the body standing for its
   * key. The head is made from the context, and for an article from its view and its record's
   * images (the body key covers those), so it is made only for a page that is rendered. A plan kept
   * from the previous build with the same globals and body has the fingerprint it had.
   */
  const fingerprintOf = (page: PagePlan): string => {
    if (!fingerprints) return '';
    const body = page.article ? bodyKey(page.article) : null;
    const known = options.memo?.fingerprints.get(page);
    if (known?.globals === globalsKey && known.body === body) return known.fingerprint;
    const bodyPart = body === null ? undefined : `body:${body}`;
    const { root, context } = contextOf(page);
    const fingerprint = fingerprints.page(page.file, page.template, pageData(page, bodyPart), { site, t, root, kind: page.kind, context, feeds }, cards && LIST_KINDS.has(page.kind));
    options.memo?.fingerprints.set(page, { globals: globalsKey, body, fingerprint });
    return fingerprint;
  };
  // A page with the same plan, globals and pictures as last time has the fingerprint it had (no
  // look-up by plan or body); keepPlans found its place then. With the pictures of last time kept
  // for the articles whose records stayed, an unchanged plan's are its pictures then.
  const last = options.memo?.pageFingerprints;
  const same = last?.globals === globalsKey && last.pages === keptPlans.before ? last : null;
  const pictureOf = (page: PagePlan) => (page.article ? (images.get(page.article.view.slug) ?? null) : null);
  const pictures = new Array<BodyImages | null>(pages.length);
  const pageFingerprints = pages.map((page, i) => {
    const at = same ? keptPlans.places![i]! : -1;
    if (at >= 0 && same!.pages[at] === page) {
      const picture = imagesKept ? (same!.pictures[at] ?? null) : pictureOf(page);
      pictures[i] = picture;
      if (picture === same!.pictures[at]) return same!.fingerprints[at]!;
    } else pictures[i] = pictureOf(page);
    return fingerprintOf(page);
  });

  // Pages the manifest shows as current are kept without a look at them when the folder is trusted;
  // the others are checked, then rendered, a few at a time.
  await out.loadPrevious();
  const bodiesToConvert: PagePlan[] = [];
  const toRender = pages.flatMap((page, index) => {
    const current = out.isCurrentKnown(page.file, pageFingerprints[index]!);
    if (current === false && page.article) bodiesToConvert.push(page);
    if (!current && page.article) converted.set(page.article.view.slug, page.article);
    return current ? [] : [index];
  });
  if (options.threads === undefined && bodiesToConvert.length >= (options.bodyWorkerFrom ?? BODY_WORKER_MIN_BODIES)) {
    bodies.start();
    bodies.prefetch(new Map(bodiesToConvert.map(({ article }) => [article!.view.slug, bodyJob(article!)])));
  }
  try {
    await eachLimited(toRender, WRITE_CONCURRENCY, async (index: number) => {
      const page = pages[index]!;
      const fingerprint = pageFingerprints[index]!;
      if (await out.isCurrent(page.file, fingerprint)) return;
      const { root, description, context } = contextOf(page);
      const head = page.article ? articleHead(context, page.article.view, page.article.record) : pageHead(context);
      const meta = { kind: page.kind, title: page.title, description, path: page.path, ...head };
      const globals = { site, t, root, page: meta, feeds };
      const html = await templates.render(page.template, pageData(page, page.article && (await body(page.article.view.slug))), globals, page.file);
      const kept = page.article && failedBodies.has(page.article.view.slug) ? '' : fingerprint;
      await out.write(page.file, html, kept);
      pageFingerprints[index] = kept;
    });
  } finally {
    await templates.close();
  }
  if (options.memo) options.memo.pageFingerprints = { globals: globalsKey, pages, pictures, fingerprints: pageFingerprints };
  const files = await writeMachineFiles(out, model, pages, site);
  await media.copy(out);
  await out.copyAssets([...templates.dirs].reverse());
  await out.finish();

  warnings.sort((a, b) => compareText(a.file, b.file) || compareText(a.message, b.message));
  return {
    pages: pages.length, articles: model.articles.length, tags: model.tags.length, files, warnings, written: out.changed,
    articlePages: () => (reuse ? articlePagesHash(pages, pageFingerprints, options.memo) : null), manifest: out.manifestWritten(),
  };
}

/**
 * A hash of every article page's file and fingerprint (null when one has none), what the search
 * index is made from; with a memo, the last one while the same pages have the same fingerprints.
 */
function articlePagesHash(pages: readonly PagePlan[], fingerprints: readonly string[], memo: RenderMemo | undefined): string | null {
  const files: string[] = [];
  const kept: string[] = [];
  pages.forEach((page, index) => {
    if (page.kind !== 'article') return;
    files.push(page.file);
    kept.push(fingerprints[index]!);
  });
  if (kept.includes('')) return null;
  const last = memo?.articlePages;
  if (last && sameItems(last.files, files) && sameItems(last.fingerprints, kept)) return last.hash;
  const hashed = hash(files.map((file, i) => `${file}\t${kept[i]}`).sort().join('\n'));
  if (memo) memo.articlePages = { files, fingerprints: kept, hash: hashed };
  return hashed;
}

/** robots.txt always; feeds and sitemap only with a base URL (they need absolute addresses). */
async function writeMachineFiles(
  out: OutputWriter, model: SiteModel, pages: readonly PagePlan[], site: SiteConfig & { lang: string; baseUrl: string | null },
): Promise<string[]> {
  const files: [string, string][] = [[ROBOTS_FILE, renderRobots(site.baseUrl)]];
  if (site.baseUrl !== null) {
    const feeds = await renderFeeds(model, { title: site.title, description: site.description, lang: site.lang, baseUrl: site.baseUrl });
    const entries = pages
      .filter((page) => !page.outsideTree)
      .map((page) => ({ path: page.path, ...(page.article?.view.date ? { lastmod: page.article.view.date.iso } : {}) }));
    files.push([ATOM_FILE, feeds.atom], [JSON_FEED_FILE, feeds.json], [SITEMAP_FILE, await renderSitemap(entries, site.baseUrl)]);
  }
  for (const [file, content] of files) await out.writeIfChanged(file, content);
  return files.map(([file]) => file).sort();
}

/**
 * Run `task` over `items`, at most `limit` at a time. After a failure no new task starts, and the
 * first error is thrown once the running ones have finished (nothing keeps writing after we return).
 */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
