// ParsedPage -> ArticleRecord: the fields a record keeps, with a readable slug and a summary.

import type { ArticleRecord, ParsedPage } from '../model/index.ts';
import { readableSlug, shortHash } from './slug.ts';
import { summarize } from './summary.ts';
import { memoizedUpTo } from '../cache/memo.ts';

export function toRecord(page: ParsedPage): ArticleRecord {
  const { title, slug, summary } = derived(page);
  return {
    title,
    slug,
    date: page.published,
    author: page.author,
    site: page.site,
    source: page.source,
    url: page.url,
    crawled_at: page.crawled_at,
    sources: [],
    category: page.category,
    tags: page.tags,
    lang: page.lang,
    summary,
    related: page.related,
    images: page.images.map(({ src, alt, caption }) => ({ src, alt, caption })),
    body: page.markdown,
  };
}

/**
 * Title, slug and summary of a page, made once per page object: a build keeps the pages it
 * parsed for the next (folio watch), and slugs (pinyin) and summaries are the costly part of a record.
 */
const derivedOf = new WeakMap<ParsedPage, { title: string; slug: string; summary: string }>();

function derived(page: ParsedPage): { title: string; slug: string; summary: string } {
  let values = derivedOf.get(page);
  if (!values) {
    const title = page.title?.trim() || page.text.split('\n')[0]?.slice(0, 80) || fileStem(page.file);
    values = { title, slug: baseSlug(title, page), summary: summarize(page.text) };
    derivedOf.set(page, values);
  }
  return values;
}

/** The readable slug of a title, or a short hash of the page's identity when the title has no readable part. */
export function baseSlug(title: string, page: Pick<ParsedPage, 'url' | 'text'>): string {
  return readableSlug(title) || `article-${shortHash(identityKey(page))}`;
}

/** What identifies an article across runs and machines: its original URL, else its text. */
export function identityKey(page: Pick<ParsedPage, 'url' | 'text'>): string {
  return page.url ? normalizeUrl(page.url) : `text:${shortHash(page.text, 16)}`;
}

const NORMALIZED_URLS_KEPT = 500_000;

/**
 * URLs compared scheme-insensitively, without fragment or trailing slash, host lower-cased. Every
 * build asks again for every page's URL: parsing each with URL() was a tenth of a rebuild.
 */
export const normalizeUrl = memoizedUpTo(parseNormalizedUrl, NORMALIZED_URLS_KEPT);

function parseNormalizedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return url.trim();
  }
}

function fileStem(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
}
