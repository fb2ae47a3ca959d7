// Sparse TF-IDF vectors and the term index "more like this" scores with (similar.ts).

import { SIMILAR_TERMS } from './constants.ts';
import { compareText } from './text.ts';

/** A sparse unit vector: sorted terms and their weights. */
export interface Vector {
  terms: string[];
  weights: number[];
}

export type Weighted = readonly [term: string, weight: number];

export const EMPTY: Vector = { terms: [], weights: [] };

/**
 * term -> (doc -> weight). A term (or tag) that more than SIMILAR_MAX_SHARE of a big archive's
 * articles have is left out of scoring: it tells little about any of them, and its list would make
 * scoring quadratic.
 */
export class TermIndex<K> {
  private readonly postings = new Map<string, Map<K, number>>();
  private cap = Infinity;

  private used(term: string): boolean {
    return (this.postings.get(term)?.size ?? 0) <= this.cap;
  }

  remove(doc: K, vector: Vector, cap: number, flipped: Set<string>): void {
    this.replace(doc, vector, EMPTY, cap, flipped);
  }

  replace(doc: K, old: Vector, next: Vector, cap: number, flipped: Set<string>): void {
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
      const list = this.postings.get(term) ?? new Map<K, number>();
      list.set(doc, next.weights[k]!);
      this.postings.set(term, list);
      if (before !== this.used(term)) flipped.add(term);
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

/** Where addDotProducts sums: each doc's score starts at 0 and takes the products in the order given. */
export interface Scores<K> {
  add(doc: K, value: number): void;
}

export function hasAny(vector: Vector, terms: Set<string>): boolean {
  return terms.size > 0 && vector.terms.some((term) => terms.has(term));
}

export function sameVector(a: Vector, b: Vector): boolean {
  return a.terms.length === b.terms.length && a.terms.every((term, k) => term === b.terms[k] && a.weights[k] === b.weights[k]);
}

/** A term's weight in a doc: `n` is the archive's size as idfBase rounds it. */
export function weight(count: number, df: number, n: number): number {
  return (1 + Math.log(count)) * Math.log((n + 1) / df);
}

/**
 * The archive size the weights use: the number of articles, rounded up (above 32) to a sixteenth of
 * the power of two below it (8001 -> 8192). A page added or removed then changes no weight but
 * those of its own words, so its rebuild does not weigh every article again, save once in a while.
 */
export function idfBase(n: number): number {
  if (n <= 32) return n;
  const step = 2 ** (Math.floor(Math.log2(n)) - 4);
  return Math.ceil(n / step) * step;
}

/** The TF-IDF vector of one article's counts: its SIMILAR_TERMS strongest terms, as a unit vector. */
export function textVector(tf: Map<string, number>, df: Map<string, number>, n: number): { vector: Vector; weakest: Weighted | null } {
  const kept = strongest(tf, df, n, SIMILAR_TERMS);
  return { vector: unit(new Map(kept)), weakest: tf.size > SIMILAR_TERMS ? kept.at(-1)! : null };
}

/** Heavier first; ties by term, so the cut is the same every time. */
export function strongerFirst(a: Weighted, b: Weighted): number {
  return b[1] - a[1] || compareText(a[0], b[0]);
}

/**
 * The `k` terms that say most about an article, in strongerFirst order: what sorting all its
 * terms and keeping the first `k` gives, without sorting the hundreds it has.
 */
function strongest(tf: Map<string, number>, df: Map<string, number>, n: number, k: number): Weighted[] {
  const best: Weighted[] = [];
  for (const [term, count] of tf) {
    const w = weight(count, df.get(term)!, n);
    // Most terms lose to the weakest kept one: compared before a pair is made for them (an article has hundreds).
    const last = best[k - 1];
    if (last !== undefined && (w < last[1] || (w === last[1] && compareText(term, last[0]) >= 0))) continue;
    const item: Weighted = [term, w];
    let at = best.length;
    while (at > 0 && strongerFirst(item, best[at - 1]!) < 0) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
  }
  return best;
}

export function unit(weights: Map<string, number>): Vector {
  const terms = [...weights.keys()].sort(compareText);
  let sum = 0;
  for (const term of terms) sum += weights.get(term)! ** 2;
  const norm = Math.sqrt(sum);
  return { terms, weights: terms.map((term) => (norm > 0 ? weights.get(term)! / norm : 0)) };
}
