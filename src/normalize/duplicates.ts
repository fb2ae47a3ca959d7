// Near-duplicate bodies: the same article re-posted on several sites, with a changed headline, a
// cut or an added paragraph. MinHash signatures over CJK-aware word shingles find candidate pairs
// in one pass (locality-sensitive bands, so 100k pages never mean 100k² comparisons); each
// candidate pair is then confirmed on the exact shingle sets.

import { createHash } from 'node:crypto';

/** Tokens per shingle: long enough that shared phrases, not shared words, make two texts similar. */
const SHINGLE_TOKENS = 5;
/** Bodies with fewer shingles are too short (briefs, captions) to call re-posts of each other. */
export const MIN_SHINGLES = 40;
/** Share of the shorter body's shingles found in the longer one: a re-post keeps nearly all of them. */
export const MIN_CONTAINMENT = 0.8;
/** And of the longer body's: a brief quoted inside a long round-up is not the same article. */
export const MIN_COVERAGE = 0.4;
/** MinHash bands × rows: with 3 rows, pairs sharing a third of their shingles meet in some band 9 times in 10. */
const BANDS = 24;
const ROWS = 3;

/** Shingle sets kept while confirming candidate pairs (a new body's, and those of its candidates). */
const SET_CACHE_SIZE = 256;

/** Words: a CJK character is one alone (those scripts write no spaces); letters, digits and _ run into one. */
const ALONE_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const WORD_CHAR = /^[\p{L}\p{N}_]$/u;

export interface NearDuplicate {
  a: number;
  b: number;
  /** Share of the shorter body's shingles that the longer body has. */
  containment: number;
}

/** Pairs (by index into `texts`, a < b) of bodies that are the same article; deterministic. */
export function findNearDuplicates(texts: readonly string[]): NearDuplicate[] {
  return new NearDuplicateIndex().update(texts);
}

/** A distinct body the index holds: its LSH band keys (null: too short to compare) and the bodies confirmed as its near duplicates. */
interface Body {
  text: string;
  /** The text's hash, when the index recalls an earlier one (see recall). */
  hash?: string;
  bands: number[] | null;
  partners: Map<Body, number>;
  /** Pages holding this body (counted by `change`; `update` does not count). */
  uses: number;
}

/**
 * Near duplicates kept from one call to the next (a build and the rebuilds of `folio watch`): a body
 * seen before keeps its signature and its confirmed pairs, so a call hashes and compares only the
 * bodies that are new, and drops the ones that are gone. The pairs are those a fresh index finds.
 * Only band keys are kept per body (24 numbers); shingle sets are rebuilt for candidate pairs only,
 * so memory does not grow with the archive's text.
 */
export class NearDuplicateIndex {
  private readonly bodies = new Map<string, Body>();
  /** LSH band key -> the bodies in that bucket. */
  private readonly buckets = new Map<number, Body[]>();
  /** Band keys of bodies not added yet, made ahead by `prepare` (null: too short to compare). */
  private readonly prepared = new Map<string, number[] | null>();
  /** What an earlier index knew (recall), by body hash: band keys, and partners by hash. */
  private recalled: Map<string, { bands: number[] | null; partners: Map<string, number> }> | null = null;
  /** Whether the index holds what `recalled` does not: a body hashed, compared or dropped since. */
  private learnt = false;

  /**
   * Start from what an earlier index knew (`remember`, in an earlier process): a body it held is not
   * hashed again, and a pair of bodies it held both of is not compared again. Two bodies it held
   * were compared then if they shared a band, which they still do, so the pairs are those a fresh
   * index finds. Only into an empty index, and for its first `update` or `change` (the bodies a
   * process starts with), after which it is let go.
   */
  recall(memory: NearDuplicateMemory): void {
    if (this.bodies.size > 0 || !memory.bodies.every(wellFormed)) return;
    const hashes = memory.bodies.map(([hash]) => hash);
    this.recalled = new Map(memory.bodies.map(([hash, bands, partners]) => [
      hash, { bands, partners: new Map(partners.map(([index, containment]) => [hashes[index]!, containment])) },
    ]));
  }

  /** What the index knows, for `recall` in a later process; null when that holds nothing `recall` was not given. */
  remember(): NearDuplicateMemory | null {
    if (!this.learnt) return null;
    const bodies = [...this.bodies.values()];
    const indexOf = new Map(bodies.map((body, index) => [body, index]));
    return {
      bodies: bodies.map((body) => [
        body.hash ??= textHash(body.text), body.bands, [...body.partners].map(([other, containment]) => [indexOf.get(other)!, containment]),
      ]),
    };
  }

  /**
   * Hash a body that a coming `update` or `change` will add, while the caller has nothing else to
   * do (import, while the pages are parsed): adding it then is a look-up in the band buckets.
   */
  prepare(text: string): void {
    if (this.bodies.has(text) || this.prepared.has(text)) return;
    const set = shingleSet(text);
    this.prepared.set(text, set.length >= MIN_SHINGLES ? bandKeys(minHash(set)) : null);
  }

  /** Pairs (by index into `texts`, a < b) of bodies that are the same article, sorted. */
  update(texts: readonly string[]): NearDuplicate[] {
    const current = new Set(texts);
    for (const body of this.bodies.values()) if (!current.has(body.text)) this.remove(body);
    const shingles = shingleCache();
    for (const text of current) if (!this.bodies.has(text)) this.add(text, shingles);
    this.prepared.clear();
    this.recalled = null;
    return this.pairs(texts);
  }

  /**
   * The incremental form of `update`, for callers that know what changed (one index is driven by
   * `update` or by `change`, not both): bodies of pages added and of pages removed, each once per
   * page. A body is forgotten when no page has it any more.
   */
  change(added: readonly string[], removed: readonly string[]): void {
    const net = new Map<string, number>();
    for (const text of added) net.set(text, (net.get(text) ?? 0) + 1);
    for (const text of removed) net.set(text, (net.get(text) ?? 0) - 1);
    const shingles = shingleCache();
    for (const [text, delta] of net) {
      const body = this.bodies.get(text);
      if (body === undefined && delta > 0) this.add(text, shingles).uses = delta;
      else if (body !== undefined && (body.uses += delta) <= 0) this.remove(body);
    }
    this.prepared.clear();
    this.recalled = null;
  }

  /** The bodies confirmed as near duplicates of `text`, with the share of the shorter one found in the longer. */
  partnersOf(text: string): IterableIterator<[string, number]> {
    const partners = this.bodies.get(text)?.partners ?? new Map<Body, number>();
    return (function* () {
      for (const [other, containment] of partners) yield [other.text, containment] as [string, number];
    })();
  }

  private add(text: string, shingles: (body: Body) => Shingles): Body {
    const body: Body = { text, bands: null, partners: new Map(), uses: 1 };
    if (this.recalled) body.hash = textHash(text);
    const known = body.hash === undefined ? undefined : this.recalled!.get(body.hash);
    const prepared = this.prepared.get(text);
    if (known) body.bands = known.bands;
    else if (prepared !== undefined) body.bands = prepared;
    else {
      const set = shingles(body);
      if (set.length >= MIN_SHINGLES) body.bands = bandKeys(minHash(set));
    }
    this.learnt ||= !known;
    this.bodies.set(text, body);
    if (!body.bands) return body;
    const candidates = new Set<Body>();
    for (const key of body.bands) {
      const bucket = this.buckets.get(key);
      if (bucket) for (const other of bucket) candidates.add(other);
      if (bucket) bucket.push(body);
      else this.buckets.set(key, [body]);
    }
    for (const other of candidates) {
      // Both held by the recalled index: compared then.
      const containment = known && this.recalled!.has(other.hash!) ? (known.partners.get(other.hash!) ?? null) : similarity(shingles(body), shingles(other));
      if (containment === null) continue;
      body.partners.set(other, containment);
      other.partners.set(body, containment);
    }
    return body;
  }

  private remove(body: Body): void {
    this.learnt = true;
    this.bodies.delete(body.text);
    for (const other of body.partners.keys()) other.partners.delete(body);
    for (const key of body.bands ?? []) {
      const bucket = this.buckets.get(key)!;
      bucket.splice(bucket.indexOf(body), 1);
      if (!bucket.length) this.buckets.delete(key);
    }
  }

  /** Every pair of indexes whose bodies are confirmed near duplicates, or the same comparable body. */
  private pairs(texts: readonly string[]): NearDuplicate[] {
    const indexesOf = new Map<Body, number[]>();
    texts.forEach((text, index) => {
      const body = this.bodies.get(text)!;
      const list = indexesOf.get(body);
      if (list) list.push(index);
      else indexesOf.set(body, [index]);
    });
    const pairs: NearDuplicate[] = [];
    for (const [body, indexes] of indexesOf) {
      if (!body.bands) continue;
      for (const a of indexes) {
        for (const b of indexes) if (a < b) pairs.push({ a, b, containment: 1 });
        for (const [other, containment] of body.partners) for (const b of indexesOf.get(other) ?? []) if (a < b) pairs.push({ a, b, containment });
      }
    }
    return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
  }
}

/** What a NearDuplicateIndex knew (remember, recall): per body its text's hash, band keys, and partners as [index into `bodies`, containment]. */
export interface NearDuplicateMemory {
  bodies: [hash: string, bands: number[] | null, partners: [number, number][]][];
}

/** An entry of a NearDuplicateMemory as `remember` writes it (a cache file could hold anything). */
function wellFormed(entry: unknown): boolean {
  if (!Array.isArray(entry) || entry.length !== 3) return false;
  const [hash, bands, partners] = entry as unknown[];
  return typeof hash === 'string' && (bands === null || (Array.isArray(bands) && bands.every((key) => typeof key === 'number')))
    && Array.isArray(partners) && partners.every((pair) => Array.isArray(pair) && typeof pair[0] === 'number' && typeof pair[1] === 'number');
}

/** A body's hash in a NearDuplicateMemory. */
function textHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Shingle sets of the bodies being compared, the most recent few kept. */
function shingleCache(): (body: Body) => Shingles {
  const cache = new Map<Body, Shingles>();
  return (body) => {
    let set = cache.get(body);
    if (!set) {
      if (cache.size >= SET_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      set = shingleSet(body.text);
    }
    cache.delete(body);
    cache.set(body, set);
    return set;
  };
}

/** One number per band: the band and its rows hashed (a collision only adds a candidate, which is then checked). */
function bandKeys(signature: number[]): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = FNV_OFFSET;
    for (let row = band * ROWS; row < band * ROWS + ROWS; row++) h = mix(h ^ signature[row]!);
    keys.push(band * 2 ** 32 + (h >>> 0));
  }
  return keys;
}

/** Containment of the smaller set in the larger when both thresholds hold, else null. */
function similarity(x: Shingles, y: Shingles): number | null {
  const [small, large] = x.length <= y.length ? [x, y] : [y, x];
  let shared = 0;
  // Both sorted: one walk along each.
  for (let i = 0, j = 0; i < small.length && j < large.length; ) {
    if (small[i]! < large[j]!) i++;
    else if (small[i]! > large[j]!) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  const containment = shared / small.length;
  return containment >= MIN_CONTAINMENT && shared / large.length >= MIN_COVERAGE ? containment : null;
}

export function tokens(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const bounds = wordBounds(norm);
  const words: string[] = [];
  for (let k = 0; k < bounds.length; k += 2) words.push(norm.slice(bounds[k], bounds[k + 1]));
  return words;
}

/** A body's distinct shingle hashes, sorted (a typed array: a Set of a thousand numbers per body cost more than hashing them). */
type Shingles = Uint32Array;

/** FNV-1a of each run of SHINGLE_TOKENS words joined by spaces, hashed in place from the text rather than joined. */
function shingleSet(text: string): Shingles {
  const norm = text.normalize('NFKC').toLowerCase();
  const bounds = wordBounds(norm);
  const hashes = new Uint32Array(Math.max(0, bounds.length / 2 - SHINGLE_TOKENS + 1));
  for (let i = 0; i + SHINGLE_TOKENS * 2 <= bounds.length; i += 2) {
    let h = FNV_OFFSET;
    for (let k = i; k < i + SHINGLE_TOKENS * 2; k += 2) {
      if (k > i) h = fnv1aStep(h, SPACE);
      for (let c = bounds[k]!, end = bounds[k + 1]!; c < end; c++) h = fnv1aStep(h, norm.charCodeAt(c));
    }
    hashes[i / 2] = h;
  }
  return distinctSorted(hashes.sort());
}

/** The sorted array without repeats (in place; a view of its start). */
function distinctSorted(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/**
 * The words of `text` as start and end offsets one after the other: at each place a character that
 * is a word alone, else the longest run of word characters (as the regex
 * `ALONE_CHAR|WORD_CHAR+` with the `gu` flags would match them). Read through a table of
 * character classes, without a string per word: the regex and its strings were half the cost of
 * comparing bodies.
 */
function wordBounds(text: string): number[] {
  const bounds: number[] = [];
  let at = 0;
  while (at < text.length) {
    const code = codePointAt(text, at);
    const width = code > 0xffff ? 2 : 1;
    const kind = charClass(code);
    if (kind & ALONE) {
      bounds.push(at, at + width);
      at += width;
    } else if (kind & IN_WORD) {
      const start = at;
      at += width;
      for (let next = codePointAt(text, at); at < text.length && charClass(next) & IN_WORD; next = codePointAt(text, at)) at += next > 0xffff ? 2 : 1;
      bounds.push(start, at);
    } else at += width;
  }
  return bounds;
}

/** The code point at `at` as a /u regex reads it: a surrogate pair is one code point, a lone surrogate stands for itself. */
function codePointAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit < 0xd800 || unit > 0xdbff || at + 1 >= text.length) return unit;
  const low = text.charCodeAt(at + 1);
  return low >= 0xdc00 && low <= 0xdfff ? (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 : unit;
}

/** Character classes: ALONE_CHAR, WORD_CHAR. */
const ALONE = 1;
const IN_WORD = 2;
/** Classes of code points in blocks of 256, each block filled when a text first uses it (a text uses a few). */
const classBlocks: (Uint8Array | undefined)[] = [];
const astralClasses = new Map<number, number>();

function charClass(code: number): number {
  if (code > 0xffff) {
    let kind = astralClasses.get(code);
    if (kind === undefined) astralClasses.set(code, (kind = classify(code)));
    return kind;
  }
  let block = classBlocks[code >>> 8];
  if (block === undefined) {
    block = new Uint8Array(256);
    for (let low = 0; low < 256; low++) block[low] = classify((code & ~0xff) | low);
    classBlocks[code >>> 8] = block;
  }
  return block[code & 0xff]!;
}

function classify(code: number): number {
  const char = String.fromCodePoint(code);
  return (ALONE_CHAR.test(char) ? ALONE : 0) | (WORD_CHAR.test(char) ? IN_WORD : 0);
}

/** Fixed odd multipliers, so signatures are the same on every machine and run. */
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);

function minHash(hashes: Shingles): number[] {
  const signature = new Array<number>(SEEDS.length);
  for (let i = 0; i < SEEDS.length; i++) {
    const seed = SEEDS[i]!;
    let min = 0xffffffff;
    for (let k = 0; k < hashes.length; k++) {
      const v = mix(hashes[k]! ^ seed);
      if (v < min) min = v;
    }
    signature[i] = min;
  }
  return signature;
}

/** A 32-bit finaliser (murmur3 fmix32): spreads nearby inputs over the whole range. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const SPACE = 0x20;

function fnv1aStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}
