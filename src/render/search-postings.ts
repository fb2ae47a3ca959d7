// The search index's postings (search.ts writes them out), assembled from each article's terms
// (search-terms.ts) in the articles' order: per term, the articles holding it in the file's
// encoding (varint gap to the term's previous article, the first from 0; weight byte). A rebuild
// starts from the previous build's postings: a term no changed article holds, all of whose
// articles keep their numbers, keeps its bytes; the others are re-encoded from their old bytes.

import { writeVarint, type ArticleTerms, type TermDictionary } from './search-terms.ts';

/** The postings of some articles: term by term (numbers of the dictionary), their bytes in `bytes`. */
export interface Postings {
  /** The articles, numbered in this order. */
  readonly articles: readonly ArticleTerms[];
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  /** 0 for a term in none of the articles. */
  readonly lengths: Int32Array;
  /** Each term's last article. */
  readonly lastDocs: Int32Array;
  /** Terms whose postings were made anew (1) rather than kept byte for byte from the previous postings; absent when all were made anew. */
  readonly remade?: Uint8Array;
}

/** One file of postings: the terms from `first` on, with their postings. */
export interface Chunk {
  first: string;
  bytes: Uint8Array;
  /** Its first and last terms (numbers). */
  firstId: number;
  lastId: number;
  /** The chunk of the previous call, reused whole (the same bytes). */
  kept?: true;
  /** The digest of its bytes, once its file was made (search.ts). */
  digest?: string;
}

/** The postings of `articles`; the same bytes with or without `previous` (postings of the same dictionary). */
export function assemblePostings(dictionary: TermDictionary, articles: readonly ArticleTerms[], previous: Postings | null): Postings {
  return previous ? updatePostings(dictionary, articles, previous) : allPostings(dictionary, articles);
}

/** Every term's postings from every article: a pass to size them, one to fill them in. */
function allPostings(dictionary: TermDictionary, articles: readonly ArticleTerms[]): Postings {
  const terms = dictionary.size;
  const lengths = new Int32Array(terms);
  const lastDocs = new Int32Array(terms);
  let total = 0;
  for (let doc = 0; doc < articles.length; doc++) {
    const list = articles[doc]!;
    // The article's terms: varint gap to the previous term number, weight byte (read inline: the hottest loop).
    for (let at = 0, id = 0; at < list.length; at++) {
      let byte = list[at++]!;
      id += byte & 0x7f;
      for (let shift = 128; byte & 0x80; shift *= 128) id += ((byte = list[at++]!) & 0x7f) * shift;
      const bytes = varintLength(doc - lastDocs[id]!) + 1;
      lengths[id]! += bytes;
      total += bytes;
      lastDocs[id] = doc;
    }
  }
  const starts = new Int32Array(terms);
  let offset = 0;
  for (const id of dictionary.inOrder()) {
    starts[id] = offset;
    offset += lengths[id]!;
  }
  const bytes = new Uint8Array(total);
  const ends = starts.slice();
  lastDocs.fill(0);
  for (let doc = 0; doc < articles.length; doc++) {
    const list = articles[doc]!;
    for (let at = 0, id = 0; at < list.length;) {
      let byte = list[at++]!;
      id += byte & 0x7f;
      for (let shift = 128; byte & 0x80; shift *= 128) id += ((byte = list[at++]!) & 0x7f) * shift;
      const end = writeVarint(bytes, ends[id]!, doc - lastDocs[id]!);
      bytes[end] = list[at++]!;
      ends[id] = end + 1;
      lastDocs[id] = doc;
    }
  }
  return { articles, bytes, starts, lengths, lastDocs };
}

/**
 * The postings of `articles` from those of the previous build. Articles are matched by their terms
 * (the same object: an article unchanged since); the kept ones are in the same order as before,
 * so old numbers map to new ones and every term's postings stay in order.
 */
function updatePostings(dictionary: TermDictionary, articles: readonly ArticleTerms[], previous: Postings): Postings {
  const terms = dictionary.size;
  const numberOf = new Map(articles.map((article, doc) => [article, doc]));
  const renumber = Int32Array.from(previous.articles, (article) => numberOf.get(article) ?? -1);
  // Below it, every kept article has its old number.
  let firstMoved = renumber.findIndex((doc, old) => doc >= 0 && doc !== old);
  if (firstMoved < 0) firstMoved = renumber.length;
  const changed = new Uint8Array(terms);
  for (const [old, article] of previous.articles.entries()) if (renumber[old]! < 0) forEachTerm(article, (id) => void (changed[id] = 1));
  const additions = addedPostings(terms, articles, new Set(previous.articles), changed);

  const out = new Output(previous.bytes.length + additions.docs.length * 6);
  const remade = new Uint8Array(terms);
  const starts = new Int32Array(terms);
  const lengths = new Int32Array(terms);
  const lastDocs = new Int32Array(terms);
  // Kept postings are copied in runs: neighbours in name order were neighbours in the old bytes too.
  let runFrom = 0;
  let runTo = 0;
  const copyRun = () => {
    out.copy(previous.bytes.subarray(runFrom, runTo));
    runFrom = runTo;
  };
  for (const id of dictionary.inOrder()) {
    const oldStart = id < previous.starts.length ? previous.starts[id]! : 0;
    const oldLength = id < previous.lengths.length ? previous.lengths[id]! : 0;
    if (!changed[id] && (oldLength === 0 || previous.lastDocs[id]! < firstMoved)) {
      if (oldLength === 0) continue;
      if (oldStart !== runTo) {
        copyRun();
        runFrom = runTo = oldStart;
      }
      starts[id] = out.length + runTo - runFrom;
      runTo += oldLength;
      lengths[id] = oldLength;
      lastDocs[id] = previous.lastDocs[id]!;
      continue;
    }
    copyRun();
    starts[id] = out.length;
    // Re-encoded: the old postings renumbered (those of changed or removed articles left out), merged with the additions.
    out.reserve(oldLength * 3 + (additions.starts[id + 1]! - additions.starts[id]!) * 6);
    let last = 0;
    const emit = (doc: number, weight: number) => {
      out.posting(doc - last, weight);
      last = doc;
    };
    let next = additions.starts[id]!;
    const end = additions.starts[id + 1]!;
    let oldDoc = 0;
    for (let at = oldStart; at < oldStart + oldLength;) {
      let byte = previous.bytes[at++]!;
      oldDoc += byte & 0x7f;
      for (let shift = 128; byte & 0x80; shift *= 128) oldDoc += ((byte = previous.bytes[at++]!) & 0x7f) * shift;
      const weight = previous.bytes[at++]!;
      const doc = renumber[oldDoc]!;
      if (doc < 0) continue;
      for (; next < end && additions.docs[next]! < doc; next++) emit(additions.docs[next]!, additions.weights[next]!);
      emit(doc, weight);
    }
    for (; next < end; next++) emit(additions.docs[next]!, additions.weights[next]!);
    lengths[id] = out.length - starts[id]!;
    lastDocs[id] = last;
    // Re-encoded to the same bytes (a changed article's weight the same): as good as kept.
    if (!out.sameAs(previous.bytes, oldStart, oldLength, starts[id]!)) remade[id] = 1;
  }
  copyRun();
  return { articles, bytes: out.bytes(), starts, lengths, lastDocs, remade };
}

/**
 * The postings of the articles not in `known` (new or changed), grouped by term (`starts`, one
 * more than the terms), each term's in increasing article number; their terms are marked in `changed`.
 */
function addedPostings(terms: number, articles: readonly ArticleTerms[], known: Set<ArticleTerms>, changed: Uint8Array) {
  const added = articles.flatMap((article, doc) => (known.has(article) ? [] : [doc]));
  const starts = new Int32Array(terms + 1);
  for (const doc of added) forEachTerm(articles[doc]!, (id) => void starts[id + 1]!++);
  for (let id = 0; id < terms; id++) starts[id + 1]! += starts[id]!;
  const docs = new Int32Array(starts[terms]!);
  const weights = new Uint8Array(docs.length);
  const fill = starts.slice();
  for (const doc of added) {
    forEachTerm(articles[doc]!, (id, weight) => {
      changed[id] = 1;
      docs[fill[id]!] = doc;
      weights[fill[id]!++] = weight;
    });
  }
  return { starts, docs, weights };
}

function forEachTerm(list: ArticleTerms, each: (id: number, weight: number) => void): void {
  for (let at = 0, id = 0; at < list.length;) {
    let byte = list[at++]!;
    id += byte & 0x7f;
    for (let shift = 128; byte & 0x80; shift *= 128) id += ((byte = list[at++]!) & 0x7f) * shift;
    each(id, list[at++]!);
  }
}

function varintLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** A byte buffer that grows: postings written at its end. */
class Output {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(capacity, 1024));
  }

  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  copy(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Room was reserved for it. */
  posting(gap: number, weight: number): void {
    this.length = writeVarint(this.buffer, this.length, gap);
    this.buffer[this.length++] = weight;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** Whether the bytes from `start` to the end are `length` bytes of `other` from `from`. */
  sameAs(other: Uint8Array, from: number, length: number, start: number): boolean {
    if (this.length - start !== length) return false;
    for (let i = 0; i < length; i++) if (this.buffer[start + i] !== other[from + i]) return false;
    return true;
  }
}

/**
 * The chunk files: the terms in name order, each as varint name length, name, varint postings
 * length, postings. Chunks end where their terms say, not at a count of bytes: before a term whose
 * name hashes to a boundary (TermDictionary.nameHash), or before a term that would take the chunk
 * over `size`. A term whose postings change then changes its own chunk, not every chunk after it,
 * and `previous` (the last call's chunks, for the postings these were assembled from) gives back
 * each chunk none of whose terms were remade.
 */
export function postingChunks(dictionary: TermDictionary, postings: Postings, size: number, previous: readonly Chunk[] | null = null): Chunk[] {
  const chunks: Chunk[] = [];
  const keptFrom = new Map<number, Chunk>();
  if (previous && postings.remade) for (const chunk of previous) keptFrom.set(chunk.firstId, chunk);
  const order = dictionary.inOrder();
  // 20: room enough for both varints, so an entry never overflows `out`.
  const entryBytes = (id: number) => 20 + dictionary.nameLength(id) + postings.lengths[id]!;
  // About one term in `oneIn` begins a chunk by its name alone: with the usual 126 bytes a term,
  // chunks hold a third of `size` on average (128 terms for 48 KB), and few reach `size`.
  const oneIn = Math.max(2, Math.round(size / 384));
  /** Whether a chunk of `used` bytes ends before term `id`. */
  const endsBefore = (used: number, id: number) => (dictionary.nameHash(id) >>> 0) % oneIn === 0 || used + entryBytes(id) > size;
  let out = Buffer.allocUnsafe(size * 2);
  let first = -1;
  let last = -1;
  let used = 0;
  const close = () => {
    chunks.push({ first: dictionary.name(first), bytes: Buffer.from(out.subarray(0, used)), firstId: first, lastId: last });
    used = 0;
  };
  for (let at = 0; at < order.length; at++) {
    const id = order[at]!;
    const length = postings.lengths[id]!;
    if (length === 0) continue;
    if (used > 0 && endsBefore(used, id)) close();
    if (used === 0) {
      const kept = keptFrom.get(id);
      const through = kept ? keptThrough(order, at, kept, postings) : -1;
      if (through >= 0) {
        // Its terms' bytes are as before, so are its ends: it ends where it did if the next term still begins a chunk.
        let next = through + 1;
        while (next < order.length && postings.lengths[order[next]!] === 0) next++;
        if (next === order.length || endsBefore(kept!.bytes.length, order[next]!)) {
          chunks.push({ ...kept!, kept: true });
          at = through;
          continue;
        }
      }
      first = id;
    }
    const entry = entryBytes(id);
    if (entry > out.length) out = Buffer.allocUnsafe(entry);
    used = writeVarint(out, used, dictionary.nameLength(id));
    used = writeVarint(out, dictionary.writeName(id, out, used), length);
    const start = postings.starts[id]!;
    // Most postings are a few bytes: copied without a view of them.
    if (length > 64) out.set(postings.bytes.subarray(start, start + length), used);
    else for (let i = 0; i < length; i++) out[used + i] = postings.bytes[start + i]!;
    used += length;
    last = id;
  }
  if (used > 0) close();
  return chunks;
}

/**
 * Where in `order` the kept chunk's last term is, when every term from `at` to it (those without
 * postings too) kept its bytes; -1 otherwise.
 */
function keptThrough(order: Int32Array, at: number, kept: Chunk, postings: Postings): number {
  const remade = postings.remade!;
  for (let i = at; i < order.length; i++) {
    const id = order[i]!;
    if (remade[id] || id >= remade.length) return -1;
    if (id === kept.lastId) return i;
  }
  return -1;
}
