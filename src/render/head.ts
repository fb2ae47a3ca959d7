// What a page's <head> tells machines: the canonical address, OpenGraph tags and, on article
// pages, JSON-LD NewsArticle. Absolute addresses come only from the configured base URL; without
// one they are left out rather than guessed.

import type { ArticleRecord } from '../model/index.ts';
import { DOCUMENT_TITLE_MAX } from './constants.ts';
import { absoluteUrl, safeHttpUrl } from './links.ts';
import type { ArticleView } from './views.ts';

export interface MetaTag {
  property: string;
  content: string;
}

export interface HeadView {
  /** The `<title>`: page title · site title, shortened to DOCUMENT_TITLE_MAX characters. */
  documentTitle: string;
  /** Absolute address of this page, or null without a base URL. */
  canonical: string | null;
  /** OpenGraph `<meta property content>` pairs, in order. */
  meta: MetaTag[];
  /** JSON-LD, already escaped for a `<script>` element (print it with `| raw`), or null. */
  jsonLd: string | null;
}

export interface HeadContext {
  baseUrl: string | null;
  siteTitle: string;
  /** The page's own title, or null for the home page (whose title is the site's). */
  pageTitle: string | null;
  /** The page's folder (or file, for 404.html) relative to the site root. */
  path: string;
  title: string;
  description: string;
}

/** Head data of a page that is not an article. */
export function pageHead(context: HeadContext, type = 'website'): HeadView {
  const canonical = context.baseUrl === null ? null : absoluteUrl(context.baseUrl, context.path);
  const meta: MetaTag[] = [
    { property: 'og:type', content: type },
    { property: 'og:site_name', content: context.siteTitle },
    { property: 'og:title', content: context.title },
  ];
  if (context.description) meta.push({ property: 'og:description', content: context.description });
  if (canonical !== null) meta.push({ property: 'og:url', content: canonical });
  return { documentTitle: documentTitle(context.pageTitle, context.siteTitle), canonical, meta, jsonLd: null };
}

/**
 * "Page title · Site title"; when that is too long the site's name goes, and a headline still too
 * long is cut at a word (the page's h1 and og:title keep it whole).
 */
export function documentTitle(pageTitle: string | null, siteTitle: string): string {
  const full = pageTitle ? `${pageTitle} · ${siteTitle}` : siteTitle;
  if ([...full].length <= DOCUMENT_TITLE_MAX) return full;
  const chars = [...(pageTitle ?? siteTitle)];
  if (chars.length <= DOCUMENT_TITLE_MAX) return chars.join('');
  const cut = chars.slice(0, DOCUMENT_TITLE_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > DOCUMENT_TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Head data of an article page: OpenGraph article tags and a NewsArticle. */
export function articleHead(context: HeadContext, article: ArticleView, record: ArticleRecord): HeadView {
  const head = pageHead(context, 'article');
  const image = record.images.map((img) => safeHttpUrl(img.src, article.url)).find((src) => src !== null) ?? null;
  if (image !== null) head.meta.push({ property: 'og:image', content: image });
  if (article.date) head.meta.push({ property: 'article:published_time', content: article.date.iso });
  for (const tag of article.tags) head.meta.push({ property: 'article:tag', content: tag.name });
  if (article.category) head.meta.push({ property: 'article:section', content: article.category });

  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
  };
  if (article.summary) data['description'] = article.summary;
  if (article.date) data['datePublished'] = article.date.iso;
  if (article.authors.length) data['author'] = article.authors.map((name) => ({ '@type': 'Person', name }));
  const publisher = article.source ?? article.site;
  if (publisher) data['publisher'] = { '@type': 'Organization', name: publisher };
  if (image !== null) data['image'] = [image];
  if (article.tags.length) data['keywords'] = article.tags.map((tag) => tag.name);
  if (article.category) data['articleSection'] = article.category;
  if (article.lang) data['inLanguage'] = article.lang;
  if (head.canonical) {
    data['url'] = head.canonical;
    data['mainEntityOfPage'] = head.canonical;
  }
  if (article.url) data['isBasedOn'] = article.url;
  head.jsonLd = scriptSafeJson(data);
  return head;
}

/**
 * JSON that cannot end its <script> element or open a comment in it: every `<`, `>` and `&` (and
 * the line separators old parsers choke on) is written as a \u escape, which JSON reads back the same.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
