// Pure scoring functions for the extraction evaluation (no I/O). The rules follow the corpus
// README (../shared/corpus/README.md) so figures compare with published ones:
//
// - Body: the scrapinghub/article-extraction-benchmark method (evaluate.py): 4-token shingles
//   counted as multisets, per-page TP/FP/FN normalised by their sum, precision averaged over the
//   pages with a non-empty prediction, recall over the pages with a non-empty gold, F1 of the two
//   averages. Tokens differ from the benchmark's `\w+` only as the README says: every
//   Han/Kana/Hangul character is its own token, and text is NFKC-normalised and lower-cased.
// - Snippets: trafilatura's tests/eval_common.py: whitespace-normalised, case-sensitive substring
//   matching, micro-averaged F1 = 2TP / (2TP + FP + FN).
// - Dates, titles, authors: see `datesEqual`, `normTitle`, `authorsEqual`.

// ---------------------------------------------------------------------------------------------
// Tokens and shingles

/** A letter or number written in a script without word spaces: one token per character. */
const CJK_CHAR = String.raw`(?:(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}])`;
/** A run of letters, combining marks, digits and underscores that are not CJK characters. */
const WORD_RUN = String.raw`(?:(?!${CJK_CHAR})[\p{L}\p{M}\p{N}_])+`;
const TOKEN_RE = new RegExp(`${CJK_CHAR}|${WORD_RUN}`, 'gu');

/**
 * Tokenise as the corpus README says: NFKC, lower-case; every Han/Kana/Hangul character is one
 * token, any other run of letters/digits/underscore is one token (combining marks stay with their
 * letter). Punctuation and whitespace separate tokens and are dropped.
 */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  return text.normalize('NFKC').toLowerCase().match(TOKEN_RE) ?? [];
}

/**
 * Shingles of `n` consecutive tokens, counted (a multiset), as the benchmark's `_ngrams`: a text
 * shorter than `n` tokens gives one shorter shingle of all its tokens; an empty text gives none.
 */
export function shingles(tokens: readonly string[], n = 4): Map<string, number> {
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    // U+0001 cannot occur inside a token, so joined shingles never collide.
    const key = gram.join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** True/false positives and false negatives of one page. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Multiset matching of two shingle bags; raw counts. */
export function matchShingles(gold: Map<string, number>, pred: Map<string, number>): Counts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, g] of gold) {
    const p = pred.get(key) ?? 0;
    tp += Math.min(g, p);
    fn += Math.max(0, g - p);
  }
  for (const [key, p] of pred) fp += Math.max(0, p - (gold.get(key) ?? 0));
  return { tp, fp, fn };
}

/**
 * Per-page body counts, normalised so the three sum to 1 (so long texts do not weigh more), as the
 * benchmark's `string_shingle_matching`. Both texts empty gives {0, 0, 0}: such a page counts in
 * neither average.
 */
export function bodyCounts(goldText: string, predText: string, n = 4): Counts {
  const raw = matchShingles(shingles(tokenize(goldText), n), shingles(tokenize(predText), n));
  const sum = raw.tp + raw.fp + raw.fn;
  return sum > 0 ? { tp: raw.tp / sum, fp: raw.fp / sum, fn: raw.fn / sum } : raw;
}

/** The benchmark's precision_score: 1 for an exact match, 0 for nothing right. */
export function pagePrecision({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

/** The benchmark's recall_score. */
export function pageRecall({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/** F1 of one page's own precision and recall (for listing the worst pages, not for the table). */
export function pageF1(c: Counts): number {
  return f1(pagePrecision(c), pageRecall(c));
}

export function f1(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The benchmark's metrics_from_tp_fp_fns: precision averaged over the pages with a non-empty
 * prediction (tp + fp > 0), recall over the pages with a non-empty gold (tp + fn > 0), F1 of the
 * two averages. Where no page qualifies (e.g. every prediction empty) the average is 0 (the
 * benchmark would raise).
 */
export function aggregateBody(pages: readonly Counts[]): PRF {
  const ps = pages.filter((c) => c.tp + c.fp > 0).map(pagePrecision);
  const rs = pages.filter((c) => c.tp + c.fn > 0).map(pageRecall);
  const precision = mean(ps);
  const recall = mean(rs);
  return { precision, recall, f1: f1(precision, recall) };
}

// ---------------------------------------------------------------------------------------------
// Snippets (trafilatura set)

export interface SnippetCounts extends Counts {
  tn: number;
}

/** Whitespace normalisation of trafilatura's eval_common.norm: runs of whitespace → one space. */
export function normSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * One page's snippet counts: a `with` snippet found is a TP, missing an FN; a `without` snippet
 * found is an FP, absent a TN. `text` null (a crash) finds nothing.
 */
export function snippetCounts(
  text: string | null,
  withSnippets: readonly string[],
  withoutSnippets: readonly string[],
): SnippetCounts {
  const hay = text === null ? null : normSpace(text);
  const found = (s: string) => hay !== null && hay.includes(normSpace(s));
  const tp = withSnippets.filter(found).length;
  const fp = withoutSnippets.filter(found).length;
  return { tp, fp, fn: withSnippets.length - tp, tn: withoutSnippets.length - fp };
}

/** Micro-averaged snippet scores over all snippets of all pages. */
export function aggregateSnippets(pages: readonly SnippetCounts[]): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const c of pages) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
    f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Titles, names, sets

/** NFKC, whitespace collapsed (incl. U+3000 and NBSP), trimmed, lower-cased; empty → null. */
export function normTitle(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = normSpace(s.normalize('NFKC')).toLowerCase();
  return t === '' ? null : t;
}

/** Equal after normTitle; null and "" are the same (no value). */
export function titlesEqual(gold: string | null | undefined, pred: string | null | undefined): boolean {
  return normTitle(gold) === normTitle(pred);
}

/** The set of normalised, non-empty strings. */
export function normSet(values: readonly (string | null | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    const n = normTitle(v);
    if (n !== null) out.add(n);
  }
  return out;
}

export function setsEqual(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Authors are equal as sets of normalised names (order and duplicates ignored; [] = no author). */
export function authorsEqual(gold: readonly string[], pred: readonly string[]): boolean {
  return setsEqual(normSet(gold), normSet(pred));
}

/** URL compared scheme-insensitively (corpus rule): `https://a/b` ≡ `http://a/b` ≡ `//a/b`. */
export function normUrl(u: string | null | undefined): string | null {
  if (u === null || u === undefined) return null;
  const t = u.trim().replace(/^[a-z][a-z0-9+.-]*:(?=\/\/)/i, '');
  return t === '' ? null : t;
}

export function urlsEqual(gold: string | null | undefined, pred: string | null | undefined): boolean {
  return normUrl(gold) === normUrl(pred);
}

/** Set of scheme-insensitive URLs. */
export function urlSet(urls: readonly (string | null | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const u of urls) {
    const n = normUrl(u);
    if (n !== null) out.add(n);
  }
  return out;
}

/**
 * F1 of two sets for one page. Both empty is a perfect 1 (the page has no such block and none was
 * found); one side empty is 0.
 */
export function setF1(gold: ReadonlySet<string>, pred: ReadonlySet<string>): PRF {
  if (gold.size === 0 && pred.size === 0) return { precision: 1, recall: 1, f1: 1 };
  let tp = 0;
  for (const x of pred) if (gold.has(x)) tp++;
  const precision = pred.size > 0 ? tp / pred.size : 0;
  const recall = gold.size > 0 ? tp / gold.size : 0;
  return { precision, recall, f1: f1(precision, recall) };
}

// ---------------------------------------------------------------------------------------------
// Dates

export type Precision = 'year' | 'month' | 'day' | 'minute';

export interface ParsedDate {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, zero-padded. */
  date: string;
  /** `HH:MM` wall-clock time as written, or null. */
  time: string | null;
  seconds: number;
  /** Offset from UTC in minutes as written (Z = 0), or null when none is given. */
  offset: number | null;
  /** What the string itself states. */
  precision: Precision;
}

const DATE_RE =
  /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Parse an ISO-8601-like date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, with an optional time
 * (`T` or spaces; seconds and fractions optional) and offset (`Z`, `+08:00`, `+0800`, `+08`).
 * Lenient on purpose: `/` or `.` separators and unpadded month/day are accepted (two gold dates of
 * the trafilatura set are written `2022-11-1` and `2022-01.26`). Anything else → null.
 */
export function parseIsoDate(s: string | null | undefined): ParsedDate | null {
  if (!s) return null;
  const m = DATE_RE.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, off] = m;
  const month = mo === undefined ? null : Number(mo);
  const day = d === undefined ? null : Number(d);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  let date = y!;
  if (month !== null) date += `-${pad(month)}`;
  if (day !== null) date += `-${pad(day)}`;
  let time: string | null = null;
  if (hh !== undefined && mi !== undefined) {
    if (Number(hh) > 24 || Number(mi) > 59) return null;
    time = `${pad(Number(hh))}:${mi}`;
  }
  let offset: number | null = null;
  if (off !== undefined) {
    if (off.toUpperCase() === 'Z') offset = 0;
    else {
      const sign = off.startsWith('-') ? -1 : 1;
      const digits = off.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    }
  }
  const precision: Precision =
    time !== null ? 'minute' : day !== null ? 'day' : month !== null ? 'month' : 'year';
  return { date, time, seconds: ss === undefined ? 0 : Number(ss), offset, precision };
}

/** Milliseconds since the epoch of a date with time and offset; null otherwise. */
export function instantOf(p: ParsedDate): number | null {
  if (p.time === null || p.offset === null || p.precision !== 'minute') return null;
  const [y, mo, d] = p.date.split('-').map(Number);
  const [hh, mi] = p.time.split(':').map(Number);
  return Date.UTC(y!, mo! - 1, d!, hh!, mi!, p.seconds) - p.offset * 60_000;
}

const PREFIX: Record<Exclude<Precision, 'minute'>, number> = { year: 4, month: 7, day: 10 };

/**
 * Is the predicted date right, at the gold's precision (corpus README)?
 * - gold null (the page states no date): right iff the prediction is null/empty.
 * - year/month/day: the first 4/7/10 characters of the prediction as written are equal (a
 *   prediction with a time is fine; one less precise than the gold is wrong).
 * - minute, gold with an offset: the same instant within one minute (|Δ| < 60 s). A prediction
 *   without an offset has no instant; it is compared as wall-clock time (YYYY-MM-DDTHH:MM) against
 *   the gold as written — lenient for tools (Readability) that report zone-less meta times.
 * - minute, gold without an offset (the page's own wall-clock time): YYYY-MM-DDTHH:MM of the
 *   prediction as written equals the gold's.
 * `precision` defaults to what the gold string states.
 */
export function datesEqual(
  gold: string | null | undefined,
  pred: string | null | undefined,
  precision?: Precision | string | null,
): boolean {
  const predBlank = pred === null || pred === undefined || pred.trim() === '';
  if (gold === null || gold === undefined) return predBlank;
  if (predBlank) return false;
  const g = parseIsoDate(gold);
  const p = parseIsoDate(pred);
  if (!g) throw new Error(`unparseable gold date: ${gold}`);
  if (!p) return false;
  const prec = (precision as Precision | null | undefined) ?? g.precision;
  if (prec !== 'minute') {
    const n = PREFIX[prec] ?? 10;
    return p.date.length >= n && p.date.slice(0, n) === g.date.slice(0, n);
  }
  if (p.time === null || g.time === null) return false;
  const gi = instantOf(g);
  const pi = instantOf(p);
  if (gi !== null && pi !== null) return Math.abs(gi - pi) < 60_000;
  return `${p.date}T${p.time}` === `${g.date}T${g.time}`;
}

// ---------------------------------------------------------------------------------------------
// Small statistics

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
