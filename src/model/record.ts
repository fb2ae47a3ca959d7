// ArticleRecord: one archived article, stored as content/<slug>.md (YAML front matter + Markdown).
// content/ is the archive's source of truth; render reads only these records.

import type { ImageRef, RelatedLink } from './page.ts';

/** One saved copy of an article: where it was found and when. */
export interface SourceCopy {
  url: string | null;
  site: string | null;
  crawled_at: string | null;
}

export interface ArticleRecord {
  title: string;
  /** ASCII, readable, unique in the archive; the record's file name and its page's folder name. */
  slug: string;
  /** Publish date as parsed (ISO 8601 with offset, or YYYY-MM-DD), or null when unknown. */
  date: string | null;
  author: string[];
  site: string | null;
  source: string | null;
  url: string | null;
  crawled_at: string | null;
  /** Every saved copy of this article when it was found on several pages (re-posts, re-crawls); else empty. */
  sources: SourceCopy[];
  category: string | null;
  tags: string[];
  lang: string | null;
  /** First sentences of the body, plain text. */
  summary: string;
  related: RelatedLink[];
  images: ImageRef[];
  /** The article body as GFM Markdown (the record's content below the front matter). */
  body: string;
}

/** Front matter keys in the order records are written. */
export const RECORD_FIELDS = [
  'title', 'slug', 'date', 'author', 'site', 'source', 'url', 'crawled_at', 'sources', 'category',
  'tags', 'lang', 'summary', 'related', 'images',
] as const satisfies readonly (keyof ArticleRecord)[];
