// Records -> the site model every page is made from. All checks happen here, before anything is
// written: unusable or clashing slugs, bad dates and addresses become warnings, never crashes.

import { RECORD_FIELDS, type ArticleRecord } from '../model/index.ts';
import { readableSlug } from '../normalize/slug.ts';
import { LANG_PATTERN, SLUG_PATTERN } from './constants.ts';
import { parseDate } from './dates.ts';
import { articlePath, monthPath, relatedPath, safeHttpUrl, sitePath, tagPath, urlKey, yearPath } from './links.ts';
import { collectYears } from './archive.ts';
import { monthName } from './labels.ts';
import { linkRelated, recordLinks, relatedPart, type RecordLink } from './related.ts';
import { articleRef, linkSimilar, type SimilarIndex } from './similar.ts';
import { collectSites, siteOrder, siteRefOf, sitesOf, type KeptSites } from './sites.ts';
import { collectTags, preferredSpelling, retagTags, tagOrder, tagsOf } from './tags.ts';
import { compareText, text } from './text.ts';
import { sameData, sameView, type KeptModel, type RecordPart, type RenderMemo } from './memo.ts';
import { sameItems, sortedIndex, walkLists, type ListChanges } from '../cache/memo.ts';
import type { ArticleRef, ArticleView, MonthView, SiteView, TagView, YearView } from './views.ts';

export interface RenderWarning {
  /** The record's slug, or the template's file name. */
  file: string;
  message: string;
}

export interface ArticleEntry {
  record: ArticleRecord;
  view: ArticleView;
  /** Publish time for sorting, or null when the record has no usable date. */
  time: number | null;
  /** The article as other pages link to it (made from the record alone, like the view's own fields). */
  ref: ArticleRef;
  /** The record's related links, checked. */
  links: RecordLink[];
  /** Address keys (links.ts' urlKey) of the article's own address and of its other copies'. */
  urlKeys: { own: string | null; copies: (string | null)[] };
}

export interface SiteModel {
  /** Newest first; undated articles last, by title. */
  articles: ArticleEntry[];
  /** Most used first, then by name. */
  tags: TagView[];
  /** The sites pages were saved from, most articles first. */
  sites: SiteView[];
  /** Date archive, newest year first; undated articles are not in it. */
  years: YearView[];
  warnings: RenderWarning[];
}

/**
 * `lang` is the interface language (for month names); `similar` keeps "more like this" work from a
 * previous call; with `memo`, parts of the model equal to the previous call's are its objects.
 */
export function collectSite(records: readonly ArticleRecord[], lang = 'en', similar?: SimilarIndex, memo?: RenderMemo): SiteModel {
  if (memo && similar) {
    const quick = collectQuick(records, lang, similar, memo);
    if (quick) return quick;
  }
  const warnings: RenderWarning[] = [];
  const usable = memo ? usableKept(records, warnings, memo) : usableRecords(records, warnings);
  const articles = usable.map((record) => (memo ? memoEntry(record, warnings, memo) : toEntry(record, warnings)));
  articles.sort(newestFirst);
  linkNeighbours(articles);
  const tags = collectTags(articles, memo?.tags);
  const sites = collectSites(articles, memo?.sites);
  const years = collectYears(articles, lang);
  linkRelated(articles, warnings, memo?.related);
  linkSimilar(articles, similar);
  const model = { articles, tags, sites, years, warnings };
  if (!memo) return model;
  const kept = keepUnchanged(model, memo);
  memo.model = similar ? { lang, usable, model: kept, position: null } : null;
  // Kept lists can be equal to the last ones while their records spell a name otherwise.
  memo.spellings = new WeakMap();
  return kept;
}

/** At most this many records changed for the quick path (each is compared with its predecessor). */
const QUICK_MAX_CHANGED = 64;
/** At most this many changed articles' links for other pages (each costs a look at every article's related links). */
const QUICK_MAX_MOVED = 8;

/**
 * The previous model again, when the records are its records save a few whose changes leave every
 * article in its place and lists but its tags': the same time, date, sites, related links and
 * addresses (a watch rebuild after a page's text, headline or tags changed). A changed article gets
 * its new record, and its view is made again when what it shows changed; the lists of the tags it
 * had or has are made again when its tags changed; then its neighbours' views and those
 * whose related links reach it are made again when its link for other pages changed, and "more
 * like this" is updated, which may change other articles' lists. Every view made again is a new
 * object, as are the tag, site, year and month lists holding it; everything else is the previous
 * build's object. The model equals the one collected afresh (a test compares them after random
 * edits). Null when that does not apply.
 */
function collectQuick(records: readonly ArticleRecord[], lang: string, similar: SimilarIndex, memo: RenderMemo): SiteModel | null {
  const last = memo.model;
  if (!last || last.lang !== lang) return null;
  // Articles came or went (as many as went, sometimes): not the same slugs in the same places.
  const given = memo.usable;
  if (!given || records.length !== given.records.length || !records.every((record, i) => record === given.records[i] || record.slug === given.slugs[i])) {
    return collectResized(records, lang, similar, memo, last);
  }
  const position = (last.position ??= new Map(last.model.articles.map((entry, i) => [entry.view.slug, i])));
  const skipped: RenderWarning[] = [];
  const usable = usableKept(records, skipped, memo, true);
  if (skipped.length || usable.length !== last.usable.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < usable.length; i++) {
    if (usable[i] === last.usable[i]) continue;
    if (changed.push(i) > QUICK_MAX_CHANGED) return null;
  }
  const articles = [...last.model.articles];
  const { replaced, touched, renew } = renewer(articles);
  /** Articles whose link for other pages changed: their neighbours and related links show it. */
  const moved: { at: number; before: ArticleRef; ref: ArticleRef }[] = [];
  /** Positions of articles whose tags changed. */
  const retags: number[] = [];
  /** Addresses of copies that changed articles gained or lost: related links to them may now reach another article. */
  const rekeyed = new Set<string>();
  const recopied: { slug: string; before: readonly (string | null)[]; after: readonly (string | null)[] }[] = [];
  for (const i of changed) {
    const record = usable[i]!;
    const at = position.get(record.slug);
    const before = at === undefined ? undefined : articles[at]!;
    const beforePart = before && memo.records.get(before.record);
    if (!before || !beforePart || before.record !== last.usable[i]) return null;
    const part = recordPart(record, memo);
    if (!sameLists(beforePart, part, before.record, record, memo.sites)) return null;
    for (const key of symmetricDifference(beforePart.urlKeys.copies, part.urlKeys.copies)) rekeyed.add(key);
    if (!sameItems(beforePart.urlKeys.copies, part.urlKeys.copies)) recopied.push({ slug: record.slug, before: beforePart.urlKeys.copies, after: part.urlKeys.copies });
    if (!sameData(before.record.tags, record.tags)) retags.push(at!);
    // Its related lists are the previous record's (the same links to the same articles).
    const related = memo.related.get(before.record);
    if (related) memo.related.set(record, related);
    if (sameView(beforePart.view, part.view)) {
      articles[at!] = { ...before, record, urlKeys: part.urlKeys };
      touched.add(at!);
      continue;
    }
    const ref = sameData(before.ref, part.ref) ? before.ref : part.ref;
    if (ref !== before.ref && moved.push({ at: at!, before: before.ref, ref }) > QUICK_MAX_MOVED) return null;
    renew(at!, { ...before, record, ref, urlKeys: part.urlKeys }, (view) => {
      Object.assign(view, part.view, { tags: view.tags, siteRef: view.siteRef, related: view.related, relatedPreview: view.relatedPreview });
      Object.assign(view, { similar: before.view.similar, similarPreview: before.view.similarPreview, previous: before.view.previous, next: before.view.next });
    });
  }
  // Every article where it was: a changed title can move one among those of the same time.
  for (const i of changed) {
    const at = position.get(usable[i]!.slug)!;
    if ((at > 0 && newestFirst(articles[at - 1]!, articles[at]!) >= 0) || (at + 1 < articles.length && newestFirst(articles[at]!, articles[at + 1]!) >= 0)) return null;
  }
  // The address index follows the copies that changed (changed in place: when this returns null, the slow way makes it anew).
  const addresses = (last.addresses ??= new Addresses(last.model.articles));
  const at = (slug: string) => position.get(slug)!;
  const was = new Map([...rekeyed].map((key) => [key, addresses.claim(key, at, last.model.articles)]));
  for (const { slug, before, after } of recopied) addresses.replaceCopies(slug, before, after);
  if (!retargetLinks(retargetsOf(was, (key) => addresses.claim(key, at, articles)), addresses, at, articles, memo, renew)) return null;
  for (const { at: where, before, ref } of moved) {
    if (where > 0) renew(where - 1, articles[where - 1]!, (view) => void (view.previous = ref));
    if (where + 1 < articles.length) renew(where + 1, articles[where + 1]!, (view) => void (view.next = ref));
    // Related links to it show its title: their lists are made again with the new link. (Such a
    // link's address is one the article claims, as its own or a copy's.)
    const { urlKeys, view } = articles[where]!;
    const keys = [urlKeys.own, ...urlKeys.copies, ...(recopied.find((one) => one.slug === view.slug)?.before ?? [])];
    for (const k of addresses.linking(keys.filter((key) => key !== null)).map(at).sort((a, b) => a - b)) {
      const entry = articles[k]!;
      const part = memo.related.get(entry.record);
      if (part === undefined) return null;
      if (!part.targets.includes(before)) continue;
      const remade = relatedPart(entry, part.targets.map((target) => (target === before ? ref : target)));
      if (!sameData(remade.warnings, part.warnings)) return null;
      memo.related.set(entry.record, remade);
      renew(k, entry, (view) => Object.assign(view, { related: remade.items, relatedPreview: remade.preview }));
    }
  }
  // New tags: the lists of the tags they had or have are made again, with the previous model's
  // views (made again below where they were replaced), and the articles show their new tags.
  const { model } = last;
  let tagViews = model.tags;
  if (retags.length) {
    const retagged = retagTags(model.tags, articles, model.articles, retags, (at) => model.articles[at]!.view, position, memo.tags);
    if (!retagged) return null;
    for (const list of retagged.made) memo.replaceList(list);
    for (const [at, refs] of retagged.lists) renew(at, articles[at]!, (view) => void (view.tags = refs));
    tagViews = retagged.tags;
  }
  similar.link(articles, (entry) => renew(position.get(entry.view.slug)!, entry), [...touched]);
  for (const view of replaced.values()) memo.replaceView(view);
  const { tags, sites, years } = relistAll({ tags: tagViews, sites: model.sites, years: model.years }, replaced, memo);
  const quick = { articles, tags, sites, years, warnings: model.warnings };
  memo.model = { lang, usable, model: quick, position, owners: last.owners, addresses };
  return quick;
}

/**
 * The quick paths' way of changing views (a kept view is never changed): `renew(at, entry, fill)`
 * puts the entry at `at` in `articles` again with a copy of its view that `fill` changes.
 * `replaced`: each previous view -> the copy made of it last; `touched`: the positions renewed.
 */
function renewer(articles: ArticleEntry[]): {
  replaced: Map<ArticleView, ArticleView>; touched: Set<number>; renew: (at: number, entry: ArticleEntry, fill?: (view: ArticleView) => void) => ArticleEntry;
} {
  const replaced = new Map<ArticleView, ArticleView>();
  /** Each view made here -> the previous one it replaces. */
  const originOf = new Map<ArticleView, ArticleView>();
  const touched = new Set<number>();
  const renew = (at: number, entry: ArticleEntry, fill: (view: ArticleView) => void = () => {}): ArticleEntry => {
    const view = copyView(entry.view);
    fill(view);
    const origin = originOf.get(entry.view) ?? entry.view;
    originOf.set(view, origin);
    replaced.set(origin, view);
    touched.add(at);
    return (articles[at] = { ...entry, view });
  };
  return { replaced, touched, renew };
}

/**
 * Related links to an address whose archived article changed (`retargeted`, with the one it has now:
 * a copy gained or lost it, an article holding it came or went) reach that article: the lists of the
 * articles with such links (`addresses` names them, `at` gives their places in `articles`) are made
 * again. False when that would change a warning (the slow way then).
 */
function retargetLinks(
  retargeted: Map<string, ArticleRef | undefined>, addresses: Addresses, at: (slug: string) => number, articles: ArticleEntry[], memo: RenderMemo,
  renew: (at: number, entry: ArticleEntry, fill: (view: ArticleView) => void) => unknown,
): boolean {
  if (retargeted.size === 0) return true;
  for (const k of addresses.linking(retargeted.keys()).map(at).sort((a, b) => a - b)) {
    const entry = articles[k]!;
    const part = memo.related.get(entry.record);
    if (part === undefined) return false;
    const remade = relatedPart(entry, part.targets.map((target, i) => {
      const key = entry.links[i]!.key;
      return key !== null && retargeted.has(key) ? retargeted.get(key) : target;
    }));
    if (!sameData(remade.warnings, part.warnings)) return false;
    memo.related.set(entry.record, remade);
    renew(k, entry, (view) => Object.assign(view, { related: remade.items, relatedPreview: remade.preview }));
  }
  return true;
}

/** The keys whose archived article is not the one it `was` (`now` gives the one it is), each with that. */
function retargetsOf(was: ReadonlyMap<string, ArticleRef | undefined>, now: (key: string) => ArticleRef | undefined): Map<string, ArticleRef | undefined> {
  const changed = new Map<string, ArticleRef | undefined>();
  for (const [key, before] of was) {
    const after = now(key);
    if (after !== before) changed.set(key, after);
  }
  return changed;
}

/**
 * Which articles claim each address key (their own address or a copy's) and which link it, by slug
 * (one entry per claim or link): what related.ts' archiveIndex gives for a few keys, and the
 * articles whose related links a change of them reaches, without a look at every article. Kept
 * with the model by the quick paths, which change it as articles come and go or change copies.
 */
export class Addresses {
  private readonly own = new Map<string, string[]>();
  private readonly copies = new Map<string, string[]>();
  private readonly linked = new Map<string, string[]>();

  constructor(articles: readonly ArticleEntry[]) {
    for (const entry of articles) this.add(entry);
  }

  add(entry: ArticleEntry): void {
    this.change(entry, true);
  }

  remove(entry: ArticleEntry): void {
    this.change(entry, false);
  }

  replaceCopies(slug: string, before: readonly (string | null)[], after: readonly (string | null)[]): void {
    for (const key of before) if (key !== null) take(this.copies, key, slug, false);
    for (const key of after) if (key !== null) take(this.copies, key, slug, true);
  }

  /** The archived article of `key` (the first own claim in page order, else the first copy's), with `at` giving a slug's place in `articles`. */
  claim(key: string, at: (slug: string) => number, articles: readonly ArticleEntry[]): ArticleRef | undefined {
    for (const claims of [this.own, this.copies]) {
      const slugs = claims.get(key);
      if (!slugs) continue;
      let first = Infinity;
      for (const slug of slugs) first = Math.min(first, at(slug));
      return articles[first]!.ref;
    }
    return undefined;
  }

  /** The slugs of the articles with a related link to one of `keys`. */
  linking(keys: Iterable<string>): string[] {
    const slugs = new Set<string>();
    for (const key of keys) for (const slug of this.linked.get(key) ?? []) slugs.add(slug);
    return [...slugs];
  }

  private change(entry: ArticleEntry, add: boolean): void {
    const slug = entry.view.slug;
    if (entry.urlKeys.own !== null) take(this.own, entry.urlKeys.own, slug, add);
    for (const key of entry.urlKeys.copies) if (key !== null) take(this.copies, key, slug, add);
    for (const link of entry.links) if (link.key !== null) take(this.linked, link.key, slug, add);
  }
}

/** One `slug` more (`add`) or fewer under `key`. */
function take(index: Map<string, string[]>, key: string, slug: string, add: boolean): void {
  const slugs = index.get(key);
  if (add) {
    if (slugs) slugs.push(slug);
    else index.set(key, [slug]);
    return;
  }
  const at = slugs?.indexOf(slug) ?? -1;
  if (at < 0) return;
  if (slugs!.length === 1) index.delete(key);
  else slugs!.splice(at, 1);
}

/** The lists again with each replaced view's copy in its place: a list holding one is a new object (kept in the memo). */
function relistAll(lists: Pick<SiteModel, 'tags' | 'sites' | 'years'>, replaced: ReadonlyMap<ArticleView, ArticleView>, memo: RenderMemo): Pick<SiteModel, 'tags' | 'sites' | 'years'> {
  // A few views replaced: each looked for in a list's array, which compares references without a
  // look at each view (a look-up per member costs more).
  const few = replaced.size <= FEW_REPLACED ? [...replaced.keys()] : null;
  const relist = <T extends TagView | SiteView | YearView | MonthView>(list: T): T => {
    if (few ? !few.some((view) => list.articles.includes(view)) : !list.articles.some((view) => replaced.has(view))) return list;
    const fresh = { ...list, articles: list.articles.map((view) => replaced.get(view) ?? view) };
    memo.replaceList(fresh);
    // The same articles, whose records keep their names (a record whose tags changed is in a list made anew before).
    const spellings = memo.spellings.get(list);
    if (spellings) memo.spellings.set(fresh, spellings);
    return fresh;
  };
  return {
    tags: memo.array('tags', lists.tags.map(relist)),
    sites: memo.array('sites', lists.sites.map(relist)),
    years: memo.array('years', lists.years.map((year) => {
      const months = year.months.map(relist);
      const kept = sameItems(months, year.months) ? year : { ...year, months };
      if (kept !== year) memo.replaceList(kept);
      return relist(kept);
    })),
  };
}

/** Up to this many views replaced, relistAll looks for each one in each list. */
const FEW_REPLACED = 8;

/** At most this many records added and removed for the quick path. */
const QUICK_MAX_RESIZED = 8;

/**
 * The previous model with a few records added or removed and every other record the same object
 * (a watch rebuild after a scraped page came or went), when none of them has a warning or shares
 * its address with another article: the new articles go in at their place in page order, the gone
 * ones out; views whose neighbours changed, whose related links now reach another article (or
 * none), or whose "more like this" changed are made again; the lists of the tags, sites, years and
 * months of the articles that came or went are made again, and tags and sites added or emptied
 * come and go. A tag's or site's shown name (its most used spelling) must stay as it was. Null
 * when any of that does not hold (the slow way then). A test compares the model with one collected
 * afresh after random changes.
 */
function collectResized(records: readonly ArticleRecord[], lang: string, similar: SimilarIndex, memo: RenderMemo, last: KeptModel): SiteModel | null {
  const given = memo.usable;
  if (given === null) return null;
  const { model } = last;
  const position = (last.position ??= new Map(model.articles.map((entry, i) => [entry.view.slug, i])));
  const changes = recordChanges(records, given.records, (slug) => position.has(slug));
  if (!changes) return null;
  const added = changes.added.map(({ item }) => item);
  const removed = changes.removed.map(({ item }) => item);
  const newEntries: ArticleEntry[] = [];
  for (const record of added) {
    const part = recordPart(record, memo);
    if (part.warnings.length) return null;
    const { view, time, ref, links, urlKeys } = part;
    newEntries.push({ record, view: copyView(view), time, ref, links, urlKeys });
  }
  const gone = removed.map((record) => model.articles[position.get(record.slug)!]!);
  // An address two articles claim is a warning: none of those come or go here. (The counts are
  // changed in place: when this returns null, the slow way makes the model, and them, anew.)
  const owners = (last.owners ??= ownAddresses(model.articles));
  for (const { urlKeys: { own } } of newEntries) if (own !== null) owners.set(own, (owners.get(own) ?? 0) + 1);
  if ([...newEntries, ...gone].some(({ urlKeys: { own } }) => own !== null && owners.get(own)! > 1)) return null;
  for (const { urlKeys: { own } } of gone) if (own !== null) owners.delete(own);
  for (const entry of gone) {
    const part = memo.related.get(entry.record);
    if (part === undefined || part.warnings.length || recordPart(entry.record, memo).warnings.length) return null;
  }

  // The articles in page order, the new ones where they sort.
  const goneSlugs = new Set(removed.map((record) => record.slug));
  const articles = model.articles.slice();
  for (const at of gone.map((entry) => position.get(entry.view.slug)!).sort((a, b) => b - a)) articles.splice(at, 1);
  for (const entry of newEntries) insertSorted(articles, entry, newestFirst);
  const fresh = new Set(newEntries.map((entry) => entry.view));
  const { replaced, touched, renew } = renewer(articles);
  /** The entry at `at` with `fill` applied: to its own view when that is new here, else to a copy. */
  const change = (at: number, fill: (view: ArticleView) => void) => {
    const entry = articles[at]!;
    if (fresh.has(entry.view)) fill(entry.view);
    else renew(at, entry, fill);
  };

  // The addresses of the articles that came or went: related links to them may now reach another
  // article, or none. (The index is changed in place: when this returns null, the slow way makes it anew.)
  const rekeyed = new Set<string>();
  for (const entry of [...newEntries, ...gone]) for (const key of [entry.urlKeys.own, ...entry.urlKeys.copies]) if (key !== null) rekeyed.add(key);
  const addresses = (last.addresses ??= new Addresses(model.articles));
  const was = new Map([...rekeyed].map((key) => [key, addresses.claim(key, (slug) => position.get(slug)!, model.articles)]));
  // The places now: last time's map, changed in place from the first place that moved on (the
  // last model's places are not looked at after this).
  const positionNow = position;
  for (const entry of gone) positionNow.delete(entry.view.slug);
  let moved = 0;
  while (moved < articles.length && articles[moved] === model.articles[moved]) moved++;
  for (let at = moved; at < articles.length; at++) positionNow.set(articles[at]!.view.slug, at);
  for (const entry of gone) addresses.remove(entry);
  for (const entry of newEntries) addresses.add(entry);
  const at = (slug: string) => positionNow.get(slug)!;
  const archived = (key: string) => addresses.claim(key, at, articles);
  // Each new article's related links reach the archived articles of their addresses.
  for (const entry of newEntries) {
    const part = relatedPart(entry, entry.links.map((link) => (link.key === null ? undefined : archived(link.key))));
    if (part.warnings.length) return null;
    memo.related.set(entry.record, part);
    entry.view.related = part.items;
    entry.view.relatedPreview = part.preview;
  }
  // Neighbours: the articles beside each one that came or went show other ones.
  for (let at = 0; at < articles.length; at++) {
    const { view } = articles[at]!;
    const previous = articles[at + 1]?.ref ?? null;
    const next = articles[at - 1]?.ref ?? null;
    if ((view.previous === previous || sameData(view.previous, previous)) && (view.next === next || sameData(view.next, next))) continue;
    change(at, (copy) => Object.assign(copy, { previous, next }));
  }
  if (!retargetLinks(retargetsOf(was, archived), addresses, at, articles, memo, (k, _entry, fill) => change(k, fill))) return null;

  // Tags and sites of the articles that came or went: their lists are made again below; a shown name must stay.
  // (Asked about articles that stay, whose records are the same objects.)
  const recordAt = (slug: string) => articles[positionNow.get(slug)!]!.record;
  const tagNames = (record: ArticleRecord) => tagsOf(record, memo.tags);
  const siteNames = (record: ArticleRecord) => sitesOf(record, memo.sites);
  const tagChanges = namedChanges(model.tags, newEntries, gone, tagNames, recordAt, memo.spellings);
  const siteChanges = namedChanges(model.sites, newEntries, gone, siteNames, recordAt, memo.spellings);
  if (!tagChanges || !siteChanges) return null;
  // A list new here gets its ref, one emptied loses it (the names of the others stay, so do their refs).
  for (const [changes, refs, pathOf] of [[tagChanges, memo.tags.refs, tagPath], [siteChanges, memo.sites.refs, sitePath]] as const) {
    for (const [slug, { name }] of changes) {
      if (name === null) refs.delete(slug);
      else if (!refs.has(slug)) refs.set(slug, { name, slug, path: pathOf(slug) });
    }
  }
  for (const entry of newEntries) {
    entry.view.tags = tagNames(entry.record).map((tag) => memo.tags.refs.get(tag.slug)!);
    memo.tags.lists.set(entry.record, entry.view.tags);
    entry.view.siteRef = siteRefOf(entry.view.site, memo.sites.refs);
  }

  const places = [...touched, ...newEntries.map((entry) => positionNow.get(entry.view.slug)!)];
  similar.link(articles, (entry) => (fresh.has(entry.view) ? entry : renew(positionNow.get(entry.view.slug)!, entry)), places, [...goneSlugs]);
  for (const view of replaced.values()) memo.replaceView(view);
  for (const view of fresh) memo.replaceView(view);

  // The lists: those of the articles that came or went made again from their members' places, the others with the views made again.
  const relisted = relistAll(model, replaced, memo);
  // A list's views are the articles' own (relistAll), in page order: the gone ones are taken out,
  // the joining ones put in where their places sort (a look at a few members' places, not all).
  const members = (list: { articles: readonly ArticleView[] }, joining: readonly ArticleEntry[]): ArticleView[] => {
    const views = goneSlugs.size ? list.articles.filter((view) => !goneSlugs.has(view.slug)) : list.articles.slice();
    for (const entry of joining) {
      const at = positionNow.get(entry.view.slug)!;
      views.splice(sortedIndex(views, (view) => positionNow.get(view.slug)! < at), 0, entry.view);
    }
    return views;
  };
  const remade = <T extends TagView | SiteView>(lists: readonly T[], changes: Map<string, NamedChange>, namesOf: (record: ArticleRecord) => { slug: string }[], make: (slug: string, name: string) => T): T[] => {
    const bySlug = new Map(lists.map((list) => [list.slug, list]));
    for (const [slug, { name, spellings }] of changes) {
      if (name === null) {
        bySlug.delete(slug);
        continue;
      }
      const list = bySlug.get(slug) ?? make(slug, name);
      const articlesNow = members(list, newEntries.filter((entry) => namesOf(entry.record).some((named) => named.slug === slug)));
      const made = { ...list, count: articlesNow.length, articles: articlesNow };
      memo.replaceList(made);
      memo.spellings.set(made, spellings);
      bySlug.set(slug, made);
    }
    return [...bySlug.values()];
  };
  const empty = (path: string, slug: string, name: string) => ({ name, slug, path, count: 0, articles: [] });
  const tags = memo.array('tags', remade(relisted.tags, tagChanges, tagNames, (slug, name) => empty(tagPath(slug), slug, name)).sort(tagOrder));
  const sites = memo.array('sites', remade(relisted.sites, siteChanges, siteNames, (slug, name) => empty(sitePath(slug), slug, name)).sort(siteOrder));
  const years = memo.array('years', redate(relisted.years, newEntries, gone, members, lang, memo));
  const resized = { articles, tags, sites, years, warnings: model.warnings };
  // The usable records (sorted by slug) and their places in `records`, from last time's; the gone
  // ones found by slug (a look at every record would be a walk through memory for each).
  const goneAt = new Uint8Array(last.usable.length);
  let found = 0;
  for (const record of removed) {
    const k = sortedIndex(last.usable, (other) => compareText(other.slug, record.slug) < 0);
    if (last.usable[k] !== record) continue;
    goneAt[k] = 1;
    found++;
  }
  if (found < removed.length) {
    const goneRecords = new Set(removed);
    last.usable.forEach((record, k) => void (goneAt[k] = goneRecords.has(record) ? 1 : 0));
  }
  const usable: ArticleRecord[] = [];
  const order: number[] = [];
  for (let k = 0; k < last.usable.length; k++) {
    if (goneAt[k]) continue;
    usable.push(last.usable[k]!);
    order.push(changes.moved[given.order[k]!]!);
  }
  for (const { item: record, at } of changes.added) {
    const k = sortedIndex(usable, (other) => compareText(other.slug, record.slug) < 0);
    usable.splice(k, 0, record);
    order.splice(k, 0, at);
  }
  // Each record's slug, from last time's: the records kept are where `moved` says.
  const slugs = new Array<string>(records.length);
  const removedAt = new Uint8Array(given.records.length);
  for (const { at } of changes.removed) removedAt[at] = 1;
  for (let j = 0; j < given.records.length; j++) if (!removedAt[j]) slugs[changes.moved[j]!] = given.slugs[j]!;
  for (const { item: record, at } of changes.added) slugs[at] = record.slug;
  memo.usable = { records: records.slice(), slugs, order };
  memo.model = { lang, usable, model: resized, position: positionNow, owners, addresses };
  return resized;
}

/** `item` put into `items` (sorted by `compare`) where it sorts, before any equal to it. */
function insertSorted<T>(items: T[], item: T, compare: (a: T, b: T) => number): void {
  items.splice(sortedIndex(items, (other) => compare(other, item) < 0), 0, item);
}

/**
 * The records that came (`added`, with their places in `records`) and went (`removed`, with their
 * places in `last`) between the last list and this one, and each kept record's place now by its
 * place then (`moved`). Null, for the slow way, when more than QUICK_MAX_RESIZED came and went, a
 * new slug is one `known` (the last model's: a record changed in place) or repeats.
 */
function recordChanges(records: readonly ArticleRecord[], last: readonly ArticleRecord[], known: (slug: string) => boolean): ListChanges<ArticleRecord> | null {
  // In content/'s file-name order (as readRecords gives them) the walk finds them; otherwise by record object.
  const changes = walkLists(records, last, (record) => `${record.slug}.md`, QUICK_MAX_RESIZED) ?? diffedChanges(records, last);
  if (changes.added.length + changes.removed.length > QUICK_MAX_RESIZED) return null;
  const slugs = new Set<string>();
  for (const { item: record } of changes.added) {
    if (known(record.slug) || slugs.has(record.slug) || !SLUG_PATTERN.test(record.slug)) return null;
    slugs.add(record.slug);
  }
  return changes;
}

/** recordChanges for lists in any order: by record object. */
function diffedChanges(records: readonly ArticleRecord[], last: readonly ArticleRecord[]): ListChanges<ArticleRecord> {
  const now = new Map(records.map((record, i) => [record, i]));
  const then = new Set(last);
  const changes: ListChanges<ArticleRecord> = { added: [], removed: [], moved: new Int32Array(last.length) };
  records.forEach((item, at) => {
    if (!then.has(item)) changes.added.push({ item, at });
  });
  last.forEach((item, at) => {
    const i = now.get(item);
    if (i === undefined) changes.removed.push({ item, at });
    else changes.moved[at] = i;
  });
  return changes;
}

/** How many articles claim each own address (an address two claim is a warning). */
function ownAddresses(articles: readonly ArticleEntry[]): Map<string, number> {
  const owners = new Map<string, number>();
  for (const { urlKeys: { own } } of articles) if (own !== null) owners.set(own, (owners.get(own) ?? 0) + 1);
  return owners;
}

/**
 * What the articles that came (`added`) and went (`gone`) change in the tags or sites (`lists`):
 * each slug they have, with its shown name (the most used spelling; null when its list is left
 * empty) and its spellings counted. Null when a kept list's shown name would change (every article
 * with it would show the new one: the slow way then).
 */
function namedChanges(
  lists: readonly (TagView | SiteView)[], added: readonly ArticleEntry[], gone: readonly ArticleEntry[],
  namesOf: (record: ArticleRecord) => { name: string; slug: string }[], recordAt: (slug: string) => ArticleRecord, spellingCounts: RenderMemo['spellings'],
): Map<string, NamedChange> | null {
  const bySlug = new Map(lists.map((list) => [list.slug, list]));
  const goneSlugs = new Set(gone.map((entry) => entry.view.slug));
  const slugs = new Set([...added, ...gone].flatMap((entry) => namesOf(entry.record).map((named) => named.slug)));
  const changes = new Map<string, NamedChange>();
  for (const slug of slugs) {
    const list = bySlug.get(slug);
    const counted = list && spellingCounts.get(list);
    const spellings = new Map(counted ?? []);
    const count = (record: ArticleRecord, step: 1 | -1) => {
      const name = namesOf(record).find((named) => named.slug === slug)?.name;
      if (name === undefined) return;
      const now = (spellings.get(name) ?? 0) + step;
      if (now) spellings.set(name, now);
      else spellings.delete(name);
    };
    if (counted) for (const entry of gone) count(entry.record, -1);
    else for (const view of list?.articles ?? []) if (!goneSlugs.has(view.slug)) count(recordAt(view.slug), 1);
    for (const entry of added) count(entry.record, 1);
    const name = spellings.size ? preferredSpelling(spellings) : null;
    if (list !== undefined && name !== null && name !== list.name) return null;
    changes.set(slug, { name, spellings });
  }
  return changes;
}

interface NamedChange {
  name: string | null;
  spellings: Map<string, number>;
}

/**
 * The years and months again after articles came (`added`) and went (`gone`): those of their
 * months made again with `members` (a list's articles without the gone, with the joining, in page
 * order), months and years added or left empty come and go.
 */
function redate(
  years: readonly YearView[], added: readonly ArticleEntry[], gone: readonly ArticleEntry[],
  members: (list: { articles: readonly ArticleView[] }, joining: readonly ArticleEntry[]) => ArticleView[], lang: string, memo: RenderMemo,
): YearView[] {
  const dayOf = (entry: ArticleEntry) => entry.view.date?.day ?? null;
  const months = new Set<string>();
  for (const entry of [...added, ...gone]) {
    const day = dayOf(entry);
    if (day !== null) months.add(day.slice(0, 7));
  }
  if (months.size === 0) return [...years];
  const byYear = new Map(years.map((year) => [year.year, year]));
  for (const year of new Set([...months].map((key) => key.slice(0, 4)))) {
    const yearView = byYear.get(year) ?? { year, path: yearPath(year), count: 0, months: [], articles: [] };
    const yearArticles = members(yearView, added.filter((entry) => dayOf(entry)?.slice(0, 4) === year));
    if (yearArticles.length === 0) {
      byYear.delete(year);
      continue;
    }
    const byMonth = new Map(yearView.months.map((view) => [view.month, view]));
    for (const key of months) {
      if (key.slice(0, 4) !== year) continue;
      const month = key.slice(5, 7);
      const monthView = byMonth.get(month) ?? { year, month, name: monthName(lang, year, month), path: monthPath(year, month), count: 0, articles: [] };
      const monthArticles = members(monthView, added.filter((entry) => dayOf(entry)?.slice(0, 7) === key));
      if (monthArticles.length === 0) {
        byMonth.delete(month);
        continue;
      }
      const madeMonth = { ...monthView, count: monthArticles.length, articles: monthArticles };
      memo.replaceList(madeMonth);
      byMonth.set(month, madeMonth);
    }
    const madeYear = { ...yearView, count: yearArticles.length, months: [...byMonth.values()].sort((a, b) => compareText(b.month, a.month)), articles: yearArticles };
    memo.replaceList(madeYear);
    byYear.set(year, madeYear);
  }
  return [...byYear.values()].sort((a, b) => compareText(b.year, a.year));
}


/** An entry's own part, made once per record object (see memoEntry). */
function recordPart(record: ArticleRecord, memo: RenderMemo): RecordPart {
  let part = memo.records.get(record);
  if (part === undefined) {
    const own: RenderWarning[] = [];
    part = { ...toEntry(record, own), warnings: own };
    memo.records.set(record, part);
  }
  return part;
}

/**
 * Two records that sort the same (time; the title is checked against the neighbours after), have
 * the same date, links, own address and warnings, and name the same sites (their own and their
 * copies'): they are in the same lists but their tags' (made again when those changed), and their
 * related links reach the same articles. Their views may differ otherwise, and so may the
 * addresses of their copies (related links to those are looked at again).
 */
function sameLists(a: RecordPart, b: RecordPart, recordA: ArticleRecord, recordB: ArticleRecord, sites: KeptSites): boolean {
  return a.time === b.time && sameData(a.view.date, b.view.date) && sameData(a.links, b.links) && a.urlKeys.own === b.urlKeys.own &&
    sameData(a.warnings, b.warnings) && recordA.site === recordB.site && sameData(sitesOf(recordA, sites), sitesOf(recordB, sites));
}

/** The non-null keys in one list and not the other. */
function symmetricDifference(a: readonly (string | null)[], b: readonly (string | null)[]): string[] {
  return [...a.filter((key) => !b.includes(key)), ...b.filter((key) => !a.includes(key))].filter((key) => key !== null);
}

/** toEntry, made once per record object: each call gets a view of its own to fill in. */
function memoEntry(record: ArticleRecord, warnings: RenderWarning[], memo: RenderMemo): ArticleEntry {
  const part = recordPart(record, memo);
  if (part.warnings.length) warnings.push(...part.warnings);
  const { view, time, ref, links, urlKeys } = part;
  return { record, view: copyView(view), time, ref, links, urlKeys };
}

/**
 * A copy of a view, field by field in toEntry's order: several times quicker than a spread, for
 * every view on every watch rebuild (a field added to ArticleView and not here does not compile).
 */
function copyView(view: ArticleView): ArticleView {
  return {
    slug: view.slug, title: view.title, path: view.path, relatedPath: view.relatedPath, date: view.date, authors: view.authors, site: view.site,
    siteRef: view.siteRef, source: view.source, url: view.url, copies: view.copies, category: view.category, lang: view.lang, summary: view.summary,
    tags: view.tags, related: view.related, relatedPreview: view.relatedPreview, similar: view.similar, similarPreview: view.similarPreview,
    previous: view.previous, next: view.next,
  };
}

/**
 * The model with every view, tag, site, year and month equal to the previous build's replaced by
 * that object (views first, since the lists hold them), so the next steps can tell unchanged parts
 * by identity.
 */
function keepUnchanged(model: SiteModel, memo: RenderMemo): SiteModel {
  const views = new Map<string, ArticleView>();
  const keptView = new Map<ArticleView, ArticleView>();
  for (const entry of model.articles) {
    const kept = memo.view(entry.view, views);
    keptView.set(entry.view, kept);
    entry.view = kept;
  }
  const lists = new Map<string, object>();
  const keepList = <T extends TagView | SiteView | YearView | MonthView>(list: T): T => {
    list.articles = list.articles.map((view) => keptView.get(view) ?? view);
    return memo.list(list, lists);
  };
  const tags = memo.array('tags', model.tags.map(keepList));
  const sites = memo.array('sites', model.sites.map(keepList));
  const years = memo.array('years', model.years.map((year) => {
    year.months = year.months.map(keepList);
    return keepList(year);
  }));
  memo.keep(views, lists);
  return { ...model, tags, sites, years };
}

/** Previous (older) and next (newer) article, in the home page's order. */
function linkNeighbours(articles: readonly ArticleEntry[]): void {
  articles.forEach((entry, i) => {
    const newer = articles[i - 1];
    const older = articles[i + 1];
    entry.view.next = newer ? newer.ref : null;
    entry.view.previous = older ? older.ref : null;
  });
}

/** Newest first, undated last; ties by title, then slug, so the order never depends on the input's. */
export function newestFirst(a: ArticleEntry, b: ArticleEntry): number {
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return b.time - a.time;
  }
  return compareText(a.view.title, b.view.title) || compareText(a.view.slug, b.view.slug);
}

/**
 * usableRecords through the memo: while the records come with the same slugs in the same order
 * and none was skipped last time, they are in the last order without a sort (records are read
 * in file-name order, so a rebuild's records differ from the last ones only by object).
 */
function usableKept(records: readonly ArticleRecord[], warnings: RenderWarning[], memo: RenderMemo, sameSlugs = false): ArticleRecord[] {
  const last = memo.usable;
  // The same slugs in the same places (`sameSlugs`: the caller found so): the same record there has it (no record is read), another is asked.
  if (last && (sameSlugs || (last.slugs.length === records.length && records.every((record, i) => record === last.records[i] || record.slug === last.slugs[i])))) {
    memo.usable = { ...last, records: records.slice() };
    return last.order.map((i) => records[i]!);
  }
  const before = warnings.length;
  const usable = usableRecords(records, warnings);
  const position = new Map(records.map((record, i) => [record, i]));
  memo.usable = warnings.length === before ? { records: records.slice(), slugs: records.map((record) => record.slug), order: usable.map((record) => position.get(record)!) } : null;
  return usable;
}

/** Records whose slug can be a folder name, one per slug. */
export function usableRecords(records: readonly ArticleRecord[], warnings: RenderWarning[]): ArticleRecord[] {
  // Records sharing a slug are ordered by their whole content (made only for those: it is the body's length).
  const keys = new Map<ArticleRecord, string>();
  const key = (record: ArticleRecord) => keys.get(record) ?? keys.set(record, canonicalKey(record)).get(record)!;
  const sorted = [...records].sort((a, b) => compareText(a.slug, b.slug) || compareText(key(a), key(b)));
  const bySlug = new Map<string, ArticleRecord>();
  for (const record of sorted) {
    if (!SLUG_PATTERN.test(record.slug)) {
      const suggestion = readableSlug(record.slug || record.title) || 'article-1';
      warnings.push({
        file: record.slug || record.title || '(no slug)',
        message: `slug "${record.slug}" cannot be a folder name, so the article was skipped; ` +
          `use lower-case a-z, 0-9 and "-", e.g. "${suggestion}"`,
      });
      continue;
    }
    const kept = bySlug.get(record.slug);
    if (kept) {
      warnings.push({
        file: record.slug,
        message: `two records have this slug; kept "${kept.title}", skipped "${record.title}"; ` +
          'give each record a slug of its own',
      });
      continue;
    }
    bySlug.set(record.slug, record);
  }
  return [...bySlug.values()];
}

/** The record's content in a fixed key order, to pick among slug clashes the same way every time. */
function canonicalKey(record: ArticleRecord): string {
  return JSON.stringify([...RECORD_FIELDS.map((field) => record[field]), record.body]);
}

function toEntry(record: ArticleRecord, warnings: RenderWarning[]): ArticleEntry {
  const warn = (message: string): void => void warnings.push({ file: record.slug, message });

  const title = text(record.title);
  if (title === null) warn('no title; the page shows the slug instead');

  const date = parseDate(record.date);
  if (record.date === null) warn('no publish date; listed after the dated articles');
  else if (date === null) {
    warn(`date "${record.date}" is not ISO 8601 (YYYY-MM-DD, or date, time and offset); listed as undated`);
  }

  const url = safeHttpUrl(record.url);
  if (record.url !== null && record.url.trim() !== '' && url === null) {
    warn(`url "${record.url}" is not an absolute http(s) address; the page has no link to the original`);
  }

  const lang = text(record.lang);
  const view: ArticleView = {
    slug: record.slug,
    title: title ?? record.slug,
    path: articlePath(record.slug),
    relatedPath: relatedPath(record.slug),
    date: date?.view ?? null,
    authors: [...new Set(record.author.map(text).filter((name) => name !== null))],
    site: text(record.site),
    siteRef: null,
    source: text(record.source),
    url,
    copies: record.sources.map((copy) => ({ site: text(copy.site), url: safeHttpUrl(copy.url), crawled: parseDate(copy.crawled_at)?.view ?? null })),
    category: text(record.category),
    lang: lang !== null && LANG_PATTERN.test(lang) ? lang : null,
    summary: text(record.summary),
    tags: [],
    related: [],
    relatedPreview: [],
    similar: [],
    similarPreview: [],
    previous: null,
    next: null,
  };
  const urlKeys = { own: urlKey(url), copies: view.copies.map((copy) => urlKey(copy.url)) };
  return { record, view, time: date?.time ?? null, ref: articleRef(view), links: recordLinks(record, url), urlKeys };
}
