// ParsedPage: what the parse stage makes of one scraped file. The JSONL of `folio parse` is this
// record with exactly the public fields (see PARSED_PAGE_FIELDS); `encoding` stays internal.

export interface ImageRef {
  /** Absolute address where the page gives a base URL, else as written in the page. */
  src: string;
  alt: string | null;
  caption: string | null;
}

export interface RelatedLink {
  title: string;
  /** Absolute address (resolved against the page's URL). */
  url: string;
  summary: string | null;
}

export interface ParsedPage {
  /** The path as given on the command line. */
  file: string;
  ok: boolean;
  /** Why the page could not be parsed, when !ok. */
  error?: string;
  is_article: boolean;
  title: string | null;
  author: string[];
  /** ISO 8601 with offset, `YYYY-MM-DD` when only the day is known (`YYYY-MM` for a month), null when the page gives none. */
  published: string | null;
  site: string | null;
  /** Original publisher of a re-post, else null. */
  source: string | null;
  category: string | null;
  tags: string[];
  lang: string | null;
  /** The page's original address, or null. */
  url: string | null;
  /** When the page was saved (scraper comment or --crawled-at), ISO 8601 with offset, or null. */
  crawled_at: string | null;
  /** Plain text of the body: one paragraph, heading, list item or table cell a line. */
  text: string;
  /** The body as GFM Markdown. */
  markdown: string;
  images: ImageRef[];
  related: RelatedLink[];
  /** The encoding the bytes were decoded with (internal). */
  encoding?: string;
}

/** The fields `folio parse --jsonl` prints, in order. */
export const PARSED_PAGE_FIELDS = [
  'file', 'ok', 'error', 'is_article', 'title', 'author', 'published', 'site', 'source', 'category',
  'tags', 'lang', 'url', 'crawled_at', 'text', 'markdown', 'images', 'related',
] as const;

export function emptyPage(file: string): ParsedPage {
  return {
    file, ok: true, is_article: false, title: null, author: [], published: null, site: null,
    source: null, category: null, tags: [], lang: null, url: null, crawled_at: null, text: '',
    markdown: '', images: [], related: [],
  };
}

/** The public JSON shape of a parsed page (no internal fields; `error` only when not ok). */
export function toJsonRecord(page: ParsedPage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PARSED_PAGE_FIELDS) {
    if (field === 'error' && page.ok) continue;
    out[field] = page[field] ?? null;
  }
  return out;
}
