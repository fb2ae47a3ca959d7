// Related links: each points at the archived copy when the archive holds a record with the same
// address (see urlKey), else at the original, marked external.

import { RELATED_PREVIEW_COUNT } from './constants.ts';
import type { ArticleEntry, RenderWarning } from './collect.ts';
import { text } from './text.ts';
import { safeHttpUrl, urlKey } from './links.ts';
import type { RelatedItem } from './views.ts';

/** Fills each article's `related` and `relatedPreview`. */
export function linkRelated(articles: readonly ArticleEntry[], warnings: RenderWarning[]): void {
  const archive = archiveIndex(articles, warnings);
  const warn = (entry: ArticleEntry, message: string): void => void warnings.push({ file: entry.view.slug, message });

  for (const entry of articles) {
    const items: RelatedItem[] = [];
    const seen = new Set<string>();
    for (const link of entry.record.related) {
      const url = safeHttpUrl(link.url, entry.view.url);
      const key = urlKey(url);
      const archived = key === null ? undefined : archive.get(key);
      const title = text(link.title) ?? archived?.view.title ?? url;
      if (title === null) {
        warn(entry, `related link "${link.url}" has neither a title nor a usable address; left out`);
        continue;
      }
      const identity = key ?? `title:${title}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      if (url === null && text(link.url) !== null) {
        warn(entry, `related link "${title}" has an unusable address "${link.url}"; shown without a link`);
      }
      items.push({
        title,
        url,
        summary: text(link.summary),
        archive: archived ? { title: archived.view.title, path: archived.view.path } : null,
      });
    }
    entry.view.related = items;
    entry.view.relatedPreview = items.slice(0, RELATED_PREVIEW_COUNT);
  }
}

/**
 * Archived articles by address key: each record's own URL, then the URLs of its other copies
 * (so a link to a re-post reaches the merged record). When two records claim one address, the
 * first in page order wins.
 */
function archiveIndex(articles: readonly ArticleEntry[], warnings: RenderWarning[]): Map<string, ArticleEntry> {
  const index = new Map<string, ArticleEntry>();
  for (const entry of articles) {
    const key = urlKey(entry.view.url);
    if (key === null) continue;
    const first = index.get(key);
    if (first) {
      warnings.push({
        file: entry.view.slug,
        message: `has the same url as "${first.view.slug}"; related links to it go to "${first.view.slug}"`,
      });
      continue;
    }
    index.set(key, entry);
  }
  for (const entry of articles) {
    for (const copy of entry.view.copies) {
      const key = urlKey(copy.url);
      if (key !== null && !index.has(key)) index.set(key, entry);
    }
  }
  return index;
}
