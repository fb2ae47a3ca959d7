// "More like this": for each article, the archived articles that share its tags and its words.
// Score = text cosine (TF-IDF over CJK-aware tokens) + SIMILAR_TAG_WEIGHT × tag cosine. Every sum
// runs in a fixed order (terms sorted), so two builds give the same lists.
//
// A SimilarIndex keeps what one call computed for the next (the rebuilds of `folio watch`): term
// counts, vectors, the term index and every article's list. A call then redoes only what the
// change can reach: the vectors of articles whose words changed or whose top terms a changed
// document frequency moves, and the lists of articles whose vector changed, that listed a
// changed article, that a changed article now enters, or whose index terms crossed the cap. The
// lists are the ones a fresh index gives (a seeded test checks it).

import type { ArticleRecord } from '../model/index.ts';
import {
  SIMILAR_BODY_CHARS, SIMILAR_COUNT, SIMILAR_MAX_SHARE, SIMILAR_MIN_SCORE, SIMILAR_PREVIEW_COUNT, SIMILAR_TAG_WEIGHT,
  SIMILAR_TERMS, SIMILAR_UNCAPPED,
} from './constants.ts';
import type { ArticleEntry } from './collect.ts';
import { compareText } from './text.ts';
import { contentWords, markdownWords } from './tokens.ts';
import type { ArticleRef, ArticleView } from './views.ts';

/** A sparse unit vector: sorted terms and their weights. */
interface Vector {
  terms: string[];
  weights: number[];
}

type Weighted = readonly [term: string, weight: number];

interface Listed {
  doc: Doc;
  score: number;
}

/** One article as the index knows it. */
interface Doc {
  slug: string;
  /** Position in the home page's order (newest first): breaks ties between equal scores. */
  order: number;
  /** What that order is made of (newestFirst): while they stay, the doc keeps its place among the others. */
  time: number | null;
  title: string;
  tf: Map<string, number>;
  text: Vector;
  /** The weakest of the kept terms (null: the article has no more than SIMILAR_TERMS terms, all kept). */
  weakest: Weighted | null;
  tagKey: string;
  tags: Vector;
  /** Archive paths `related` already links (never listed again). */
  linked: Set<string>;
  linkedKey: string;
  list: Listed[];
  entry: ArticleEntry;
}

/** Fills each article's `similar` and `similarPreview`. Run after linkRelated (it skips what `related` links). */
export function linkSimilar(articles: readonly ArticleEntry[], index = new SimilarIndex()): void {
  index.link(articles);
}

export class SimilarIndex {
  private docs = new Map<string, Doc>();
  private n = 0;
  private readonly df = new Map<string, number>();
  private readonly textIndex = new TermIndex();
  private readonly tagIndex = new TermIndex();
  /** Term counts by record body (tokenizing is most of a vector's cost). */
  private counts = new Map<string, { title: string; summary: string | null; tf: Map<string, number> }>();
  /** Doc -> the docs whose lists hold it. */
  private readonly listedBy = new Map<Doc, Set<Doc>>();

  link(articles: readonly ArticleEntry[]): void {
    const n = articles.length;
    const nChanged = n !== this.n;
    this.n = n;
    const cap = Math.max(SIMILAR_UNCAPPED, Math.floor(n * SIMILAR_MAX_SHARE));
    const before = this.docs;
    const now = new Map<string, Doc>();
    const counts = new Map<string, { title: string; summary: string | null; tf: Map<string, number> }>();
    /** Docs whose vectors or place changed, new docs included. */
    const changed = new Set<Doc>();
    const gone: Doc[] = [];
    /** Docs new to the index, and docs whose term counts changed. */
    const added = new Set<Doc>();
    const recounted = new Set<Doc>();
    /** Document frequencies before this call, of the terms it touched. */
    const dfBefore = new Map<string, number>();
    const addTerms = (tf: Map<string, number>, sign: 1 | -1) => {
      for (const term of tf.keys()) {
        const count = this.df.get(term) ?? 0;
        if (!dfBefore.has(term)) dfBefore.set(term, count);
        if (count + sign) this.df.set(term, count + sign);
        else this.df.delete(term);
      }
    };

    articles.forEach((entry, order) => {
      const { record } = entry;
      const tf = this.termCounts(record, counts);
      let doc = before.get(record.slug);
      if (!doc) {
        doc = { slug: record.slug, order, time: entry.time, title: entry.view.title, tf, text: EMPTY, weakest: null, tagKey: '', tags: EMPTY, linked: new Set(), linkedKey: '', list: [], entry };
        addTerms(tf, 1);
        added.add(doc);
        changed.add(doc);
      } else {
        if (doc.tf !== tf) {
          addTerms(doc.tf, -1);
          addTerms(tf, 1);
          doc.tf = tf;
          recounted.add(doc);
        }
        // A doc whose date and title stay keeps its place among the others (only new or changed
        // ones move), so stored lists stay in order however positions shift.
        if (doc.time !== entry.time || doc.title !== entry.view.title) changed.add(doc);
        doc.time = entry.time;
        doc.title = entry.view.title;
        doc.order = order;
        doc.entry = entry;
      }
      now.set(record.slug, doc);
    });
    for (const [slug, doc] of before) {
      if (now.has(slug)) continue;
      addTerms(doc.tf, -1);
      gone.push(doc);
      for (const item of doc.list) this.listedBy.get(item.doc)?.delete(doc);
    }
    this.docs = now;
    this.counts = counts;

    // Vectors: a doc's changes when its counts did, when n did (every IDF moves), or when a term
    // whose document frequency changed is among its kept terms or now beats the weakest of them.
    const changedTerms = [...dfBefore].flatMap(([term, count]) => ((this.df.get(term) ?? 0) !== count ? [term] : []));
    const newVectors = new Map<Doc, { text: Vector; weakest: Weighted | null; tags: Vector }>();
    for (const doc of now.values()) {
      const fresh = added.has(doc);
      const tagKey = doc.entry.view.tags.map((tag) => tag.slug).sort(compareText).join('\n');
      let text = doc.text;
      let weakest = doc.weakest;
      if (fresh || nChanged || recounted.has(doc) || changedTerms.some((term) => this.moves(doc, term))) {
        ({ vector: text, weakest } = textVector(doc.tf, this.df, n));
      }
      const tags = tagKey === doc.tagKey && !fresh ? doc.tags : unit(new Map(doc.entry.view.tags.map((tag) => [tag.slug, 1])));
      if (text !== doc.text || tags !== doc.tags) {
        if (!sameVector(text, doc.text) || !sameVector(tags, doc.tags)) changed.add(doc);
        newVectors.set(doc, { text, weakest, tags });
      }
      doc.tagKey = tagKey;
    }

    // The term indexes follow; terms crossing the cap change every score they are in.
    const flipped = new Set<string>();
    const flippedTags = new Set<string>();
    for (const doc of gone) {
      this.textIndex.remove(doc, doc.text, cap, flipped);
      this.tagIndex.remove(doc, doc.tags, cap, flippedTags);
    }
    const oldVectors = new Map<Doc, { text: Vector; tags: Vector }>();
    for (const [doc, vectors] of newVectors) {
      oldVectors.set(doc, { text: doc.text, tags: doc.tags });
      this.textIndex.replace(doc, doc.text, vectors.text, cap, flipped);
      this.tagIndex.replace(doc, doc.tags, vectors.tags, cap, flippedTags);
      doc.text = vectors.text;
      doc.weakest = vectors.weakest;
      doc.tags = vectors.tags;
    }
    if (nChanged) {
      this.textIndex.recap(cap, flipped);
      this.tagIndex.recap(cap, flippedTags);
    }

    // Lists to redo.
    const redo = new Set<Doc>(changed);
    for (const doc of now.values()) {
      const linked = new Set(doc.entry.view.related.flatMap((item) => (item.archive ? [item.archive.path] : [])));
      const linkedKey = [...linked].sort().join('\n');
      if (linkedKey !== doc.linkedKey) redo.add(doc);
      doc.linked = linked;
      doc.linkedKey = linkedKey;
      if (!redo.has(doc) && (hasAny(doc.text, flipped) || hasAny(doc.tags, flippedTags))) redo.add(doc);
    }
    for (const doc of [...changed, ...gone]) for (const by of this.listedBy.get(doc) ?? []) if (now.get(by.slug) === by) redo.add(by);
    for (const doc of gone) this.listedBy.delete(doc);
    if (redo.size < now.size) {
      // A changed doc entering a list it was not in: its new scores, checked against each list's last place.
      for (const doc of changed) {
        if (!now.has(doc.slug)) continue;
        for (const other of this.scores(doc)) {
          if (redo.has(other.doc) || other.score < SIMILAR_MIN_SCORE || other.doc.linked.has(doc.entry.view.path)) continue;
          const list = other.doc.list;
          if (list.length < SIMILAR_COUNT || better({ doc, score: other.score }, list.at(-1)!) < 0) redo.add(other.doc);
        }
      }
    }
    for (const doc of redo) this.relist(doc);

    for (const doc of now.values()) {
      const view = doc.entry.view;
      view.similar = doc.list.map((item) => articleRef(item.doc.entry.view));
      view.similarPreview = view.similar.slice(0, SIMILAR_PREVIEW_COUNT);
    }
  }

  /** Whether `term`'s new document frequency moves the doc's kept terms. */
  private moves(doc: Doc, term: string): boolean {
    const count = doc.tf.get(term);
    if (count === undefined) return false;
    if (doc.weakest === null || doc.text.terms.includes(term)) return true;
    return strongerFirst([term, weight(count, this.df.get(term)!, this.n)], doc.weakest) < 0;
  }

  private termCounts(record: ArticleRecord, counts: SimilarIndex['counts']): Map<string, number> {
    const known = counts.get(record.body) ?? this.counts.get(record.body);
    if (known && known.title === record.title && known.summary === record.summary) {
      counts.set(record.body, known);
      return known.tf;
    }
    const tf = new Map<string, number>();
    const count = (words: readonly string[]) => {
      for (const word of words) tf.set(word, (tf.get(word) ?? 0) + 1);
    };
    // The title counts twice: it names the subject.
    const title = contentWords(record.title);
    count(title);
    count(title);
    count(contentWords(record.summary));
    count(markdownWords(record.body.slice(0, SIMILAR_BODY_CHARS)));
    counts.set(record.body, { title: record.title, summary: record.summary, tf });
    return tf;
  }

  /** Every doc scoring above 0 with `doc` (itself included). */
  private scores(doc: Doc): Listed[] {
    const scores = new Map<Doc, number>();
    this.textIndex.addDotProducts(doc.text, 1, scores);
    this.tagIndex.addDotProducts(doc.tags, SIMILAR_TAG_WEIGHT, scores);
    return [...scores].map(([other, score]) => ({ doc: other, score }));
  }

  private relist(doc: Doc): void {
    for (const item of doc.list) this.listedBy.get(item.doc)?.delete(doc);
    const candidates = this.scores(doc).filter((item) => item.doc !== doc && item.score >= SIMILAR_MIN_SCORE && !doc.linked.has(item.doc.entry.view.path));
    // Page order breaks ties: the newer article first, as on the home page.
    doc.list = candidates.sort(better).slice(0, SIMILAR_COUNT);
    for (const item of doc.list) {
      const by = this.listedBy.get(item.doc) ?? new Set<Doc>();
      by.add(doc);
      this.listedBy.set(item.doc, by);
    }
  }
}

const EMPTY: Vector = { terms: [], weights: [] };

function better(a: Listed, b: Listed): number {
  return b.score - a.score || a.doc.order - b.doc.order;
}

/**
 * term -> (doc -> weight). A term (or tag) that more than SIMILAR_MAX_SHARE of a big archive's
 * articles have is left out of scoring: it tells little about any of them, and its list would make
 * scoring quadratic.
 */
class TermIndex {
  private readonly postings = new Map<string, Map<Doc, number>>();
  private cap = Infinity;

  private used(term: string): boolean {
    return (this.postings.get(term)?.size ?? 0) <= this.cap;
  }

  remove(doc: Doc, vector: Vector, cap: number, flipped: Set<string>): void {
    this.replace(doc, vector, EMPTY, cap, flipped);
  }

  replace(doc: Doc, old: Vector, next: Vector, cap: number, flipped: Set<string>): void {
    this.cap = cap;
    for (const term of old.terms) {
      const before = this.used(term);
      const list = this.postings.get(term)!;
      list.delete(doc);
      if (!list.size) this.postings.delete(term);
      if (before !== this.used(term)) flipped.add(term);
    }
    next.terms.forEach((term, k) => {
      const before = this.used(term);
      const list = this.postings.get(term) ?? new Map<Doc, number>();
      list.set(doc, next.weights[k]!);
      this.postings.set(term, list);
      if (before !== this.used(term)) flipped.add(term);
    });
  }

  /** A new cap (the archive grew or shrank): the terms it lets in or leaves out. */
  recap(cap: number, flipped: Set<string>): void {
    const old = this.cap;
    this.cap = cap;
    for (const [term, list] of this.postings) if ((list.size <= old) !== (list.size <= cap)) flipped.add(term);
  }

  addDotProducts(vector: Vector, factor: number, scores: Map<Doc, number>): void {
    vector.terms.forEach((term, k) => {
      const list = this.postings.get(term);
      if (!list || list.size > this.cap) return;
      const weight = vector.weights[k]! * factor;
      for (const [other, w] of list) scores.set(other, (scores.get(other) ?? 0) + weight * w);
    });
  }
}

function hasAny(vector: Vector, terms: Set<string>): boolean {
  return terms.size > 0 && vector.terms.some((term) => terms.has(term));
}

function sameVector(a: Vector, b: Vector): boolean {
  return a.terms.length === b.terms.length && a.terms.every((term, k) => term === b.terms[k] && a.weights[k] === b.weights[k]);
}

export function articleRef(view: ArticleView): ArticleRef {
  return { slug: view.slug, title: view.title, path: view.path, date: view.date, summary: view.summary };
}

function weight(count: number, df: number, n: number): number {
  return (1 + Math.log(count)) * Math.log((n + 1) / df);
}

/** The TF-IDF vector of one article's counts: its SIMILAR_TERMS strongest terms, as a unit vector. */
function textVector(tf: Map<string, number>, df: Map<string, number>, n: number): { vector: Vector; weakest: Weighted | null } {
  const weighted: Weighted[] = [];
  for (const [term, count] of tf) weighted.push([term, weight(count, df.get(term)!, n)]);
  const kept = strongest(weighted, SIMILAR_TERMS);
  return { vector: unit(new Map(kept)), weakest: weighted.length > SIMILAR_TERMS ? kept.at(-1)! : null };
}

/** Heavier first; ties by term, so the cut is the same every time. */
function strongerFirst(a: Weighted, b: Weighted): number {
  return b[1] - a[1] || compareText(a[0], b[0]);
}

/**
 * The `k` terms that say most about an article, in strongerFirst order: what sorting all its
 * terms and keeping the first `k` gives, without sorting the hundreds it has.
 */
function strongest(weighted: readonly Weighted[], k: number): Weighted[] {
  const best: Weighted[] = [];
  for (const item of weighted) {
    if (best.length === k && strongerFirst(item, best[k - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && strongerFirst(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

function unit(weights: Map<string, number>): Vector {
  const terms = [...weights.keys()].sort(compareText);
  let sum = 0;
  for (const term of terms) sum += weights.get(term)! ** 2;
  const norm = Math.sqrt(sum);
  return { terms, weights: terms.map((term) => (norm > 0 ? weights.get(term)! / norm : 0)) };
}
