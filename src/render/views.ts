// The records templates receive. templates/README.md documents them for users: change both together.

import type { DateView } from './dates.ts';

export interface TagRef {
  /** The tag as written in the records (the most used spelling when several share a slug). */
  name: string;
  slug: string;
  /** `tags/<slug>/`, relative to the site root. */
  path: string;
}

export interface ArchivedRef {
  title: string;
  /** `articles/<slug>/`, relative to the site root. */
  path: string;
}

export interface RelatedItem {
  title: string;
  /** The original address (absolute http(s)), or null when the record's address was unusable. */
  url: string | null;
  summary: string | null;
  /** The archived copy of the linked article, when the archive has one. */
  archive: ArchivedRef | null;
}

export interface ArticleView {
  slug: string;
  title: string;
  /** `articles/<slug>/`, relative to the site root. */
  path: string;
  /** `articles/<slug>/related/`, relative to the site root. */
  relatedPath: string;
  date: DateView | null;
  authors: string[];
  site: string | null;
  source: string | null;
  /** The original address (absolute http(s)) or null. */
  url: string | null;
  /** Every saved copy when the article was found on several pages; empty otherwise. */
  copies: CopyView[];
  category: string | null;
  lang: string | null;
  summary: string | null;
  tags: TagRef[];
  related: RelatedItem[];
  /** The first few related links, for the box on the article page. */
  relatedPreview: RelatedItem[];
}

export interface CopyView {
  site: string | null;
  /** Absolute http(s) address, or null. */
  url: string | null;
  crawled: DateView | null;
}

export interface TagView extends TagRef {
  count: number;
  /** Newest first. */
  articles: ArticleView[];
}
