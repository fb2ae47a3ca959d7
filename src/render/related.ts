// Related links: each points at the archived copy when the archive holds a record with the same
// address (see urlKey), else at the original, marked external.

import type { ArticleRecord } from '../model/index.ts';
import { RELATED_PREVIEW_COUNT } from './constants.ts';
import type { ArticleEntry, RenderWarning } from './collect.ts';
import { text } from './text.ts';
import { safeHttpUrl, urlKey } from './links.ts';
import type { ArticleRef, RelatedItem } from './views.ts';

/** A record's related link with its address checked and keyed: made once per record (collect.ts' toEntry). */
export interface RecordLink {
  /** As the record has it, for messages. */
  raw: string;
  url: string | null;
  key: string | null;
  title: string | null;
  summary: string | null;
}

/** The related links of `record`, whose own address `base` resolves relative ones. */
export function recordLinks(record: ArticleRecord, base: string | null): RecordLink[] {
  return record.related.map((link) => {
    const url = safeHttpUrl(link.url, base);
    return { raw: link.url, url, key: urlKey(url), title: text(link.title), summary: text(link.summary) };
  });
}

/** An article's related lists and warnings, and the archived articles its links reached when they were made. */
export interface RelatedPart {
  targets: (ArticleRef | undefined)[];
  items: RelatedItem[];
  preview: RelatedItem[];
  warnings: RenderWarning[];
}

/**
 * Fills each article's `related` and `relatedPreview`. With `kept` (folio watch), an article
 * whose record and link targets are the ones of a previous call gets that call's lists.
 */
export function linkRelated(articles: readonly ArticleEntry[], warnings: RenderWarning[], kept?: WeakMap<ArticleRecord, RelatedPart>): void {
  const archive = archiveIndex(articles, warnings);
  // What a link shows of its archived article (title and path) is in the article's ref.
  const target = (link: RecordLink) => (link.key === null ? undefined : archive.get(link.key)?.ref);
  for (const entry of articles) {
    let part = kept?.get(entry.record);
    if (part === undefined || entry.links.some((link, i) => target(link) !== part!.targets[i])) {
      part = relatedPart(entry, entry.links.map(target));
      kept?.set(entry.record, part);
    }
    warnings.push(...part.warnings);
    entry.view.related = part.items;
    entry.view.relatedPreview = part.preview;
  }
}

export function relatedPart(entry: ArticleEntry, targets: (ArticleRef | undefined)[]): RelatedPart {
  const warnings: RenderWarning[] = [];
  const warn = (message: string): void => void warnings.push({ file: entry.view.slug, message });
  const items: RelatedItem[] = [];
  const seen = new Set<string>();
  for (const [i, link] of entry.links.entries()) {
    const { url, key } = link;
    const archived = targets[i];
    const title = link.title ?? archived?.title ?? url;
    if (title === null) {
      warn(`related link "${link.raw}" has neither a title nor a usable address; left out`);
      continue;
    }
    const identity = key ?? `title:${title}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    if (url === null && text(link.raw) !== null) {
      warn(`related link "${title}" has an unusable address "${link.raw}"; shown without a link`);
    }
    items.push({ title, url, summary: link.summary, archive: archived ? { title: archived.title, path: archived.path } : null });
  }
  return { targets, items, preview: items.slice(0, RELATED_PREVIEW_COUNT), warnings };
}

/**
 * Archived articles by address key: each record's own URL, then the URLs of its other copies
 * (so a link to a re-post reaches the merged record). When two records claim one address, the
 * first in page order wins.
 */
function archiveIndex(articles: readonly ArticleEntry[], warnings: RenderWarning[]): Map<string, ArticleEntry> {
  const index = new Map<string, ArticleEntry>();
  for (const entry of articles) {
    const key = entry.urlKeys.own;
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
    for (const key of entry.urlKeys.copies) if (key !== null && !index.has(key)) index.set(key, entry);
  }
  return index;
}
