// Near-duplicate bodies: the same article re-posted on several sites, with a changed headline, a
// cut or an added paragraph. MinHash signatures over CJK-aware word shingles find candidate pairs
// in one pass (locality-sensitive bands, so 100k pages never mean 100k² comparisons); each
// candidate pair is then confirmed on the exact shingle sets.

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

/** Shingle sets kept while confirming candidate pairs (pairs come sorted, so neighbours hit the cache). */
const SET_CACHE_SIZE = 256;

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}_]+/gu;

export interface NearDuplicate {
  a: number;
  b: number;
  /** Share of the shorter body's shingles that the longer body has. */
  containment: number;
}

/** Pairs (by index into `texts`, a < b) of bodies that are the same article; deterministic. */
export function findNearDuplicates(texts: readonly string[]): NearDuplicate[] {
  // Only signatures are kept for every text (288 bytes each); shingle sets are rebuilt for the
  // few candidate pairs, so memory does not grow with the archive's text.
  const buckets = new Map<string, number[]>();
  texts.forEach((text, index) => {
    const set = shingleSet(text);
    if (set.size < MIN_SHINGLES) return;
    const signature = minHash(set);
    for (let band = 0; band < BANDS; band++) {
      const key = `${band}:${signature.slice(band * ROWS, band * ROWS + ROWS).join(',')}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });

  const candidates = new Set<string>();
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.length; i++) {
      for (let j = i + 1; j < bucket.length; j++) candidates.add(`${bucket[i]}:${bucket[j]}`);
    }
  }
  const cache = new Map<number, Set<number>>();
  const shingles = (index: number): Set<number> => {
    let set = cache.get(index);
    if (!set) {
      if (cache.size >= SET_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      set = shingleSet(texts[index]!);
      cache.set(index, set);
    }
    return set;
  };
  const pairs: NearDuplicate[] = [];
  for (const key of [...candidates].sort()) {
    const [a, b] = key.split(':').map(Number) as [number, number];
    const containment = similarity(shingles(a), shingles(b));
    if (containment !== null) pairs.push({ a, b, containment });
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** Containment of the smaller set in the larger when both thresholds hold, else null. */
function similarity(x: Set<number>, y: Set<number>): number | null {
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let shared = 0;
  for (const h of small) if (large.has(h)) shared++;
  const containment = shared / small.size;
  return containment >= MIN_CONTAINMENT && shared / large.size >= MIN_COVERAGE ? containment : null;
}

export function tokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** FNV-1a of each run of SHINGLE_TOKENS words joined by spaces, hashed in place rather than joined. */
function shingleSet(text: string): Set<number> {
  const words = tokens(text);
  const set = new Set<number>();
  for (let i = 0; i + SHINGLE_TOKENS <= words.length; i++) {
    let h = FNV_OFFSET;
    for (let k = i; k < i + SHINGLE_TOKENS; k++) {
      if (k > i) h = fnv1aStep(h, SPACE);
      const word = words[k]!;
      for (let c = 0; c < word.length; c++) h = fnv1aStep(h, word.charCodeAt(c));
    }
    set.add(h >>> 0);
  }
  return set;
}

/** Fixed odd multipliers, so signatures are the same on every machine and run. */
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) | 1) >>> 0);

function minHash(set: Set<number>): number[] {
  const hashes = Uint32Array.from(set);
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
