// What indexing an archive for search learns, kept between builds of one process (folio watch):
// each article's terms and result entry by slug, checked against the text they were made from, the
// postings last assembled, and a digest of every file the index last wrote. A rebuild splits only
// changed articles into words, re-encodes only the postings they (or a change of numbering) touch,
// and writes only the files whose bytes changed.

import type { ArticleRecord } from '../model/index.ts';
import { usableRecords } from './collect.ts';
import { articlePath } from './links.ts';
import type { SearchDoc } from './search-runtime.js';
import type { Chunk, Postings } from './search-postings.ts';
import { TermDictionary, type ArticleTerms } from './search-terms.ts';

/** Characters of an article's text kept for result excerpts (the whole body is indexed). */
const EXCERPT_SOURCE_CHARS = 600;

/** One article as the index holds it, with the fields it was made from. */
export interface IndexedArticle {
  readonly title: string;
  readonly body: string;
  readonly date: string | null;
  readonly site: string | null;
  readonly terms: ArticleTerms;
  /** Its entry in a d/<n>.json file, as JSON. */
  readonly doc: string;
}

/** A d/<n>.json file: its articles, its text and the digest of its bytes. */
export interface DocGroup {
  members: readonly IndexedArticle[];
  text: string;
  digest: string;
}

/** The index last written: its meta.json and a digest of each other file, by name. */
export interface WrittenIndex {
  meta: string;
  digests: Map<string, string>;
}

export class SearchMemo {
  readonly terms = new TermDictionary();
  private articles = new Map<string, IndexedArticle>();
  /** The postings last assembled, which the next are assembled from. */
  postings: Postings | null = null;
  /** Set once an index is written whole; describes that index until the next one is. */
  written: WrittenIndex | null = null;
  /** The d/<n>.json files last made, by n. */
  groups: DocGroup[] = [];
  /** The chunk files last made, from which postings, at which size (search-postings.ts' postingChunks). */
  chunks: { from: Postings; size: number; chunks: Chunk[] } | null = null;

  /**
   * The articles to index (one per usable slug, as renderSite renders them), newest first,
   * undated last, ties by slug; numbered in that order, so equal scores list the newer article
   * first. An article whose fields are as before is taken from the memo; removed ones are forgotten.
   */
  index(records: readonly ArticleRecord[]): IndexedArticle[] {
    const kept = new Map<string, IndexedArticle>();
    const articles = newestFirst(records).map((record) => {
      const known = this.articles.get(record.slug);
      const article = known && madeFrom(known, record) ? known : this.indexArticle(record);
      kept.set(record.slug, article);
      return article;
    });
    this.articles = kept;
    return articles;
  }

  private indexArticle(record: ArticleRecord): IndexedArticle {
    const text = plainText(record.body);
    const doc = searchDoc(record, text);
    // `<` escaped: a scraped title stays inert even if a server sent the file as HTML.
    const json = JSON.stringify(doc).replace(/</g, '\\u003c');
    return { title: record.title, body: record.body, date: record.date, site: record.site, terms: this.terms.article(doc.title, text), doc: json };
  }
}

/** Whether `article` was made from these fields of `record` (same slug). */
function madeFrom(article: IndexedArticle, record: ArticleRecord): boolean {
  return article.body === record.body && article.title === record.title && article.date === record.date && article.site === record.site;
}

function newestFirst(records: readonly ArticleRecord[]): ArticleRecord[] {
  const dated = usableRecords(records, []).map((record) => ({ record, time: Date.parse(record.date ?? '') }));
  dated.sort((a, b) => (Number.isNaN(a.time) ? 1 : 0) - (Number.isNaN(b.time) ? 1 : 0) || (b.time || 0) - (a.time || 0) || (a.record.slug < b.record.slug ? -1 : 1));
  return dated.map(({ record }) => record);
}

/** What a result shows of an article. */
function searchDoc(record: ArticleRecord, body: string): SearchDoc {
  const date = Number.isNaN(Date.parse(record.date ?? '')) ? null : record.date!.slice(0, 10);
  return { url: articlePath(record.slug), title: record.title.trim() || record.slug, date, site: record.site, text: excerptSource(body) };
}

/** Markdown → the words a reader sees: link and image addresses, markup characters and HTML tags left out. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\]\((?:[^()]|\([^)]*\))*\)/g, ']')
    .replace(/^\s{0,3}\[[^\]]+\]:\s+\S+.*$/gm, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/[\\*_`#>|~[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function excerptSource(body: string): string {
  if (body.length <= EXCERPT_SOURCE_CHARS) return body;
  // Not between the two halves of a surrogate pair.
  const end = /[\ud800-\udbff]/.test(body[EXCERPT_SOURCE_CHARS - 1]!) ? EXCERPT_SOURCE_CHARS - 1 : EXCERPT_SOURCE_CHARS;
  return `${body.slice(0, end)}…`;
}
