// URLs: which addresses from records may reach a page, how related links are matched to archived
// records, and the relative paths that keep dist/ working under any sub-path.

import { memoizedUpTo } from '../cache/memo.ts';
import { SCHEME_PATTERN, URL_EDGE_JUNK, URL_IGNORED_CHARS } from './constants.ts';

/**
 * An absolute http(s) address, normalized, or null for anything else (`javascript:`, `data:`,
 * relative addresses that have no base to resolve against, junk). Relative addresses are resolved
 * against `base` when one is given.
 */
export function safeHttpUrl(raw: string | null | undefined, base?: string | null): string | null {
  if (!raw) return null;
  // A marker first, so that no address alone can pass for an address with a base.
  return checkedUrl(base ? `b${base}\u0000${raw}` : `r${raw}`);
}

const CHECKED_URLS_KEPT = 500_000;

/** Every render checks every address of every record again: each parsed once per process. */
const checkedUrl = memoizedUpTo((key: string): string | null => {
  if (key.startsWith('r')) return parseHttpUrl(key.slice(1));
  const split = key.indexOf('\u0000');
  return parseHttpUrl(key.slice(split + 1), key.slice(1, split));
}, CHECKED_URLS_KEPT);

function parseHttpUrl(raw: string, base?: string | null): string | null {
  const cleaned = raw.replace(URL_IGNORED_CHARS, '').replace(URL_EDGE_JUNK, '');
  if (!cleaned) return null;
  const scheme = SCHEME_PATTERN.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return null;
  try {
    const url = scheme === undefined ? new URL(cleaned, base ?? undefined) : new URL(cleaned);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The key two addresses share when they name the same article: scheme, `#fragment` and a trailing
 * slash don't count, the host is lower-case, and `www.` still counts (it can be another site).
 */
export function urlKey(raw: string | null | undefined): string | null {
  const href = safeHttpUrl(raw);
  return href === null ? null : keyOfHref(href);
}

const keyOfHref = memoizedUpTo((href: string): string => {
  const url = new URL(href);
  // new URL() already lower-cases the host and drops default ports.
  return `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}, CHECKED_URLS_KEPT);

/** The way back to the site root from a file at `filePath` (relative to dist/), e.g. `../../`. */
export function rootFrom(filePath: string): string {
  const depth = filePath.split('/').length - 1;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** The folder path of an article page, relative to the site root. */
export function articlePath(slug: string): string {
  return `articles/${slug}/`;
}

export function relatedPath(slug: string): string {
  return `articles/${slug}/related/`;
}

export function tagPath(slug: string): string {
  return `tags/${slug}/`;
}

/**
 * A base URL as sites use it: absolute http(s), no query or fragment, path ending in "/"
 * ("https://host/sub" becomes "https://host/sub/"). Null when `raw` cannot be one.
 */
export function siteBaseUrl(raw: string | null | undefined): string | null {
  const href = safeHttpUrl(raw);
  if (href === null) return null;
  const url = new URL(href);
  if (url.search || url.hash || url.username || url.password) return null;
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The absolute address of `path` (relative to the site root) under `baseUrl`. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return new URL(path, baseUrl).href;
}

export function sitePath(slug: string): string {
  return `sites/${slug}/`;
}

export function yearPath(year: string): string {
  return `archive/${year}/`;
}

export function monthPath(year: string, month: string): string {
  return `archive/${year}/${month}/`;
}
