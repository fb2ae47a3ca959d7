// folio's search index, both halves in one file so they cannot drift apart: the word splitting that
// src/render/search.ts indexes with, and the reader that the browser loads from <site>/search/ to
// answer queries with it (templates/assets/search.js). Plain JavaScript, no dependencies.
//
// The index (written by search.ts): meta.json names the chunks; t/<n>.bin hold the terms in
// sorted order, each with its postings (article number, weight); d/<n>.json hold the articles'
// titles, addresses and opening text, GROUP_SIZE to a file. A query loads meta.json, one chunk
// per word and one article file per result shown, never the whole index.

/** Format of the files below; the reader refuses another. */
export const INDEX_VERSION = 1;
/** Articles per d/<n>.json: few, so showing ten results loads little text that is not shown. */
export const GROUP_SIZE = 8;
/** Longer runs of letters are identifiers, hashes or junk, not words a reader types. */
export const MAX_TERM_LENGTH = 40;

/**
 * Scripts written without spaces between words: their runs are indexed as overlapping pairs of
 * characters (bigrams), the usual dictionary-free way to search Chinese and Japanese: a query of
 * n characters matches an article holding its n-1 pairs, whatever word boundaries a segmenter
 * would have drawn. The last character of each run is also kept alone, so that with the pairs it
 * starts, every character is reachable by a one-character query. [first, last] code points of the
 * Unicode blocks: Han (with extensions and compatibility forms), kana, Thai, Lao, Myanmar, Khmer.
 */
const UNSPACED_BLOCKS = [
  [0x0e00, 0x0eff], [0x1000, 0x109f], [0x1780, 0x17ff], [0x3040, 0x30ff], [0x31f0, 0x31ff],
  [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x323af],
];
const LETTER = /[\p{L}\p{N}\p{M}]/u;
const LATIN_WORD = /^[\p{Script=Latin}\p{N}\p{M}]+$/u;
const MARKS = /\p{M}+/gu;
const NOT_ASCII = /[^\x00-\x7f]/;

const classes = new Map();

/** 0: separator, 1: letter or digit of a spaced script, 2: character of an unspaced script. */
function charClass(code) {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) ? 1 : 0;
  if (code >= 0x4e00 && code <= 0x9fff) return 2; // the common Han block, first: most of a Chinese text
  let kind = classes.get(code);
  if (kind === undefined) {
    kind = UNSPACED_BLOCKS.some(([first, last]) => code >= first && code <= last) ? 2 : LETTER.test(String.fromCodePoint(code)) ? 1 : 0;
    classes.set(code, kind);
  }
  return kind;
}

/**
 * The one word splitter, for indexing and for queries. Calls `word(text)` for each word of a
 * spaced script (lower-cased, Latin accents folded, so "Café" finds "cafe"; longer than
 * MAX_TERM_LENGTH: skipped), `pair(a, b)` for each two neighbouring characters of an unspaced
 * run and `single(c)` for its last character (code points).
 */
export function scan(text, word, pair, single) {
  const s = String(text).normalize('NFKC').toLowerCase();
  let start = -1;
  let previous = -1;
  for (let i = 0; i <= s.length;) {
    const code = i < s.length ? s.codePointAt(i) : 0x20;
    const size = code > 0xffff ? 2 : 1;
    const kind = i < s.length ? charClass(code) : 0;
    if (kind !== 1 && start >= 0) {
      emitWord(s.slice(start, i), word);
      start = -1;
    }
    if (kind === 2) {
      if (previous >= 0) pair(previous, code);
      previous = code;
    } else {
      if (previous >= 0) single(previous);
      previous = -1;
      if (kind === 1 && start < 0) start = i;
    }
    i += size;
  }
}

function emitWord(text, word) {
  if (NOT_ASCII.test(text) && LATIN_WORD.test(text)) text = text.normalize('NFD').replace(MARKS, '').normalize('NFC');
  if (text.length <= MAX_TERM_LENGTH) word(text);
}

/** The terms of `text` in order, as strings (what the index holds). */
export function terms(text) {
  const out = [];
  scan(text, (w) => out.push(w), (a, b) => out.push(String.fromCodePoint(a, b)), (c) => out.push(String.fromCodePoint(c)));
  return out;
}

/**
 * A query as the words an article must all hold. Each word is an exact term (a spaced word, a
 * pair of an unspaced run) or, for the last spaced word when more may be typed and for a lone
 * unspaced character, a prefix: "bri" finds "bridge", "竹" finds "竹编".
 */
export function queryWords(query) {
  const words = [];
  let run = [];
  let lastWord = -1;
  const endRun = () => {
    if (run.length === 1) words.push({ prefix: String.fromCodePoint(run[0]) });
    run = [];
  };
  scan(query, (w) => {
    endRun();
    lastWord = words.push({ term: w }) - 1;
  }, (a, b) => {
    if (run.length === 0) run.push(a);
    run.push(b);
    words.push({ term: String.fromCodePoint(a, b) });
  }, (c) => {
    if (run.length === 0) run.push(c);
    endRun();
  });
  // Typing "bri" on the way to "bridge": the last word, unless a space or stop says it is complete.
  if (lastWord === words.length - 1 && lastWord >= 0 && !/[\s\p{P}]$/u.test(query)) words[lastWord] = { prefix: words[lastWord].term };
  return words;
}

/** Characters an excerpt marks: the query's words and unspaced runs, as scan normalizes them. */
function needlesOf(query) {
  const needles = [];
  let run = '';
  const endRun = () => { if (run) needles.push(run); run = ''; };
  scan(query, (w) => { endRun(); needles.push(w); }, (a, b) => { run = (run || String.fromCodePoint(a)) + String.fromCodePoint(b); }, (c) => { if (!run) run = String.fromCodePoint(c); endRun(); });
  endRun();
  return [...new Set(needles)];
}

/** Unsigned LEB128, as search.ts writes the postings. */
export function readVarint(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at.offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

const decoder = typeof TextDecoder === 'undefined' ? null : new TextDecoder();

/**
 * The terms of one chunk file as a Map from term to its postings' bytes (decoded only when a
 * query uses the term). Chunk layout, repeated: varint term length, the term in UTF-8, varint
 * byte length of the postings, then per posting varint (article number − previous) and a weight byte.
 */
export function readChunk(buffer) {
  const bytes = new Uint8Array(buffer);
  const at = { offset: 0 };
  const chunk = new Map();
  while (at.offset < bytes.length) {
    const termLength = readVarint(bytes, at);
    const term = decoder.decode(bytes.subarray(at.offset, at.offset + termLength));
    at.offset += termLength;
    const postingsLength = readVarint(bytes, at);
    chunk.set(term, bytes.subarray(at.offset, at.offset + postingsLength));
    at.offset += postingsLength;
  }
  return chunk;
}

/** Postings bytes → Map of article number to weight (1–255). */
export function readPostings(bytes) {
  const at = { offset: 0 };
  const postings = new Map();
  let doc = 0;
  while (at.offset < bytes.length) {
    doc += readVarint(bytes, at);
    postings.set(doc, bytes[at.offset++]);
  }
  return postings;
}

/** At most this many terms answer one prefix: "a" must not load the whole index. */
const MAX_PREFIX_TERMS = 200;
/** Characters of text around the first match in a result's excerpt. */
const EXCERPT_CHARS = 160;

/** meta.json, always asked of the server (it is the one file whose address does not change). */
export async function loadMeta(base, fetchImpl = fetch) {
  const response = await fetchImpl(new URL('meta.json', base).href, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`search index: ${response.status}`);
  return response.json();
}

/**
 * The browser's side: `openIndex(new URL('search/', siteRoot))` → `{ search(query) }`, which
 * resolves to `{ total, results }`, results best first, each with `load()` for what to show.
 */
export async function openIndex(base, fetchImpl = fetch, loadedMeta = null) {
  const build = (name) => new URL(name, base).href;
  const meta = loadedMeta ?? (await loadMeta(base, fetchImpl));
  if (meta.version !== INDEX_VERSION) throw new Error(`search index version ${meta.version}, reader ${INDEX_VERSION}`);
  // Every file name carries the build's id, so a browser never mixes files of two builds.
  const file = (name) => build(`${name}?v=${meta.build}`);
  const chunks = new Map();
  const groups = new Map();

  function loadChunk(n) {
    if (!chunks.has(n)) {
      chunks.set(n, fetchImpl(file(`t/${n}.bin`)).then((r) => {
        if (!r.ok) throw new Error(`search index chunk ${n}: ${r.status}`);
        return r.arrayBuffer();
      }).then(readChunk));
      chunks.get(n).catch(() => chunks.delete(n));
    }
    return chunks.get(n);
  }

  /** The chunk that would hold `term`: the last whose first term is not after it. */
  function chunkOf(term) {
    let low = 0;
    let high = meta.chunks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (meta.chunks[mid] <= term) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Article number → weight for one query word (a prefix: the best of its terms). */
  async function match(word) {
    const scores = new Map();
    const add = (bytes) => {
      // Rarer terms count more (BM25's idf); the posting's weight holds the article's side.
      const postings = readPostings(bytes);
      const idf = Math.log(1 + (meta.docs - postings.size + 0.5) / (postings.size + 0.5));
      for (const [doc, weight] of postings) scores.set(doc, Math.max(scores.get(doc) ?? 0, idf * weight));
    };
    if (word.term !== undefined) {
      const bytes = (await loadChunk(chunkOf(word.term))).get(word.term);
      if (bytes) add(bytes);
      return scores;
    }
    let taken = 0;
    for (let n = chunkOf(word.prefix); n < meta.chunks.length && taken < MAX_PREFIX_TERMS; n++) {
      if (n > chunkOf(word.prefix) && !meta.chunks[n].startsWith(word.prefix)) break;
      for (const [term, bytes] of await loadChunk(n)) {
        if (!term.startsWith(word.prefix)) continue;
        add(bytes);
        if (++taken >= MAX_PREFIX_TERMS) break;
      }
    }
    return scores;
  }

  function loadDoc(doc) {
    const n = Math.floor(doc / meta.groupSize);
    if (!groups.has(n)) {
      groups.set(n, fetchImpl(file(`d/${n}.json`)).then((r) => {
        if (!r.ok) throw new Error(`search index articles ${n}: ${r.status}`);
        return r.json();
      }));
      groups.get(n).catch(() => groups.delete(n));
    }
    return groups.get(n).then((group) => group[doc % meta.groupSize]);
  }

  async function search(query) {
    const words = queryWords(query);
    if (words.length === 0 || meta.docs === 0) return { total: 0, results: [] };
    const matched = await Promise.all(words.map(match));
    // Every word must match: start from the rarest, keep the articles holding the others too.
    matched.sort((a, b) => a.size - b.size);
    const total = new Map();
    for (const [doc, score] of matched[0]) {
      let sum = score;
      for (let i = 1; i < matched.length && sum >= 0; i++) {
        const other = matched[i].get(doc);
        sum = other === undefined ? -1 : sum + other;
      }
      if (sum >= 0) total.set(doc, sum);
    }
    // Best first; equal scores newest first (articles are numbered newest first).
    const ranked = [...total].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      total: ranked.length,
      results: ranked.map(([doc]) => ({ load: () => loadDoc(doc).then((data) => withExcerpt(data, query)) })),
    };
  }

  return { search, docs: meta.docs };
}

/**
 * `data` ({ url, title, date, site, text }) with `excerpt`: about EXCERPT_CHARS of its text around
 * the first place a query word occurs, as [text, marked] pieces (marked: that piece is a match).
 */
export function withExcerpt(data, query) {
  const text = data.text || '';
  const needles = needlesOf(query);
  const lower = foldForMatch(text);
  let first = -1;
  for (const needle of needles) {
    const at = lower.indexOf(needle);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - EXCERPT_CHARS / 4);
  const end = Math.min(text.length, start + EXCERPT_CHARS);
  const excerpt = [];
  let at = start;
  while (at < end && needles.length) {
    let next = -1;
    let needle = '';
    for (const candidate of needles) {
      const found = lower.indexOf(candidate, at);
      if (found >= 0 && found < end && (next < 0 || found < next)) { next = found; needle = candidate; }
    }
    if (next < 0) break;
    if (next > at) excerpt.push([text.slice(at, next), false]);
    const stop = Math.min(end, next + needle.length);
    excerpt.push([text.slice(next, stop), true]);
    at = stop;
  }
  if (at < end) excerpt.push([text.slice(at, end), false]);
  if (start > 0 && excerpt[0]) excerpt[0][0] = `…${excerpt[0][0]}`;
  if (end < text.length && excerpt.length) excerpt[excerpt.length - 1][0] += '…';
  return { ...data, excerpt };
}

/** Lower case with Latin accents folded, keeping every character's place (for marking matches). */
function foldForMatch(text) {
  let out = '';
  for (const char of text) {
    const folded = char.toLowerCase().normalize('NFD').replace(MARKS, '');
    out += folded.length === char.length ? folded : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  return out;
}
