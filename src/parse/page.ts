// parsePage: scraped bytes -> ParsedPage. Decodes, reads scraper comments and metadata, then runs
// each extractor (title, related, byline, date, body, images, taxonomy) on the parsed document.

import { load, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import { ARTICLE } from './constants.ts';
import { binaryContent, decodeHtml } from './decode.ts';
import { boundedMarkup } from './bounds.ts';
import { readScraperComments } from './scraper.ts';
import { emptyScriptsAndStyles } from './rawtext.ts';
import { metaValue, readMeta, type PageMeta } from './meta.ts';
import { extractTitle } from './title.ts';
import { extractRelated } from './related.ts';
import { cleanBody, findBody, stripJunk } from './body.ts';
import { extractAuthors, bylineNames } from './byline.ts';
import { extractPublished } from './published.ts';
import { findDates, crawlWallTime } from './dates.ts';
import { extractCategory, extractLang, extractSite, extractSource, extractTags } from './taxonomy.ts';
import { extractImages, fixImageSources } from './images.ts';
import { nodesToMarkdown } from './markdown.ts';
import { findAll, findFirst } from './select.ts';
import { absoluteUrl, blockLines, clean, hasDescendant, shortText, textContent, textWeight } from './text.ts';
import { formatWallTime, guessZone, parseIsoLike, wallTimeToEpoch } from './time.ts';

export interface ParseOptions {
  /** The path as given, copied into the result. */
  file: string;
  /** Crawl time to resolve relative dates against when the page records none (ISO 8601). */
  crawledAt?: string | null;
  /** performance.now() by which parsing must be done; checked between stages, the page fails past it. */
  deadline?: number | undefined;
}

export function parsePage(bytes: Uint8Array, options: ParseOptions): ParsedPage {
  const page = emptyPage(options.file);
  try {
    extract(bytes, options, page);
  } catch (error) {
    page.ok = false;
    page.error = `could not parse: ${(error as Error).message}`;
    // FOLIO_DEBUG=1 prints the stack of a page that failed to parse (for bug reports).
    if (process.env['FOLIO_DEBUG']) console.error(error);
  }
  return page;
}

function extract(bytes: Uint8Array, options: ParseOptions, page: ParsedPage): void {
  if (!bytes.length) throw new Error('the file is empty');
  const binary = binaryContent(bytes);
  if (binary) throw new Error(`not an HTML page but ${binary}`);
  const decoded = decodeHtml(bytes);
  page.encoding = decoded.encoding;
  const scraper = readScraperComments(decoded.text);
  const $ = load(boundedMarkup(emptyScriptsAndStyles(decoded.text)));
  const overBudget = budgetCheck(options.deadline);
  overBudget();
  const meta = readMeta($);
  stripJunk($);

  const url = pageUrl(meta, scraper.url);
  page.url = url;
  const title = extractTitle($, meta);
  page.title = title.title;

  const lines = blockLines(findFirst($.root().get(0)!, 'body') ?? $.root().get(0)!, { spaceBetweenElements: true });
  const titleLine = findTitleLine(lines, title.title, title.element ? clean(textContent(title.element)) : null);
  const header = titleLine >= 0 ? lines.slice(titleLine, titleLine + 8) : lines.slice(0, 30);
  page.lang = extractLang(meta, lines.join('\n'));
  const host = url ? new URL(url).hostname : null;
  const zone = guessZone(page.lang, host);

  const crawlEpoch = scraper.crawledAt?.epochMs ?? (options.crawledAt ? crawlFromOption(options.crawledAt, zone) : null);
  const crawlOffset = scraper.crawledAt?.offset ?? null;
  const crawl = crawlEpoch !== null ? crawlWallTime(crawlEpoch, zone, crawlOffset) : null;
  if (crawl) page.crawled_at = formatWallTime(crawl, null);

  const related = extractRelated($, url, url);
  page.related = related.links;
  page.site = extractSite(meta, title.suffixes, url);
  page.published = extractPublished($, { meta, lines, titleLine, url, zone, crawl });
  page.category = extractCategory($, meta, page.title);
  const headingSuffixes = title.element ? extractTitleSuffixOnHeading(title.element, page.title) : [];
  page.source = extractSource(meta, [...header, ...lines.slice(-200)].filter(isShortLine), headingSuffixes, page.site);

  overBudget();
  const exclude = [...related.blocks, ...(title.element ? [title.element] : [])];
  const body = findBody($, exclude, title.element);
  overBudget();
  const parts = body ? body.parts : [];
  page.tags = extractTags(meta, parts);
  page.author = extractAuthors($, meta, header, blockLines(parts), lines, page.site);
  const cleaned = cleanBody($, parts);
  removeMetaLines($, cleaned);
  fixImageSources($, cleaned, url);
  fixLinks($, cleaned, url);

  overBudget();
  const bodyLines = blockLines(cleaned);
  page.is_article = isArticle(meta, title.title, url, bodyLines, cleaned);
  if (!page.is_article) {
    Object.assign(page, { author: [], published: null, category: null, source: null, tags: [], related: [], images: [], text: '', markdown: '' });
    return;
  }
  page.images = extractImages($, cleaned);
  // NFC, the form the web and search expect: pages mix precomposed and combining forms of the same letters.
  page.text = bodyLines.join('\n').normalize('NFC');
  page.markdown = nodesToMarkdown(cleaned).normalize('NFC');
}

/** A check to call between stages: throws once the deadline has passed (a page on the main thread cannot be stopped from outside). */
function budgetCheck(deadline: number | undefined): () => void {
  if (deadline === undefined) return () => undefined;
  return () => {
    if (performance.now() > deadline) throw new Error('parsing took longer than its time budget and was stopped');
  };
}

function pageUrl(meta: PageMeta, scraperUrl: string | null): string | null {
  for (const candidate of [meta.canonical, metaValue(meta, 'og:url'), scraperUrl]) {
    const url = absoluteUrl(candidate ?? undefined, null);
    if (url) return url;
  }
  return null;
}

function crawlFromOption(value: string, zone: string | null): number | null {
  const t = parseIsoLike(value);
  return t ? wallTimeToEpoch(t, zone) : null;
}

/** The line showing the headline: the heading element's own line, else the first line that starts with or holds the title. */
function findTitleLine(lines: string[], title: string | null, headingText: string | null): number {
  if (!title) return -1;
  if (headingText) {
    const exact = lines.indexOf(headingText);
    if (exact >= 0) return exact;
  }
  const starts = lines.findIndex((l) => l === title || l.startsWith(title));
  if (starts >= 0) return starts;
  const key = title.slice(0, 12);
  return lines.findIndex((l) => l.includes(key));
}

function isShortLine(line: string): boolean {
  return line.length <= ARTICLE.maxMetaLineLength;
}

/** The source suffix a farm copied into its h1 ("headline|江淮农报 · 三农"). */
function extractTitleSuffixOnHeading(heading: Element, title: string | null): string[] {
  const text = clean(textContent(heading));
  if (!title || text === title || !text.startsWith(title)) return [];
  return text.slice(title.length).split(/(?:(?<!\s)|(?!\s))\s*[|｜_]\s*/).map(clean).filter(Boolean);
}

/** Elements that hold lines of their own: an element around one is not itself a line. */
const LINE_HOLDERS = new Set(['p', 'div', 'li', 'table', 'img']);

/** Byline and date lines that sit inside the body container: little is left once dates, labelled values and names go. */
function removeMetaLines($: CheerioAPI, parts: Element[]): void {
  for (const part of parts) {
    for (const el of findAll(part, 'p, div, span, li, h4, h5, h6, em, small, time, address')) {
      if (!el.parent) continue;
      const text = shortText(el, ARTICLE.maxMetaLineLength);
      if (!text || text.length > ARTICLE.maxMetaLineLength || /[。！？!?.]$/.test(text) || hasDescendant(el, LINE_HOLDERS)) continue;
      const hasDate = findDates(text).length > 0 || /(?<!\d)\d+\s*(小时|分钟|天)前|\bago\b/.test(text) || YEARLESS_STAMP.test(text);
      const hasByline = bylineNames([text]).length > 0;
      if (!hasDate && !hasByline) continue;
      if (textWeight(stripMetadata(text)) <= ARTICLE.maxMetaLineRest) $(el).remove();
    }
  }
}

/** "Updated Nov 19, 9:41 AM", "10-26 21:47": a time stamp without its year. */
const YEARLESS_STAMP = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{1,2}:\d{2}|\b\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}\b/i;

const META_LABEL = /(来源|來源|作者|记者|記者|编辑|編輯|责编|摄影|发布时间|发布|發布|时间|時間|日期|浏览|阅读|点击|Published|Updated|Posted|By|Veröffentlicht|Aktualisiert|Publié|Publicado|Pubblicato|am|von|par|por|le|文|图)\s*[:：|｜/]?\s*[^\s　:：|｜]{0,12}/giu;
const DATE_TEXT = /\d{2,4}\s*[年\-/.:：月日时分号]\s*|\d+|\b[ap]\.?m\.?|星期.|周.|\b(?:GMT|BST|UTC|[ECMP][SD]T|CET|CEST|JST)\b|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?/gi;

function stripMetadata(text: string): string {
  return text.replace(META_LABEL, '').replace(DATE_TEXT, '').replace(/[\s\p{P}\p{S}]+/gu, '');
}

function fixLinks($: CheerioAPI, parts: Element[], base: string | null): void {
  for (const part of parts) {
    for (const a of findAll(part, 'a')) {
      const href = absoluteUrl(a.attribs['href'], base);
      if (href) $(a).attr('href', href);
      else $(a).removeAttr('href');
    }
  }
}

function isArticle(meta: PageMeta, title: string | null, url: string | null, bodyLines: string[], parts: Element[]): boolean {
  if (ARTICLE.notFound.test(title ?? '') || ARTICLE.notFound.test(meta.docTitle)) return false;
  const weight = textWeight(bodyLines.join(''));
  if (weight <= ARTICLE.maxLoginWallWeight && [title ?? '', ...bodyLines.slice(0, 3)].some((line) => ARTICLE.loginWall.test(line))) return false;
  const declared = meta.article !== null || metaValue(meta, 'og:type') === 'article';
  if (weight < (declared ? ARTICLE.minDeclaredBodyWeight : ARTICLE.minBodyWeight)) return false;
  if (declared) return true;
  if (url && ARTICLE.listUrl.test(new URL(url).pathname)) return false;
  const linkedHeadings = parts.reduce((n, p) => n + findAll(p, 'h2 a, h3 a, h4 a').length, 0);
  return linkedHeadings < ARTICLE.maxLinkedHeadings;
}

