// Records -> the site model every page is made from. All checks happen here, before anything is
// written: unusable or clashing slugs, bad dates and addresses become warnings, never crashes.

import { RECORD_FIELDS, type ArticleRecord } from '../model/index.ts';
import { readableSlug } from '../normalize/slug.ts';
import { LANG_PATTERN, SLUG_PATTERN } from './constants.ts';
import { parseDate } from './dates.ts';
import { articlePath, relatedPath, safeHttpUrl } from './links.ts';
import { linkRelated } from './related.ts';
import { collectTags } from './tags.ts';
import { compareText, text } from './text.ts';
import type { ArticleView, TagView } from './views.ts';

export interface RenderWarning {
  /** The record's slug, or the template's file name. */
  file: string;
  message: string;
}

export interface ArticleEntry {
  record: ArticleRecord;
  view: ArticleView;
  /** Publish time for sorting, or null when the record has no usable date. */
  time: number | null;
}

export interface SiteModel {
  /** Newest first; undated articles last, by title. */
  articles: ArticleEntry[];
  /** Most used first, then by name. */
  tags: TagView[];
  warnings: RenderWarning[];
}

export function collectSite(records: readonly ArticleRecord[]): SiteModel {
  const warnings: RenderWarning[] = [];
  const articles = usableRecords(records, warnings).map((record) => toEntry(record, warnings));
  articles.sort(newestFirst);
  const tags = collectTags(articles);
  linkRelated(articles, warnings);
  return { articles, tags, warnings };
}

/** Newest first, undated last; ties by title, then slug, so the order never depends on the input's. */
export function newestFirst(a: ArticleEntry, b: ArticleEntry): number {
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return b.time - a.time;
  }
  return compareText(a.view.title, b.view.title) || compareText(a.view.slug, b.view.slug);
}

/** Records whose slug can be a folder name, one per slug. */
function usableRecords(records: readonly ArticleRecord[], warnings: RenderWarning[]): ArticleRecord[] {
  const sorted = records
    .map((record) => ({ record, key: canonicalKey(record) }))
    .sort((a, b) => compareText(a.record.slug, b.record.slug) || compareText(a.key, b.key));
  const bySlug = new Map<string, ArticleRecord>();
  for (const { record } of sorted) {
    if (!SLUG_PATTERN.test(record.slug)) {
      const suggestion = readableSlug(record.slug || record.title) || 'article-1';
      warnings.push({
        file: record.slug || record.title || '(no slug)',
        message: `slug "${record.slug}" cannot be a folder name, so the article was skipped; ` +
          `use lower-case a-z, 0-9 and "-", e.g. "${suggestion}"`,
      });
      continue;
    }
    const kept = bySlug.get(record.slug);
    if (kept) {
      warnings.push({
        file: record.slug,
        message: `two records have this slug; kept "${kept.title}", skipped "${record.title}"; ` +
          'give each record a slug of its own',
      });
      continue;
    }
    bySlug.set(record.slug, record);
  }
  return [...bySlug.values()];
}

/** The record's content in a fixed key order, to pick among slug clashes the same way every time. */
function canonicalKey(record: ArticleRecord): string {
  return JSON.stringify([...RECORD_FIELDS.map((field) => record[field]), record.body]);
}

function toEntry(record: ArticleRecord, warnings: RenderWarning[]): ArticleEntry {
  const warn = (message: string): void => void warnings.push({ file: record.slug, message });

  const title = text(record.title);
  if (title === null) warn('no title; the page shows the slug instead');

  const date = parseDate(record.date);
  if (record.date === null) warn('no publish date; listed after the dated articles');
  else if (date === null) {
    warn(`date "${record.date}" is not ISO 8601 (YYYY-MM-DD, or date, time and offset); listed as undated`);
  }

  const url = safeHttpUrl(record.url);
  if (record.url !== null && record.url.trim() !== '' && url === null) {
    warn(`url "${record.url}" is not an absolute http(s) address; the page has no link to the original`);
  }

  const lang = text(record.lang);
  const view: ArticleView = {
    slug: record.slug,
    title: title ?? record.slug,
    path: articlePath(record.slug),
    relatedPath: relatedPath(record.slug),
    date: date?.view ?? null,
    authors: [...new Set(record.author.map(text).filter((name) => name !== null))],
    site: text(record.site),
    source: text(record.source),
    url,
    copies: record.sources.map((copy) => ({ site: text(copy.site), url: safeHttpUrl(copy.url), crawled: parseDate(copy.crawled_at)?.view ?? null })),
    category: text(record.category),
    lang: lang !== null && LANG_PATTERN.test(lang) ? lang : null,
    summary: text(record.summary),
    tags: [],
    related: [],
    relatedPreview: [],
  };
  return { record, view, time: date?.time ?? null };
}
