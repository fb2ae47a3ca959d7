// The search index's terms and postings (search.ts writes them out). Each article is split into
// words once, into term numbers of one dictionary and their BM25 weights (kept per article, so a
// rebuild splits only the articles that changed); the postings are then assembled from those in
// the articles' order, already in the file's encoding. Written for 100k articles within about
// 1 GB: typed arrays, no object per term or posting.

import { scan } from './search-runtime.js';

/** A title word counts as this many body words: a query matching a title ranks that article first. */
const TITLE_WEIGHT = 4;
/**
 * BM25's term-frequency saturation and length normalization. The reference length is fixed rather
 * than the archive's average, so an article's weights depend on that article alone.
 */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const REFERENCE_LENGTH = 500;

/** One article's distinct terms (dictionary numbers) and, at the same places, their weight bytes. */
export interface ArticleTerms {
  readonly ids: Int32Array;
  readonly weights: Uint8Array;
}

/** One file of postings: the terms from `first` on, with their postings. */
export interface Chunk {
  first: string;
  bytes: Uint8Array;
}

/**
 * Terms numbered on first sight; a number is never reused, so numbers kept with an article stay
 * valid for as long as the dictionary lives. A pair of characters is looked up by its two code
 * points, never made into a string after the first time (most of an archive's terms are pairs).
 */
export class TermDictionary {
  private readonly names: string[] = [];
  private readonly words = new Map<string, number>();
  private readonly pairs = new IntTable();
  private counts = new Int32Array(1 << 16);
  private readonly touched: number[] = [];
  private length = 0;
  /** Term numbers in name order; the terms named since are sorted in when next asked for. */
  private sorted: Int32Array = new Int32Array(0);

  get size(): number {
    return this.names.length;
  }

  name(id: number): string {
    return this.names[id]!;
  }

  /** Split one article: its title terms count TITLE_WEIGHT times, then each term gets its BM25 weight byte. */
  article(title: string, body: string): ArticleTerms {
    this.count(title, TITLE_WEIGHT);
    this.count(body, 1);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * this.length) / REFERENCE_LENGTH);
    const ids = Int32Array.from(this.touched);
    const weights = new Uint8Array(ids.length);
    for (const [i, id] of ids.entries()) {
      const tf = this.counts[id]!;
      this.counts[id] = 0;
      weights[i] = Math.max(1, Math.min(255, Math.round(((tf * (BM25_K1 + 1)) / (tf + norm) / (BM25_K1 + 1)) * 255)));
    }
    this.touched.length = 0;
    this.length = 0;
    return { ids, weights };
  }

  /** Every term number, ordered by name as the reader compares names (UTF-16 code units). */
  inOrder(): Int32Array {
    const known = this.sorted.length;
    if (known === this.names.length) return this.sorted;
    const byName = (a: number, b: number) => (this.names[a]! < this.names[b]! ? -1 : 1);
    const added = Int32Array.from({ length: this.names.length - known }, (_, i) => known + i).sort(byName);
    this.sorted = known === 0 ? added : mergeSorted(this.sorted, added, (id) => this.names[id]!);
    return this.sorted;
  }

  private count(text: string, by: number): void {
    const seen = (id: number) => {
      if (this.counts[id] === 0) this.touched.push(id);
      this.counts[id]! += by;
      this.length += by;
    };
    scan(
      text,
      (word) => seen(this.wordId(word)),
      (a, b) => seen(a > 0xffff || b > 0xffff ? this.wordId(String.fromCodePoint(a, b)) : this.pairId((a << 16) | b, a, b)),
      (c) => seen(c > 0xffff ? this.wordId(String.fromCodePoint(c)) : this.pairId(c, c, -1)),
    );
  }

  private wordId(word: string): number {
    const id = this.words.get(word);
    if (id !== undefined) return id;
    this.words.set(word, this.names.length);
    return this.newTerm(word);
  }

  /** A pair of BMP characters (or one, `b` < 0) by its code units, made into a string once. */
  private pairId(key: number, a: number, b: number): number {
    const id = this.pairs.get(key);
    if (id >= 0) return id;
    this.pairs.set(key, this.names.length);
    return this.newTerm(b < 0 ? String.fromCharCode(a) : String.fromCharCode(a, b));
  }

  private newTerm(name: string): number {
    const id = this.names.length;
    this.names.push(name);
    if (id >= this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return id;
  }
}

/** `sorted` with the (sorted) `added` placed among it: a binary search per added term, then one copy. */
function mergeSorted(sorted: Int32Array, added: Int32Array, name: (id: number) => string): Int32Array {
  const merged = new Int32Array(sorted.length + added.length);
  let from = 0;
  for (const [k, id] of added.entries()) {
    const key = name(id);
    let low = from;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (name(sorted[mid]!) < key) low = mid + 1;
      else high = mid;
    }
    merged.set(sorted.subarray(from, low), from + k);
    merged[low + k] = id;
    from = low;
  }
  merged.set(sorted.subarray(from), from + added.length);
  return merged;
}

/**
 * The postings of `articles` (numbered in this order) by term, in the file's encoding (varint gap
 * to the term's previous article, weight byte), the terms in name order cut into chunks of about
 * `size` bytes. Terms in none of the articles are left out.
 */
export function postingChunks(dictionary: TermDictionary, articles: readonly ArticleTerms[], size: number): Chunk[] {
  const order = dictionary.inOrder();
  const { lengths, total } = postingLengths(dictionary.size, articles);
  // Where each term's next posting goes: its postings start where the previous term's (in name order) end.
  const ends = new Int32Array(dictionary.size);
  let offset = 0;
  for (const id of order) {
    ends[id] = offset;
    offset += lengths[id]!;
  }
  const postings = new Uint8Array(total);
  const last = new Int32Array(dictionary.size);
  for (const [doc, { ids, weights }] of articles.entries()) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let at = ends[id]!;
      let gap = doc - last[id]!;
      while (gap > 0x7f) {
        postings[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      postings[at++] = gap;
      postings[at++] = weights[i]!;
      ends[id] = at;
      last[id] = doc;
    }
  }
  // Filled: each term's postings now end at ends[id].
  return cutChunks(order, (id) => dictionary.name(id), lengths, (id) => postings.subarray(ends[id]! - lengths[id]!, ends[id]!), size);
}

/** Bytes of each term's postings (the first gap is from article 0), and their sum. */
function postingLengths(terms: number, articles: readonly ArticleTerms[]): { lengths: Int32Array; total: number } {
  const lengths = new Int32Array(terms);
  const last = new Int32Array(terms);
  let total = 0;
  for (const [doc, { ids }] of articles.entries()) {
    for (const id of ids) {
      const gap = doc - last[id]!;
      const bytes = (gap < 0x80 ? 1 : gap < 0x4000 ? 2 : gap < 0x200000 ? 3 : gap < 0x10000000 ? 4 : 5) + 1;
      lengths[id]! += bytes;
      total += bytes;
      last[id] = doc;
    }
  }
  return { lengths, total };
}

/** The chunk files: per term, varint name length, name, varint postings length, postings. */
function cutChunks(order: Int32Array, name: (id: number) => string, lengths: Int32Array, postingsOf: (id: number) => Uint8Array, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  let out = Buffer.allocUnsafe(size * 2);
  let first = '';
  let used = 0;
  for (const id of order) {
    const postings = lengths[id]!;
    if (postings === 0) continue;
    const term = name(id);
    const nameBytes = Buffer.byteLength(term);
    // 20: room enough for both varints, so an entry never overflows `out`.
    const entry = 20 + nameBytes + postings;
    if (used > 0 && used + entry > size) {
      chunks.push({ first, bytes: Buffer.from(out.subarray(0, used)) });
      used = 0;
    }
    if (entry > out.length) out = Buffer.allocUnsafe(entry);
    if (used === 0) first = term;
    used = writeVarint(out, used, nameBytes);
    used += out.write(term, used);
    used = writeVarint(out, used, postings);
    out.set(postingsOf(id), used);
    used += postings;
  }
  if (used > 0) chunks.push({ first, bytes: Buffer.from(out.subarray(0, used)) });
  return chunks;
}

/**
 * Non-zero int32 keys to term numbers, open addressing in two typed arrays: the pair lookup is
 * the indexer's hottest line, and a Map of numbers is several times slower at it.
 */
class IntTable {
  private keys = new Int32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private size = 0;

  /** Fibonacci hashing: the product's top bits, which every bit of the key reaches. */
  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> (Math.clz32(this.keys.length) + 1);
  }

  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let at = this.slot(key); ; at = (at + 1) & mask) {
      const found = this.keys[at]!;
      if (found === key) return this.values[at]!;
      if (found === 0) return -1;
    }
  }

  set(key: number, value: number): void {
    if (++this.size * 2 > this.keys.length) this.grow();
    this.place(key, value);
  }

  private place(key: number, value: number): void {
    const mask = this.keys.length - 1;
    let at = this.slot(key);
    while (this.keys[at] !== 0) at = (at + 1) & mask;
    this.keys[at] = key;
    this.values[at] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.place(keys[i]!, values[i]!);
  }
}

/** Unsigned LEB128 at `at`; returns the offset after it. */
function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value > 0x7f) {
    bytes[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  bytes[at++] = value;
  return at;
}
