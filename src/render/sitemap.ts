// sitemap.xml (through the `sitemap` package) and robots.txt. A sitemap lists absolute
// addresses, so it exists only when a base URL is configured; robots.txt always does.

import { Readable } from 'node:stream';
import { absoluteUrl } from './links.ts';

export const SITEMAP_FILE = 'sitemap.xml';
export const ROBOTS_FILE = 'robots.txt';

export interface SitemapEntry {
  /** The page's folder relative to the site root ("" for the home page). */
  path: string;
  /** Publish date (ISO 8601) of an article page. */
  lastmod?: string;
}

/** Every page under `baseUrl`, sorted by address so the file is the same on every build. */
export async function renderSitemap(entries: readonly SitemapEntry[], baseUrl: string): Promise<string> {
  // Loaded here: a site without a base URL has no sitemap and need not pay for the library.
  const { SitemapStream, streamToPromise } = await import('sitemap');
  const items = entries
    .map((entry) => ({ url: absoluteUrl(baseUrl, entry.path), ...(entry.lastmod ? { lastmod: entry.lastmod } : {}) }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  // Only the core namespace: these pages carry no news, image or video sitemap extensions.
  const stream = new SitemapStream({ xmlns: { news: false, video: false, xhtml: false, image: false } });
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
}

/**
 * robots.txt lets every crawler in and names the sitemap. Crawlers read it only at a host's root:
 * under a sub-path, copy its Sitemap line into the root's robots.txt.
 */
export function renderRobots(baseUrl: string | null): string {
  const lines = ['User-agent: *', 'Allow: /'];
  if (baseUrl !== null) lines.push('', `Sitemap: ${absoluteUrl(baseUrl, SITEMAP_FILE)}`);
  return `${lines.join('\n')}\n`;
}
