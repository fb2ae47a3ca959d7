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

/** Another article, as a link: prev/next and "more like this". */
export interface ArticleRef {
  slug: string;
  title: string;
  /** `articles/<slug>/`, relative to the site root. */
  path: string;
  date: DateView | null;
  summary: string | null;
}

/** A site pages were saved from, as a link to its page. */
export interface SiteRef {
  name: string;
  slug: string;
  /** `sites/<slug>/`, relative to the site root. */
  path: string;
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
  /** The page of the site the article was saved from, when it has one. */
  siteRef: SiteRef | null;
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
  /** Archived articles most like this one (shared tags, similar words), best first; never one `related` already links. */
  similar: ArticleRef[];
  /** The first few of `similar`, for the article page. */
  similarPreview: ArticleRef[];
  /** The article published just before this one (older), in the home page's order. */
  previous: ArticleRef | null;
  /** The article published just after this one (newer). */
  next: ArticleRef | null;
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

export interface SiteView extends SiteRef {
  count: number;
  /** Newest first. */
  articles: ArticleView[];
}

export interface MonthView {
  /** `YYYY`. */
  year: string;
  /** `MM`. */
  month: string;
  /** `April 2024` in English, `2024年4月` in Chinese. */
  name: string;
  /** `archive/<yyyy>/<mm>/`. */
  path: string;
  count: number;
  /** Newest first. */
  articles: ArticleView[];
}

export interface YearView {
  year: string;
  /** `archive/<yyyy>/`. */
  path: string;
  count: number;
  /** Newest first. */
  months: MonthView[];
  /** Newest first. */
  articles: ArticleView[];
}

/** One link in a list of pages. */
export interface PageLink {
  number: number;
  /** Relative to the site root ("" for the home page's first page). */
  path: string;
  current: boolean;
  /** A gap in a long run of page numbers: shown as "…", with no link. */
  gap: boolean;
}

/** Where a page sits in a paginated list. */
export interface PagerView {
  /** This page's number, from 1. */
  number: number;
  /** How many pages the list has (at least 1). */
  count: number;
  /** How many articles the whole list has. */
  total: number;
  /** Paths of the previous (newer articles) and next (older) pages, relative to the site root, or null. */
  prev: string | null;
  next: string | null;
  pages: PageLink[];
}

/** A link to a list page by its name: a year, a month, or the list's first page. */
export interface ListLink {
  name: string;
  /** Relative to the site root. */
  path: string;
}

/** One part of a list split by date (see SPLIT_LIST_PAGES): a year, a month, or the undated articles. */
export interface ListPart extends ListLink {
  count: number;
}

/** The part of a split list a page shows. */
export interface ListPartView extends ListPart {
  /** The year a month is in, or null. */
  up: ListLink | null;
  /** A year too long for one part: its months (its page lists no articles); otherwise null. */
  months: ListPart[] | null;
}
