// Sparse TF-IDF vectors and the term index "more like this" scores with (similar.ts).

import { SIMILAR_MAX_SHARE, SIMILAR_TERMS, SIMILAR_UNCAPPED } from './constants.ts';
import { compareText } from './text.ts';

/** A sparse unit vector: sorted terms and their weights. */
export interface Vector {
  terms: string[];
  weights: number[];
}

export type Weighted = readonly [term: string, weight: number];

export const EMPTY: Vector = { terms: [], weights: [] };

/**
 * term -> (doc -> weight). A term (or tag) that more than shareCap articles keep is left out of
 * scoring: it tells little about any of them, and its list would make scoring quadratic. (Text
 * vectors keep no term more than shareCap articles have, so for words this holds already; tags
 * are capped here.)
 */
export class TermIndex<K> {
  private readonly postings = new Map<string, Map<K, number>>();
  private cap = Infinity;

  /** Whether `term` counts in scores (its list is within the cap). */
  scored(term: string): boolean {
    return (this.postings.get(term)?.size ?? 0) <= this.cap;
  }

  remove(doc: K, vector: Vector, cap: number, flipped: Set<string>): void {
    this.replace(doc, vector, EMPTY, cap, flipped);
  }

  replace(doc: K, old: Vector, next: Vector, cap: number, flipped: Set<string>): void {
    this.cap = cap;
    for (const term of old.terms) {
      const before = this.scored(term);
      const list = this.postings.get(term)!;
      list.delete(doc);
      if (!list.size) this.postings.delete(term);
      if (before !== this.scored(term)) flipped.add(term);
    }
    next.terms.forEach((term, k) => {
      const before = this.scored(term);
      const list = this.postings.get(term) ?? new Map<K, number>();
      list.set(doc, next.weights[k]!);
      this.postings.set(term, list);
      if (before !== this.scored(term)) flipped.add(term);
    });
  }

  /** The docs whose vectors keep `term`. */
  holders(term: string): Iterable<K> {
    return this.postings.get(term)?.keys() ?? [];
  }

  /** A new cap (the archive grew or shrank): the terms it lets in or leaves out. */
  recap(cap: number, flipped: Set<string>): void {
    const old = this.cap;
    this.cap = cap;
    for (const [term, list] of this.postings) if ((list.size <= old) !== (list.size <= cap)) flipped.add(term);
  }

  /** Adds `factor` × the dot product with `vector` to each doc sharing a term, term by term in the vector's order. */
  addDotProducts(vector: Vector, factor: number, scores: Scores<K>): void {
    vector.terms.forEach((term, k) => {
      const list = this.postings.get(term);
      if (!list || list.size > this.cap) return;
      const weight = vector.weights[k]! * factor;
      list.forEach((w, other) => scores.add(other, weight * w));
    });
  }
}

/**
 * Adds `factor` × the dot product of `a` and `b` to `sum`, with the products addDotProducts makes
 * for them in its order (a's terms), so the result is the same number to the last bit.
 */
export function addDotProduct<K>(sum: number, a: Vector, b: Vector, factor: number, index: TermIndex<K>): number {
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length;) {
    const order = compareText(a.terms[i]!, b.terms[j]!);
    if (order > 0) j++;
    else if (order < 0) i++;
    else {
      if (index.scored(a.terms[i]!)) sum += a.weights[i]! * factor * b.weights[j]!;
      i++;
      j++;
    }
  }
  return sum;
}

/** Where addDotProducts sums: each doc's score starts at 0 and takes the products in the order given. */
export interface Scores<K> {
  add(doc: K, value: number): void;
}

export function sameVector(a: Vector, b: Vector): boolean {
  return a.terms.length === b.terms.length && a.terms.every((term, k) => term === b.terms[k] && a.weights[k] === b.weights[k]);
}

/** A term's weight in a doc: `n` is the archive's size as idfBase rounds it, `df` the term's document frequency (rounded by dfBase). */
export function weight(count: number, df: number, n: number): number {
  return (1 + Math.log(count)) * Math.log((n + 1) / dfBase(df));
}

/**
 * The archive size the weights use: the number of articles, rounded up (above 32) to a sixteenth of
 * the power of two below it (8001 -> 8192). A page added or removed then changes no weight but
 * those of its own words, so its rebuild does not weigh every article again, save once in a while.
 */
export function idfBase(n: number): number {
  return roundedUp(n, 4);
}

/**
 * A document frequency as vectors use it, for the weight and for the share cap: rounded up to a
 * multiple of half the power of two below it (5 -> 6, 9 -> 12, 130 -> 192). A term's part in any
 * vector changes only with it: a page added or removed changes the weights of a few of its words,
 * not all (the IDF moves by at most log 1.5, which changes little in which words say most about an
 * article).
 */
export function dfBase(df: number): number {
  return roundedUp(df, 1);
}

/** `x` (a whole number) rounded up to a multiple of 2^-bits of the power of two below it; exact below 2^(bits+1). */
function roundedUp(x: number, bits: number): number {
  const step = 2 ** Math.max(0, 31 - Math.clz32(x) - bits);
  return Math.ceil(x / step) * step;
}

/**
 * The most articles a term (or tag) may be in and still count: SIMILAR_MAX_SHARE of the archive's
 * size as idfBase rounds it (`base`), and never fewer than SIMILAR_UNCAPPED.
 */
export function shareCap(base: number): number {
  return Math.max(SIMILAR_UNCAPPED, Math.floor(base * SIMILAR_MAX_SHARE));
}

/**
 * The TF-IDF vector of one article's counts (`n`: idfBase of the archive's size): its SIMILAR_TERMS
 * strongest terms among those within shareCap, as a unit vector. A common term would only dilute
 * the others, and would make every article's vector move with its count.
 */
export function textVector(tf: Map<string, number>, df: Map<string, number>, n: number): { vector: Vector; weakest: Weighted | null } {
  const { kept, left } = strongest(tf, df, n, SIMILAR_TERMS);
  return { vector: unit(new Map(kept)), weakest: left ? kept.at(-1)! : null };
}

/** Heavier first; ties by term, so the cut is the same every time. */
export function strongerFirst(a: Weighted, b: Weighted): number {
  return b[1] - a[1] || compareText(a[0], b[0]);
}

/**
 * The `k` terms within shareCap that say most about an article, in strongerFirst order: what
 * sorting all of them and keeping the first `k` gives, without sorting the hundreds it has; `left`:
 * some term within the cap was not kept.
 */
function strongest(tf: Map<string, number>, df: Map<string, number>, n: number, k: number): { kept: Weighted[]; left: boolean } {
  const cap = shareCap(n);
  const best: Weighted[] = [];
  let eligible = 0;
  for (const [term, count] of tf) {
    const docs = df.get(term)!;
    if (dfBase(docs) > cap) continue;
    eligible++;
    const w = weight(count, docs, n);
    // Most terms lose to the weakest kept one: compared before a pair is made for them (an article has hundreds).
    const last = best[k - 1];
    if (last !== undefined && (w < last[1] || (w === last[1] && compareText(term, last[0]) >= 0))) continue;
    const item: Weighted = [term, w];
    let at = best.length;
    while (at > 0 && strongerFirst(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return { kept: best, left: eligible > k };
}

export function unit(weights: Map<string, number>): Vector {
  const terms = [...weights.keys()].sort(compareText);
  let sum = 0;
  for (const term of terms) sum += weights.get(term)! ** 2;
  const norm = Math.sqrt(sum);
  return { terms, weights: terms.map((term) => (norm > 0 ? weights.get(term)! / norm : 0)) };
}
