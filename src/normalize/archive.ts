// Many parsed pages -> the archive's records: one record per article, each with a slug that is
// unique and stable across runs and import order. Pages are one article when they share a URL,
// the same body, or nearly the same body (a re-post); the merged record lists every copy.

import { sortedIndex } from '../cache/memo.ts';
import type { ArticleRecord, ParsedPage, SourceCopy } from '../model/index.ts';
import { NearDuplicateIndex, type NearDuplicateMemory } from './duplicates.ts';
import { identityKey, toRecord } from './record.ts';
import { shortHash } from './slug.ts';
import { TagSpellings, type TagSynonyms, type TagUse } from './tags.ts';

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
  existingSlugs?: ReadonlyMap<string, string>;
  /**
   * When existingSlugs is the map an earlier call was given, changed in place since: the keys
   * whose slug changed, the same array added to as the map changes. A call then looks again only
   * at the articles holding keys logged since the last one. Without it, the same map object is
   * taken to hold what it held.
   */
  slugChanges?: readonly string[];
  /** Slugs taken in content/ by other records (hand-made ones too): new records never take them. */
  reservedSlugs?: ReadonlySet<string>;
  tagSynonyms?: TagSynonyms;
}

export function normalizePages(pages: ParsedPage[], options: NormalizeOptions = {}): NormalizedArchive {
  return new ArchiveNormalizer().normalize(pages, options);
}

/** Pages that are one article, in identity order (identity key, then file), and what they make. */
interface Cluster {
  pages: ParsedPage[];
  keys: string[];
  merges: Merge[];
  /** The merged record before its tags are unified and its slug assigned (the slug is the readable one). */
  base: ArticleRecord;
  tags: TagUse[];
  /** The finished record, with its slug and tags; null until settled. */
  record: ArticleRecord | null;
}

/**
 * normalizePages kept between builds (folio watch): the clusters, records and tag counts of the
 * previous call are kept by page object, so a call with a few pages added or removed (an edited
 * page is a new object) re-clusters only the articles those pages join or leave, re-counts only
 * their tags and makes new records only where a record changed. The result is the one a fresh
 * call gives. Slugs are looked at again for the articles made since and those whose pages' slugs
 * in content/ changed (given the same map changed in place, with its change log), while no two
 * articles want the same slug; else assigned again, a linear pass of map lookups (a record's slug
 * can then depend on any other's).
 */
export class ArchiveNormalizer {
  /** The pages of the last call, each once (see distinct), and the list it was given. */
  private pages = new Set<ParsedPage>();
  private given: readonly ParsedPage[] | null = null;
  /** No page object was given twice in that list. */
  private givenOnce = false;
  private readonly keyOf = new Map<ParsedPage, string>();
  private readonly clusterOf = new Map<ParsedPage, Cluster>();
  private readonly byKey = new Map<string, Set<ParsedPage>>();
  private readonly byText = new Map<string, Set<ParsedPage>>();
  private readonly nearDuplicates = new NearDuplicateIndex();
  private readonly clusters = new Set<Cluster>();
  /** The clusters of more than one page. */
  private readonly merging = new Set<Cluster>();
  private readonly tagged = new Map<string, Set<Cluster>>();
  private spellings = new TagSpellings({});
  private synonyms = '{}';
  /** Finished records by slug, sorted; the pages behind each. */
  private records: ArticleRecord[] = [];
  private readonly pagesOf = new Map<string, string[]>();
  private merges: Merge[] = [];
  /** `merging` changed since `merges` was made from it. */
  private mergesStale = false;
  /** Clusters made and dropped since assignSlugs last ran (its quick path looks only at those). */
  private readonly madeSince = new Set<Cluster>();
  private readonly droppedSince = new Set<Cluster>();
  /**
   * What assignSlugs gave last time, when each cluster then wanted a slug content/ has for it that
   * no other cluster wanted (`holder`: slug -> cluster), or wanted none (`pending`); with the map of
   * content/'s slugs it was given, its change log and how much of that it had seen.
   */
  private lastSlugs: LastSlugs | null = null;
  /** Whether `normalize` has not run yet (then `recall` may). */
  fresh = true;

  /** Start the near-duplicate index from what an earlier process's knew (NearDuplicateIndex.recall); before the first `normalize`. */
  recall(memory: NearDuplicateMemory): void {
    this.nearDuplicates.recall(memory);
  }

  /** What the near-duplicate index knows, for `recall` in a later process; null when it learnt nothing since it was given it. */
  remember(): NearDuplicateMemory | null {
    return this.nearDuplicates.remember();
  }

  /** Work on a page that the next `normalize` will be given, done ahead (while the other pages are parsed). */
  prepare(page: ParsedPage): void {
    if (page.text) this.nearDuplicates.prepare(page.text);
  }

  /** The archive's records for `pages`; the result's map and lists are valid until the next call. */
  normalize(pages: readonly ParsedPage[], options: NormalizeOptions = {}): NormalizedArchive {
    this.fresh = false;
    const { added, gone } = this.changes(pages);
    const synonyms = JSON.stringify(options.tagSynonyms ?? {});
    const unsettled = new Set<Cluster>();
    if (synonyms !== this.synonyms) this.respell(options.tagSynonyms ?? {}, synonyms, unsettled);
    if (added.length || gone.length) this.recluster(added, gone, unsettled);
    for (const key of this.spellings.settle()) for (const cluster of this.tagged.get(key) ?? []) unsettled.add(cluster);
    this.settle(this.assignSlugs(options.existingSlugs ?? new Map(), options.slugChanges, options.reservedSlugs ?? new Set()), unsettled);
    return { records: [...this.records], pagesOf: this.pagesOf, merges: this.merges };
  }

  /**
   * The pages added and gone since the last call; `this.pages` becomes the new set. A list as long
   * as the last, whose pages differ at a few places (pages edited in place), is compared place by
   * place: no set of every page is made.
   */
  private changes(pages: readonly ParsedPage[]): { added: ParsedPage[]; gone: ParsedPage[] } {
    const last = this.given;
    this.given = pages.slice();
    const quick = last !== null && this.givenOnce && last.length === pages.length ? placesChanged(last, pages) : null;
    if (quick) {
      const incoming = new Set(quick.map((i) => pages[i]!));
      const outgoing = new Set(quick.map((i) => last![i]!));
      // A page given twice now (edited into another's place) is a copy: that takes the whole comparison.
      const twice = incoming.size < quick.length || [...incoming].some((page) => this.pages.has(page) && !outgoing.has(page));
      if (!twice) {
        const added = [...incoming].filter((page) => !outgoing.has(page));
        const gone = [...outgoing].filter((page) => !incoming.has(page));
        for (const page of gone) this.pages.delete(page);
        for (const page of added) this.pages.add(page);
        return { added, gone };
      }
    }
    const { set: current, copies } = distinct(pages);
    this.givenOnce = copies === 0;
    const added = [...current].filter((page) => !this.pages.has(page));
    const gone = [...this.pages].filter((page) => !current.has(page));
    this.pages = current;
    return { added, gone };
  }

  /** New synonyms: every record's tags are read and counted again. */
  private respell(synonyms: TagSynonyms, key: string, unsettled: Set<Cluster>): void {
    this.synonyms = key;
    this.spellings = new TagSpellings(synonyms);
    this.tagged.clear();
    for (const cluster of this.clusters) {
      cluster.tags = this.spellings.read(cluster.base.tags);
      this.countTags(cluster, 1);
      unsettled.add(cluster);
    }
  }

  /** Index the pages added and removed; cluster again the articles they join or leave. */
  private recluster(added: ParsedPage[], gone: ParsedPage[], unsettled: Set<Cluster>): void {
    const touched = new Set<Cluster>();
    for (const page of gone) {
      const cluster = this.clusterOf.get(page)!;
      touched.add(cluster);
      this.unindex(page);
    }
    for (const page of added) this.index(page);
    this.nearDuplicates.change(added.map((page) => page.text), gone.map((page) => page.text));
    // An added page joins the articles of every page it shares a URL, a body or a near-duplicate body with.
    for (const page of added) {
      for (const other of this.linked(page)) {
        const cluster = this.clusterOf.get(other);
        if (cluster) touched.add(cluster);
      }
    }
    const members = new Set(added);
    for (const cluster of touched) {
      for (const page of cluster.pages) if (this.pages.has(page)) members.add(page);
      this.drop(cluster);
      unsettled.delete(cluster);
    }
    for (const pages of this.groups([...members])) {
      const cluster = this.make(pages);
      unsettled.add(cluster);
    }
    // Reported in identity order of each article's first page, as a fresh call lists them.
    if (this.mergesStale) this.merges = [...this.merging].sort((a, b) => compare(a.keys[0]!, b.keys[0]!)).flatMap((cluster) => cluster.merges);
    this.mergesStale = false;
  }

  private index(page: ParsedPage): void {
    const key = identityKey(page);
    this.keyOf.set(page, key);
    addTo(this.byKey, key, page);
    if (page.text) addTo(this.byText, page.text, page);
  }

  private unindex(page: ParsedPage): void {
    removeFrom(this.byKey, this.keyOf.get(page)!, page);
    if (page.text) removeFrom(this.byText, page.text, page);
    this.keyOf.delete(page);
    this.clusterOf.delete(page);
  }

  /** The pages one article with `page` directly: the same URL, the same body, a near-duplicate body. */
  private *linked(page: ParsedPage): Iterable<ParsedPage> {
    yield* this.byKey.get(this.keyOf.get(page)!) ?? [];
    if (!page.text) return;
    yield* this.byText.get(page.text) ?? [];
    for (const [text] of this.nearDuplicates.partnersOf(page.text)) yield* this.byText.get(text) ?? [];
  }

  /** Groups of pages that are one article (union-find over the three kinds of sameness), each in identity order. */
  private groups(pages: ParsedPage[]): ParsedPage[][] {
    // Deterministic whatever the input order: visit pages by identity.
    const ordered = pages.map((page) => ({ page, key: this.keyOf.get(page)! })).sort((a, b) => compare(a.key, b.key) || compare(a.page.file, b.page.file));
    const indexOf = new Map(ordered.map(({ page }, i) => [page, i]));
    const parent = ordered.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    const union = (a: number, b: number) => {
      const [ra, rb] = [find(a), find(b)];
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    };
    ordered.forEach(({ page }, i) => {
      for (const other of this.linked(page)) {
        const j = indexOf.get(other);
        // Every page linked to one being clustered is being clustered too (its article was touched).
        if (j === undefined) throw new Error(`normalize: ${other.file} is linked to ${page.file} but its article was not re-clustered`);
        union(i, j);
      }
    });
    const groups = new Map<number, ParsedPage[]>();
    ordered.forEach(({ page }, i) => {
      const root = find(i);
      const group = groups.get(root);
      if (group) group.push(page);
      else groups.set(root, [page]);
    });
    return [...groups.values()];
  }

  /** An article's cluster: the copy kept, the merges reported, the merged record, its tags counted. */
  private make(pages: ParsedPage[]): Cluster {
    const kept = mostComplete(pages);
    const merges: Merge[] = [];
    for (const page of pages) {
      if (page !== kept) merges.push({ kept: kept.file, dropped: page.file, ...mergeReason(kept, page, this.containment(kept, page)) });
    }
    const base = mergeCopies(kept, pages);
    const cluster: Cluster = { pages, keys: pages.map((page) => this.keyOf.get(page)!), merges, base, tags: this.spellings.read(base.tags), record: null };
    for (const page of pages) this.clusterOf.set(page, cluster);
    this.clusters.add(cluster);
    this.madeSince.add(cluster);
    if (merges.length) {
      this.merging.add(cluster);
      this.mergesStale = true;
    }
    this.countTags(cluster, 1);
    return cluster;
  }

  private containment(a: ParsedPage, b: ParsedPage): number | undefined {
    for (const [text, containment] of this.nearDuplicates.partnersOf(a.text)) if (text === b.text) return containment;
    return undefined;
  }

  private drop(cluster: Cluster): void {
    this.clusters.delete(cluster);
    // One made since the last assignSlugs is unknown to it.
    if (!this.madeSince.delete(cluster)) this.droppedSince.add(cluster);
    if (this.merging.delete(cluster)) this.mergesStale = true;
    this.countTags(cluster, -1);
    if (cluster.record) this.unlist(cluster.record);
  }

  private countTags(cluster: Cluster, sign: 1 | -1): void {
    this.spellings.count(cluster.tags, sign);
    for (const [key] of cluster.tags) {
      if (sign > 0) addTo(this.tagged, key, cluster);
      else removeFrom(this.tagged, key, cluster);
    }
  }

  /**
   * Existing records keep their slug. Among new records that want the same slug, the one with the
   * smallest identity key gets it plain and the others get `-<hash of identity>`: the same pages
   * always get the same slugs, in any import order.
   */
  private assignSlugs(existing: ReadonlyMap<string, string>, changes: readonly string[] | undefined, reserved: ReadonlySet<string>): Map<Cluster, string> {
    const quick = this.quickSlugs(existing, changes, reserved);
    this.madeSince.clear();
    this.droppedSince.clear();
    if (quick) return quick;
    // Each slug content/ has for one of these articles goes to the one with the smallest identity key.
    const holder = new Map<string, Cluster>();
    let wanting = 0;
    for (const cluster of this.clusters) {
      const slug = wantedSlug(cluster, existing);
      if (slug === undefined) continue;
      wanting++;
      const other = holder.get(slug);
      if (other === undefined || compare(cluster.keys[0]!, other.keys[0]!) < 0) holder.set(slug, cluster);
    }
    const slugs = new Map<Cluster, string>();
    for (const [slug, cluster] of holder) slugs.set(cluster, slug);
    const pending = [...this.clusters].filter((cluster) => !slugs.has(cluster));
    this.readable(pending, slugs, holder, reserved);
    // The quick path knows the clusters that want no slug, not those that lost one to another.
    this.lastSlugs = wanting === holder.size ? { existing, changes, seen: changes?.length ?? 0, slugs, holder, pending: new Set(pending) } : null;
    return slugs;
  }

  /** The `pending` clusters, in identity order, take their readable slug, or it with a hash when it is taken. */
  private readable(pending: Iterable<Cluster>, slugs: Map<Cluster, string>, holder: ReadonlyMap<string, Cluster>, reserved: ReadonlySet<string>): void {
    const given = new Set<string>();
    const taken = (slug: string) => reserved.has(slug) || holder.has(slug) || given.has(slug);
    for (const cluster of [...pending].sort((a, b) => compare(a.keys[0]!, b.keys[0]!))) {
      const key = cluster.keys[0]!;
      const base = cluster.base.slug;
      let slug = base;
      for (let n = 0; taken(slug); n++) slug = `${base}-${shortHash(n ? `${key}#${n}` : key, 6)}`;
      given.add(slug);
      slugs.set(cluster, slug);
    }
  }

  /**
   * The last call's slugs, looked at again only for the clusters made since, those holding a key
   * whose slug content/ has changed since (`changes` after what the last call saw), and those that
   * wanted none, when that is what assignSlugs gives: the same map of content/'s slugs (the same
   * object), no two of those clusters want one slug, and none wants one another cluster holds.
   * Else null.
   */
  private quickSlugs(existing: ReadonlyMap<string, string>, changes: readonly string[] | undefined, reserved: ReadonlySet<string>): Map<Cluster, string> | null {
    const last = this.lastSlugs;
    this.lastSlugs = null;
    if (last === null || last.existing !== existing || last.changes !== changes || (changes?.length ?? 0) < last.seen) return null;
    const { slugs, holder, pending } = last;
    const forget = (cluster: Cluster) => {
      const slug = slugs.get(cluster);
      if (slug !== undefined && holder.get(slug) === cluster) holder.delete(slug);
      slugs.delete(cluster);
      pending.delete(cluster);
    };
    this.droppedSince.forEach(forget);
    const again = new Set<Cluster>([...this.madeSince, ...pending]);
    for (let i = last.seen; i < (changes?.length ?? 0); i++) {
      for (const page of this.byKey.get(changes![i]!) ?? []) again.add(this.clusterOf.get(page)!);
    }
    again.forEach(forget);
    for (const cluster of again) {
      const slug = wantedSlug(cluster, existing);
      if (slug === undefined) pending.add(cluster);
      else if (holder.has(slug)) return null;
      else {
        holder.set(slug, cluster);
        slugs.set(cluster, slug);
      }
    }
    this.readable(pending, slugs, holder, reserved);
    this.lastSlugs = { ...last, seen: changes?.length ?? 0 };
    return slugs;
  }

  /** New records for the clusters that are new, whose tags' spelling changed, or whose slug did. */
  private settle(slugs: Map<Cluster, string>, unsettled: Set<Cluster>): void {
    for (const [cluster, slug] of slugs) if (cluster.record?.slug !== slug) unsettled.add(cluster);
    for (const cluster of unsettled) if (cluster.record) this.unlist(cluster.record);
    const listed: ArticleRecord[] = [];
    for (const cluster of unsettled) {
      cluster.record = { ...cluster.base, slug: slugs.get(cluster)!, tags: this.spellings.spell(cluster.tags) };
      this.pagesOf.set(cluster.record.slug, [...new Set(cluster.keys)]);
      listed.push(cluster.record);
    }
    this.list(listed);
  }

  /** Take a record out of the sorted list (and its pages out of pagesOf). */
  private unlist(record: ArticleRecord): void {
    const at = bySlug(this.records, record.slug);
    if (this.records[at] !== record) return;
    this.records.splice(at, 1);
    this.pagesOf.delete(record.slug);
  }

  private list(records: ArticleRecord[]): void {
    if (records.length > 64) {
      this.records = [...this.records, ...records].sort((a, b) => compare(a.slug, b.slug));
      return;
    }
    for (const record of records) this.records.splice(bySlug(this.records, record.slug), 0, record);
  }
}

interface LastSlugs {
  existing: ReadonlyMap<string, string>;
  changes: readonly string[] | undefined;
  seen: number;
  slugs: Map<Cluster, string>;
  holder: Map<string, Cluster>;
  pending: Set<Cluster>;
}

/** The slug content/ already has for one of the article's pages, if any. */
function wantedSlug(cluster: Cluster, existing: ReadonlyMap<string, string>): string | undefined {
  for (const key of cluster.keys) {
    const slug = existing.get(key);
    if (slug !== undefined) return slug;
  }
  return undefined;
}

/** The pages, each object once: a page given twice (the same file under two inputs) is a second copy, as a fresh parse would be. */
function distinct(pages: readonly ParsedPage[]): { set: Set<ParsedPage>; copies: number } {
  const set = new Set<ParsedPage>();
  let copies = 0;
  for (const page of pages) {
    if (!set.has(page)) set.add(page);
    else {
      set.add({ ...page });
      copies++;
    }
  }
  return { set, copies };
}

/** Places where two lists of the same length hold different pages; null when there are more than a few. */
function placesChanged(before: readonly ParsedPage[], after: readonly ParsedPage[]): number[] | null {
  const places: number[] = [];
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (places.push(i) > FEW_PLACES) return null;
  }
  return places;
}

const FEW_PLACES = 256;

/** Where a slug is or would go in a list sorted by slug. */
function bySlug(records: readonly ArticleRecord[], slug: string): number {
  return sortedIndex(records, (record) => record.slug < slug);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (!set.size) map.delete(key);
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
