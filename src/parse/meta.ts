// The page's machine-readable metadata: <meta> tags, JSON-LD Article objects, microdata.

import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { clean, isElement, textContent } from './text.ts';

export interface PageMeta {
  /** <meta name|property|itemprop|http-equiv> -> contents, keys lower-cased, in page order. */
  tags: Map<string, string[]>;
  /** The JSON-LD object that describes the article (NewsArticle, Article, BlogPosting, …), if any. */
  article: Record<string, unknown> | null;
  /** Every JSON-LD node found (flattened @graph), for publisher/breadcrumb lookups. */
  jsonLd: Record<string, unknown>[];
  /** `<title>` text. */
  docTitle: string;
  htmlLang: string | null;
  canonical: string | null;
}

const ARTICLE_TYPES = /^(NewsArticle|Article|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|LiveBlogPosting|TechArticle|ScholarlyArticle|Report|WebPage|Review)$/;

export function readMeta($: CheerioAPI): PageMeta {
  // One walk over the document collects what five selector queries would each walk for.
  const tags = new Map<string, string[]>();
  const jsonLd: Record<string, unknown>[] = [];
  let canonicalHref: string | undefined;
  let title: Element | undefined;
  let html: Element | undefined;
  const visit = (el: Element) => {
    switch (el.name) {
      case 'meta': {
        const key = (el.attribs['property'] ?? el.attribs['name'] ?? el.attribs['itemprop'] ?? el.attribs['http-equiv'] ?? '').trim().toLowerCase();
        const content = clean(el.attribs['content']);
        if (!key || !content) break;
        const list = tags.get(key);
        if (list) list.push(content);
        else tags.set(key, [content]);
        break;
      }
      case 'script':
        if (el.attribs['type'] === 'application/ld+json') readJsonLd(textContent(el), jsonLd);
        break;
      case 'link':
        if (canonicalHref === undefined && el.attribs['rel'] === 'canonical') canonicalHref = el.attribs['href'];
        break;
      case 'title':
        title ??= el;
        break;
      case 'html':
        html ??= el;
        break;
    }
  };
  const stack: AnyNode[] = [...$.root().get(0)!.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    visit(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }

  return {
    tags,
    article: pickArticle(jsonLd),
    jsonLd,
    docTitle: title ? clean(textContent(title)) : '',
    htmlLang: clean(html?.attribs['lang'] ?? html?.attribs['xml:lang']) || null,
    canonical: canonicalHref ? clean(canonicalHref) || null : null,
  };
}

function readJsonLd(text: string, into: Record<string, unknown>[]): void {
  const raw = text.trim();
  if (!raw) return;
  try {
    collectNodes(JSON.parse(raw.replace(/^\s*<!--|-->\s*$/g, '')), into);
  } catch {
    // Broken JSON-LD is common; the page's other signals still count.
  }
}

/** First content of the first of these meta keys that is present. */
export function metaValue(meta: PageMeta, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = meta.tags.get(key)?.[0];
    if (value) return value;
  }
  return null;
}

export function metaValues(meta: PageMeta, key: string): string[] {
  return meta.tags.get(key) ?? [];
}

function collectNodes(value: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['@graph'])) collectNodes(node['@graph'], out);
  if (node['@type']) out.push(node);
}

function typesOf(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

function pickArticle(nodes: Record<string, unknown>[]): Record<string, unknown> | null {
  const articles = nodes.filter((n) => typesOf(n).some((t) => ARTICLE_TYPES.test(t)));
  // Prefer a real article type over a generic WebPage.
  return articles.find((n) => !typesOf(n).includes('WebPage')) ?? articles.find((n) => n['datePublished'] || n['headline']) ?? null;
}

export function jsonLdTypes(node: Record<string, unknown>): string[] {
  return typesOf(node);
}

/** A JSON-LD value as a list of plain strings (names of objects, items of arrays, comma lists kept whole). */
export function jsonLdStrings(value: unknown): string[] {
  if (value == null) return [];
  if (typeof value === 'string') return [clean(value)].filter(Boolean);
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(jsonLdStrings);
  if (typeof value === 'object') {
    const name = (value as Record<string, unknown>)['name'];
    return typeof name === 'string' ? [clean(name)].filter(Boolean) : [];
  }
  return [];
}
