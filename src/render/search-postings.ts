// The search index's postings, built in memory article by article (search.ts writes them out):
// terms numbered on first sight, each article's terms weighted by BM25, postings kept already in
// the file's encoding. Written for 100k articles within about 1 GB: no object per term or posting.

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
 * Every term's postings, built article by article (articles numbered in increasing order). Terms
 * get small numbers: a pair of characters is looked up by its two code points, never made into a
 * string after the first time (most of an archive's terms are pairs). Postings are kept in the
 * file's encoding (varint gap to the previous article, weight byte) in chained blocks of a few
 * large pages: about 2–3 bytes per article and distinct term, no object per term.
 */
export class Postings {
  private readonly names: string[] = [];
  private readonly words = new Map<string, number>();
  private readonly pairs = new IntTable();
  private counts = new Int32Array(1 << 16);
  private readonly touched: number[] = [];
  private length = 0;
  private readonly blocks = new BlockStore();
  /** Per term: first block, current block, write offset in it, its end, last article. */
  private state = new Int32Array(5 << 16);

  /** Add one article: its title terms count TITLE_WEIGHT times, then each term's BM25 weight byte. */
  addArticle(doc: number, title: string, body: string): void {
    this.count(title, TITLE_WEIGHT);
    this.count(body, 1);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * this.length) / REFERENCE_LENGTH);
    for (const id of this.touched) {
      const tf = this.counts[id]!;
      this.counts[id] = 0;
      const weight = Math.max(1, Math.min(255, Math.round(((tf * (BM25_K1 + 1)) / (tf + norm) / (BM25_K1 + 1)) * 255)));
      this.append(id, doc, weight);
    }
    this.touched.length = 0;
    this.length = 0;
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
      const state = new Int32Array(this.state.length * 2);
      state.set(this.state);
      this.state = state;
    }
    const block = this.blocks.allocate(FIRST_BLOCK);
    const s = id * 5;
    this.state[s] = block;
    this.state[s + 1] = block;
    this.state[s + 2] = block + BLOCK_HEADER;
    this.state[s + 3] = block + FIRST_BLOCK;
    this.state[s + 4] = -1;
    return id;
  }

  private append(id: number, doc: number, weight: number): void {
    const s = id * 5;
    const state = this.state;
    let at = state[s + 2]!;
    if (state[s + 3]! - at < 6) {
      // Full: chain a block twice the size (up to MAX_BLOCK) and note how much of this one is used.
      const current = state[s + 1]!;
      const size = Math.min(MAX_BLOCK, (state[s + 3]! - current) * 2);
      const next = this.blocks.allocate(size);
      this.blocks.setHeader(current, next, at - current - BLOCK_HEADER);
      state[s + 1] = next;
      at = next + BLOCK_HEADER;
      state[s + 3] = next + size;
    }
    // A block never crosses a page: write the varint gap and the weight byte in place.
    const page = this.blocks.pageOf(at);
    const base = at - (at % PAGE_BYTES);
    let offset = at - base;
    let gap = doc - (state[s + 4]! < 0 ? 0 : state[s + 4]!);
    while (gap > 0x7f) {
      page[offset++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    page[offset++] = gap;
    page[offset++] = weight;
    state[s + 2] = base + offset;
    state[s + 4] = doc;
  }

  /** Copy one term's postings (its chain of blocks) into `out` at `at`; returns the offset after them. */
  private copyPostings(id: number, out: Buffer, at: number): number {
    const s = id * 5;
    for (let block = this.state[s]!; ;) {
      const last = block === this.state[s + 1];
      const used = last ? this.state[s + 2]! - block - BLOCK_HEADER : this.blocks.used(block);
      out.set(this.blocks.view(block + BLOCK_HEADER, used), at);
      at += used;
      if (last) return at;
      block = this.blocks.next(block);
    }
  }

  private postingsLength(id: number): number {
    const s = id * 5;
    let length = 0;
    for (let block = this.state[s]!; ;) {
      if (block === this.state[s + 1]) return length + this.state[s + 2]! - block - BLOCK_HEADER;
      length += this.blocks.used(block);
      block = this.blocks.next(block);
    }
  }

  /** The terms in sorted order (as the reader compares them), cut into chunks of about `size` bytes. */
  chunks(size: number): { first: string; bytes: Uint8Array }[] {
    const order = this.names.map((_, id) => id).sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : 1));
    const chunks: { first: string; bytes: Uint8Array }[] = [];
    let out = Buffer.allocUnsafe(size * 2);
    let first = '';
    let used = 0;
    for (const id of order) {
      const name = this.names[id]!;
      const nameBytes = Buffer.byteLength(name);
      const postings = this.postingsLength(id);
      const entry = 20 + nameBytes + postings;
      if (used > 0 && used + entry > size) {
        chunks.push({ first, bytes: Buffer.from(out.subarray(0, used)) });
        used = 0;
      }
      if (entry > out.length) out = Buffer.allocUnsafe(entry);
      if (used === 0) first = name;
      used = writeVarint(out, used, nameBytes);
      used += out.write(name, used);
      used = writeVarint(out, used, postings);
      used = this.copyPostings(id, out, used);
    }
    if (used > 0) chunks.push({ first, bytes: Buffer.from(out.subarray(0, used)) });
    return chunks;
  }
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

/** A block's header: the next block's address (u32) and the bytes used in this one (u16). */
const BLOCK_HEADER = 6;
/** Most terms are in few articles: their first block holds a few postings. */
const FIRST_BLOCK = 16;
const MAX_BLOCK = 4096;
/** Blocks are carved from pages this large, so no single huge buffer is ever copied to grow. */
const PAGE_BYTES = 8 << 20;

/** Postings blocks in pages; an address is page × PAGE_BYTES + offset. */
class BlockStore {
  private readonly pages: Uint8Array[] = [];
  private free = PAGE_BYTES;

  allocate(size: number): number {
    if (this.free + size > PAGE_BYTES) {
      this.pages.push(new Uint8Array(PAGE_BYTES));
      this.free = 0;
    }
    const address = (this.pages.length - 1) * PAGE_BYTES + this.free;
    this.free += size;
    return address;
  }

  setHeader(block: number, next: number, used: number): void {
    const page = this.pages[Math.floor(block / PAGE_BYTES)]!;
    const at = block % PAGE_BYTES;
    page[at] = next & 0xff;
    page[at + 1] = (next >>> 8) & 0xff;
    page[at + 2] = (next >>> 16) & 0xff;
    page[at + 3] = (next >>> 24) & 0xff;
    page[at + 4] = used & 0xff;
    page[at + 5] = used >>> 8;
  }

  next(block: number): number {
    const page = this.pages[Math.floor(block / PAGE_BYTES)]!;
    const at = block % PAGE_BYTES;
    return (page[at]! | (page[at + 1]! << 8) | (page[at + 2]! << 16)) + page[at + 3]! * 2 ** 24;
  }

  used(block: number): number {
    const page = this.pages[Math.floor(block / PAGE_BYTES)]!;
    const at = block % PAGE_BYTES;
    return page[at + 4]! | (page[at + 5]! << 8);
  }

  view(address: number, length: number): Uint8Array {
    const at = address % PAGE_BYTES;
    return this.pages[Math.floor(address / PAGE_BYTES)]!.subarray(at, at + length);
  }

  pageOf(address: number): Uint8Array {
    return this.pages[Math.floor(address / PAGE_BYTES)]!;
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
