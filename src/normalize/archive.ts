// Many parsed pages -> the archive's records: one record per article, each with a slug that is
// unique and stable across runs and import order. Pages are one article when they share a URL,
// the same body, or nearly the same body (a re-post); the merged record lists every copy.

import type { ArticleRecord, ParsedPage, SourceCopy } from '../model/index.ts';
import { NearDuplicateIndex } from './duplicates.ts';
import { identityKey, toRecord } from './record.ts';
import { shortHash } from './slug.ts';
import { unifyTags, type TagSynonyms } from './tags.ts';

export interface Merge {
  /** The page whose body the record keeps. */
  kept: string;
  dropped: string;
  reason: 'same url' | 'same body' | 'near duplicate';
  /** For near duplicates: the share of the shorter body found in the longer. */
  similarity?: number;
}

export interface NormalizedArchive {
  records: ArticleRecord[];
  /** For each record's slug, the identities of the pages it was made from. */
  pagesOf: Map<string, string[]>;
  merges: Merge[];
}

export interface NormalizeOptions {
  /**
   * Maps an article's identity (normalized URL of any of its copies) to the slug its record
   * already has in content/, so re-imports keep addresses stable.
   */
  existingSlugs?: Map<string, string>;
  /** Slugs taken in content/ by other records (hand-made ones too): new records never take them. */
  reservedSlugs?: Set<string>;
  tagSynonyms?: TagSynonyms;
  /** Near-duplicate state kept from the previous call (a watch's rebuilds): only new bodies are hashed and compared. */
  nearDuplicates?: NearDuplicateIndex;
}

export function normalizePages(pages: ParsedPage[], options: NormalizeOptions = {}): NormalizedArchive {
  // Deterministic whatever the input order: visit pages by identity.
  const keys = new Map(pages.map((page) => [page, identityKey(page)]));
  const ordered = [...pages].sort((a, b) => compare(keys.get(a)!, keys.get(b)!) || compare(a.file, b.file));
  const { clusters, similarity } = clusterCopies(ordered, options.nearDuplicates ?? new NearDuplicateIndex());
  const merges: Merge[] = [];
  const entries = clusters.map((members) => {
    const pages = members.map((i) => ordered[i]!);
    const kept = mostComplete(pages);
    const keptIndex = members[pages.indexOf(kept)]!;
    members.forEach((index, n) => {
      if (index !== keptIndex) merges.push({ kept: kept.file, dropped: pages[n]!.file, ...mergeReason(kept, pages[n]!, similarity.get(pairKey(keptIndex, index))) });
    });
    return { keys: pages.map(identityKey), record: mergeCopies(kept, pages) };
  });
  unifyTags(entries.map((e) => e.record), options.tagSynonyms ?? {});
  assignSlugs(entries, options.existingSlugs ?? new Map(), options.reservedSlugs ?? new Set());
  return {
    records: entries.map((e) => e.record).sort((a, b) => compare(a.slug, b.slug)),
    pagesOf: new Map(entries.map((e) => [e.record.slug, [...new Set(e.keys)]])),
    merges,
  };
}

/** Groups of page indexes that are one article (union-find over the three kinds of sameness). */
function clusterCopies(pages: ParsedPage[], nearDuplicates: NearDuplicateIndex): { clusters: number[][]; similarity: Map<string, number> } {
  const parent = pages.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // The same URL, or the same body (a body is its own key: a map hashes each string once).
  const firstWithUrl = new Map<string, number>();
  const firstWithBody = new Map<string, number>();
  const joinFirst = (firstWith: Map<string, number>, key: string, i: number) => {
    const first = firstWith.get(key);
    if (first === undefined) firstWith.set(key, i);
    else union(first, i);
  };
  pages.forEach((page, i) => {
    joinFirst(firstWithUrl, identityKey(page), i);
    if (page.text) joinFirst(firstWithBody, page.text, i);
  });
  const similarity = new Map<string, number>();
  for (const pair of nearDuplicates.update(pages.map((p) => p.text))) {
    union(pair.a, pair.b);
    similarity.set(pairKey(pair.a, pair.b), pair.containment);
  }
  const groups = new Map<number, number[]>();
  pages.forEach((_, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  return { clusters: [...groups.values()], similarity };
}

function mergeReason(kept: ParsedPage, page: ParsedPage, similarity: number | undefined): Pick<Merge, 'reason' | 'similarity'> {
  if (identityKey(kept) === identityKey(page)) return { reason: 'same url' };
  if (kept.text === page.text) return { reason: 'same body' };
  // Joined through a third copy, the pair itself may have no measured similarity.
  return similarity === undefined ? { reason: 'near duplicate' } : { reason: 'near duplicate', similarity: Math.round(similarity * 100) / 100 };
}

/** A copy with this share of the longest copy's text is as complete: extra lines are a farm's additions. */
const AS_COMPLETE = 0.9;

/**
 * The copy whose body the record keeps: among the most complete copies, the one published first
 * (the original rather than a re-post), then the longest, then the first in identity order.
 */
function mostComplete(pages: ParsedPage[]): ParsedPage {
  const longest = Math.max(...pages.map((p) => p.text.length));
  const complete = pages.filter((p) => p.text.length >= longest * AS_COMPLETE);
  return complete.reduce((best, page) => {
    const order = instant(page.published ?? '') - instant(best.published ?? '');
    return order < 0 || (order === 0 && page.text.length > best.text.length) ? page : best;
  });
}

/** The kept page's record, with what only the other copies have: the earliest date, every copy, all tags. */
function mergeCopies(kept: ParsedPage, pages: ParsedPage[]): ArticleRecord {
  const record = toRecord(kept);
  if (pages.length === 1) return record;
  const others = pages.filter((p) => p !== kept);
  record.date = earliest(pages.map((p) => p.published));
  record.sources = copies([kept, ...others]);
  record.tags = [...new Set(pages.flatMap((p) => p.tags))];
  if (!record.author.length) record.author = others.find((p) => p.author.length)?.author ?? [];
  record.source ??= others.find((p) => p.source)?.source ?? null;
  record.category ??= others.find((p) => p.category)?.category ?? null;
  if (!record.related.length) record.related = others.find((p) => p.related.length)?.related ?? [];
  return record;
}

/** Distinct (url, crawled_at) copies, the kept one first; none when there is only one. */
function copies(pages: ParsedPage[]): SourceCopy[] {
  const seen = new Set<string>();
  const list: SourceCopy[] = [];
  for (const page of pages) {
    const key = `${page.url ?? page.file}|${page.crawled_at ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ url: page.url, site: page.site, crawled_at: page.crawled_at });
  }
  return list.length > 1 ? list : [];
}

/** The earliest of several publish dates (any precision); at the same instant the more precise one. */
export function earliest(dates: (string | null)[]): string | null {
  let best: string | null = null;
  let bestTime = Infinity;
  for (const date of dates) {
    if (!date) continue;
    const time = instant(date);
    if (time < bestTime || (time === bestTime && best !== null && date.length > best.length)) {
      best = date;
      bestTime = time;
    }
  }
  return best;
}

/** Milliseconds of a date as written; a date without offset is read as UTC (only used to order copies). */
function instant(date: string): number {
  const padded = /^\d{4}-\d{2}$/.test(date) ? `${date}-01` : date;
  const time = Date.parse(padded);
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}

/**
 * Existing records keep their slug. Among new records that want the same slug, the one with the
 * smallest identity key gets it plain and the others get `-<hash of identity>`: the same pages
 * always get the same slugs, in any import order.
 */
function assignSlugs(entries: { keys: string[]; record: ArticleRecord }[], existing: Map<string, string>, reserved: Set<string>): void {
  const mine = new Set(entries.flatMap((e) => e.keys.map((k) => existing.get(k)).filter((s) => s !== undefined)));
  const taken = new Set([...reserved].filter((slug) => !mine.has(slug)));
  const pending: { key: string; record: ArticleRecord }[] = [];
  for (const entry of [...entries].sort((a, b) => compare(a.keys[0]!, b.keys[0]!))) {
    const slug = entry.keys.map((k) => existing.get(k)).find((s) => s !== undefined);
    if (slug && !taken.has(slug)) {
      entry.record.slug = slug;
      taken.add(slug);
    } else pending.push({ key: entry.keys[0]!, record: entry.record });
  }
  for (const entry of pending) {
    const base = entry.record.slug;
    let slug = base;
    for (let n = 0; taken.has(slug); n++) slug = `${base}-${shortHash(n ? `${entry.key}#${n}` : entry.key, 6)}`;
    entry.record.slug = slug;
    taken.add(slug);
  }
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
