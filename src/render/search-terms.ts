// Splitting articles into the search index's terms: one dictionary numbers every term, and each
// article becomes its distinct term numbers with their BM25 weights (search-postings.ts assembles
// the postings from those). Kept between builds, so a rebuild splits only the articles that changed.

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

/**
 * One article's distinct terms in increasing term number, each as the varint gap to the previous
 * number (the first from 0) and its weight byte: about 2–3 bytes a term, as compact as the postings.
 */
export type ArticleTerms = Uint8Array;

/**
 * Terms numbered on first sight; a number is never reused, so the numbers kept in an article's
 * terms stay valid for as long as the dictionary lives. A pair of characters is looked up by its
 * two code points, never made into a string after the first time (most of an archive's terms are
 * pairs). Names are also kept as UTF-8, as the chunk files hold them.
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
  private utf8 = Buffer.alloc(1 << 20);
  /** nameHash() of each term. */
  private hashes = new Int32Array(1 << 16);
  /** Where each name's UTF-8 starts in `utf8` (and, one further, ends). */
  private utf8Starts = new Int32Array((1 << 16) + 1);

  get size(): number {
    return this.names.length;
  }

  name(id: number): string {
    return this.names[id]!;
  }

  nameLength(id: number): number {
    return this.utf8Starts[id + 1]! - this.utf8Starts[id]!;
  }

  /** Copy the name's UTF-8 into `target` at `at`; returns where it ends. */
  writeName(id: number, target: Uint8Array, at: number): number {
    const end = this.utf8Starts[id + 1]!;
    for (let from = this.utf8Starts[id]!; from < end; from++) target[at++] = this.utf8[from]!;
    return at;
  }

  /** A hash of the name (FNV-1a over its UTF-8), a signed 32-bit number: where chunk files end depends on the terms alone (search-postings.ts). */
  nameHash(id: number): number {
    return this.hashes[id]!;
  }

  /** Split one article: its title terms count TITLE_WEIGHT times, then each term gets its BM25 weight byte. */
  article(title: string, body: string): ArticleTerms {
    this.count(title, TITLE_WEIGHT);
    this.count(body, 1);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * this.length) / REFERENCE_LENGTH);
    // Term number and weight in one sortable number.
    const packed = new Float64Array(this.touched.length);
    for (const [i, id] of this.touched.entries()) {
      const tf = this.counts[id]!;
      this.counts[id] = 0;
      packed[i] = id * 256 + Math.max(1, Math.min(255, Math.round(((tf * (BM25_K1 + 1)) / (tf + norm) / (BM25_K1 + 1)) * 255)));
    }
    this.touched.length = 0;
    this.length = 0;
    packed.sort();
    const out = new Uint8Array(packed.length * 6);
    let at = 0;
    let previous = 0;
    for (const term of packed) {
      const id = Math.floor(term / 256);
      at = writeVarint(out, at, id - previous);
      out[at++] = term - id * 256;
      previous = id;
    }
    return out.slice(0, at);
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
    if (id >= this.counts.length) this.counts = grown(this.counts, this.counts.length * 2);
    if (id + 1 >= this.utf8Starts.length) this.utf8Starts = grown(this.utf8Starts, this.utf8Starts.length * 2);
    const start = this.utf8Starts[id]!;
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (start + name.length * 3 > this.utf8.length) {
      const utf8 = Buffer.alloc(Math.max(this.utf8.length * 2, start + name.length * 3));
      utf8.set(this.utf8);
      this.utf8 = utf8;
    }
    const end = start + this.utf8.write(name, start);
    this.utf8Starts[id + 1] = end;
    if (id >= this.hashes.length) this.hashes = grown(this.hashes, this.hashes.length * 2);
    let hash = 0x811c9dc5 | 0;
    for (let at = start; at < end; at++) hash = Math.imul(hash ^ this.utf8[at]!, 0x01000193);
    this.hashes[id] = hash;
    return id;
  }
}

function grown(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(length);
  bigger.set(array);
  return bigger;
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
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value > 0x7f) {
    bytes[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  bytes[at++] = value;
  return at;
}
