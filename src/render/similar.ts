// "More like this": for each article, the archived articles that share its tags and its words.
// Score = text cosine (TF-IDF over CJK-aware tokens) + SIMILAR_TAG_WEIGHT × tag cosine. Every sum
// runs in a fixed order (terms sorted, articles by slug), so two builds give the same lists.

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

/** Fills each article's `similar` and `similarPreview`. Run after linkRelated (it skips what `related` links). */
export function linkSimilar(articles: readonly ArticleEntry[]): void {
  const ordered = [...articles].sort((a, b) => compareText(a.view.slug, b.view.slug));
  const order = new Map(articles.map((entry, index) => [entry, index]));
  const texts = textVectors(ordered);
  const tags = ordered.map((entry) => unit(new Map(entry.view.tags.map((tag) => [tag.slug, 1]))));
  const textIndex = postings(texts);
  const tagIndex = postings(tags);
  // One score slot per article, reset after each use: cheaper than a map on big archives.
  const scores = new Float64Array(ordered.length);
  const touched: number[] = [];

  ordered.forEach((entry, i) => {
    addDotProducts(texts[i]!, textIndex, 1, scores, touched);
    addDotProducts(tags[i]!, tagIndex, SIMILAR_TAG_WEIGHT, scores, touched);
    const linked = new Set(entry.view.related.flatMap((item) => (item.archive ? [item.archive.path] : [])));
    const candidates: [number, number][] = [];
    for (const j of touched) {
      const score = scores[j]!;
      scores[j] = 0;
      if (j !== i && score >= SIMILAR_MIN_SCORE && !linked.has(ordered[j]!.view.path)) candidates.push([j, score]);
    }
    touched.length = 0;
    // Page order breaks ties: the newer article first, as on the home page.
    candidates.sort(([ja, a], [jb, b]) => b - a || order.get(ordered[ja]!)! - order.get(ordered[jb]!)!);
    entry.view.similar = candidates.slice(0, SIMILAR_COUNT).map(([j]) => articleRef(ordered[j]!.view));
    entry.view.similarPreview = entry.view.similar.slice(0, SIMILAR_PREVIEW_COUNT);
  });
}

export function articleRef(view: ArticleView): ArticleRef {
  return { slug: view.slug, title: view.title, path: view.path, date: view.date, summary: view.summary };
}

/** TF-IDF vectors of title (counted twice: it names the subject), summary and the body's opening. */
function textVectors(entries: readonly ArticleEntry[]): Vector[] {
  const counts = entries.map(({ record }) => termCounts(record));
  termCountsKept = termCountsNow;
  termCountsNow = new Map();
  const df = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = entries.length;
  return counts.map((tf) => {
    const weighted = [...tf].map(([term, count]) => [term, (1 + Math.log(count)) * Math.log((n + 1) / df.get(term)!)] as const);
    return unit(new Map(strongest(weighted, SIMILAR_TERMS)));
  });
}

interface TermCounts {
  title: string;
  summary: string | null;
  tf: Map<string, number>;
}

/**
 * Term counts by record body, from the previous call (a watch's previous rebuild) and this one:
 * tokenizing is most of the work, and a rebuild changes few records. Only this call's are kept after it.
 */
let termCountsKept = new Map<string, TermCounts>();
let termCountsNow = new Map<string, TermCounts>();

function termCounts(record: ArticleEntry['record']): Map<string, number> {
  const known = termCountsNow.get(record.body) ?? termCountsKept.get(record.body);
  if (known && known.title === record.title && known.summary === record.summary) {
    termCountsNow.set(record.body, known);
    return known.tf;
  }
  const tf = new Map<string, number>();
  const count = (words: readonly string[]) => {
    for (const word of words) tf.set(word, (tf.get(word) ?? 0) + 1);
  };
  const title = contentWords(record.title);
  count(title);
  count(title);
  count(contentWords(record.summary));
  count(markdownWords(record.body.slice(0, SIMILAR_BODY_CHARS)));
  termCountsNow.set(record.body, { title: record.title, summary: record.summary, tf });
  return tf;
}

type Weighted = readonly [term: string, weight: number];

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

/**
 * term -> [(article index, weight)], articles in index order. A term (or tag) that more than
 * SIMILAR_MAX_SHARE of a big archive's articles have is left out: it tells little about any of
 * them, and its list would make scoring quadratic.
 */
function postings(vectors: readonly Vector[]): Map<string, [number, number][]> {
  const index = new Map<string, [number, number][]>();
  vectors.forEach((vector, i) => {
    vector.terms.forEach((term, k) => {
      const list = index.get(term) ?? [];
      list.push([i, vector.weights[k]!]);
      index.set(term, list);
    });
  });
  const cap = Math.max(SIMILAR_UNCAPPED, Math.floor(vectors.length * SIMILAR_MAX_SHARE));
  for (const [term, list] of index) if (list.length > cap) index.delete(term);
  return index;
}

function addDotProducts(
  vector: Vector, index: Map<string, [number, number][]>, factor: number, scores: Float64Array, touched: number[],
): void {
  vector.terms.forEach((term, k) => {
    const weight = vector.weights[k]! * factor;
    for (const [j, other] of index.get(term) ?? []) {
      if (scores[j] === 0) touched.push(j);
      scores[j] = scores[j]! + weight * other;
    }
  });
}
