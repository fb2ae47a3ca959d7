// What one render keeps for the next in the same process (folio watch), so that a rebuild after a
// one-page change does work in proportion to the change, not to the archive:
// - each record's own part of its view, made once per record object (records read again only when
//   their file changed keep their object);
// - the views and lists of the previous model: a fresh one equal to its predecessor is replaced by
//   it, so unchanged parts of the model keep their object from build to build;
// - hashes of those objects, page plans equal to the previous build's (the same objects again), and
//   their fingerprints.
// Objects the model shares between builds are never changed after the build that made them.

import { sameItems } from '../cache/memo.ts';
import type { ArticleRecord } from '../model/index.ts';
import type { Addresses, ArticleEntry, RenderWarning, SiteModel } from './collect.ts';
import { CARD_LEFT_OUT, LIST_KINDS, type FingerprintMemo } from './fingerprint.ts';
import type { BodyImages } from './images.ts';
import type { ListReading, PagePlan, PlanMemo } from './pages.ts';
import type { RelatedPart } from './related.ts';
import type { KeptSites } from './sites.ts';
import type { KeptTags } from './tags.ts';
import type { Templates } from './templates.ts';
import type { ArticleView, MonthView, SiteView, TagView, YearView } from './views.ts';

/** What keepPlans gives: the pages, and where each one was in `before` (the pages the call before gave), or -1. */
export interface KeptPlans {
  pages: PagePlan[];
  places: Int32Array;
  before: readonly PagePlan[];
}

/** A collected model, the records it was made from in usableRecords' order, and each article's place in it. */
export interface KeptModel {
  lang: string;
  usable: readonly ArticleRecord[];
  model: SiteModel;
  /** Slug -> index in `model.articles`, made when first needed. */
  position: Map<string, number> | null;
  /** How many articles claim each own address, made when first needed (collect.ts' ownAddresses). */
  owners?: Map<string, number>;
  /** Which articles claim or link each address, made when first needed (collect.ts' Addresses). */
  addresses?: Addresses;
}

/** An entry as made from its record alone (its view still to be filled in), and the warnings that came with it. */
export interface RecordPart extends Omit<ArticleEntry, 'record'> {
  warnings: RenderWarning[];
}

export class RenderMemo implements PlanMemo {
  readonly records = new WeakMap<ArticleRecord, RecordPart>();
  /** Tag and site refs of the previous build, and each record's list of tag refs. */
  readonly tags: KeptTags = { refs: new Map(), lists: new WeakMap(), names: new WeakMap() };
  readonly sites: KeptSites = { refs: new Map(), names: new WeakMap() };
  /** Each record's related lists, with the archived articles they link to. */
  readonly related = new WeakMap<ArticleRecord, RelatedPart>();
  /** Hashes of objects the model shares between builds (fingerprint.ts). */
  readonly hashed = new WeakMap<object, string>();
  /** The same, with tag, site, year and month lists hashed without their articles (PageFingerprints' `slim`). */
  readonly slimHashed = new WeakMap<object, string>();
  /** Article views' card hashes (PageFingerprints' `cards`). */
  readonly cardHashed = new WeakMap<object, string>();
  /** What the last PageFingerprints was given (FingerprintMemo.looked). */
  looked: FingerprintMemo['looked'] = null;
  /** A kept page plan's fingerprint, with the keys of what else it was taken of (globals, and an article's body). */
  readonly fingerprints = new WeakMap<PagePlan, { globals: string; body: string | null; fingerprint: string }>();
  /** The last records given (a copy: the caller may change its array), their slugs in that order, and the positions usableRecords put them in (null: some were skipped). */
  usable: { records: readonly ArticleRecord[]; slugs: string[]; order: number[] } | null = null;
  /**
   * How many of a tag's or site's articles spell its name each way, by list object: made by
   * collect.ts' quick path when first needed, and kept with the lists made from one while their
   * records keep their names (made anew by each full collect).
   */
  spellings = new WeakMap<object, Map<string, number>>();
  /** The records of the last render and how many are in each language (site.ts' languageCounts). */
  languages: { records: readonly ArticleRecord[]; counts: Map<string, number> } | null = null;
  /** The last render's pages, with the globals key, each page's pictures and the fingerprints it wrote them with (site.ts). */
  pageFingerprints: { globals: string; pages: readonly PagePlan[]; pictures: readonly (BodyImages | null)[]; fingerprints: readonly string[] } | null = null;
  /** The article pages' files and fingerprints of the last render, and their hash (site.ts' articlePagesHash). */
  articlePages: { files: string[]; fingerprints: string[]; hash: string } | null = null;
  /** The last render's templates and the hash of the template files they were read from (site.ts). */
  templates: { hash: string; templates: Templates } | null = null;
  /** The model the last render collected, with the records it was made from (collect.ts' quick path). */
  model: KeptModel | null = null;
  /** A list's pages by its folder (pages.ts' PlanMemo). */
  readonly listPlans: PlanMemo['listPlans'] = new Map();
  readonly articlePlans: PlanMemo['articlePlans'] = new WeakMap();
  articlesPlanned: PlanMemo['articlesPlanned'] = null;
  readonly listPages: PlanMemo['listPages'] = new Map();
  readonly partData: PlanMemo['partData'] = new Map();
  readonly splits: PlanMemo['splits'] = new Map();
  private plans = new Map<string, PagePlan>();
  /** What keepPlans gave last, in page order. */
  private lastKept: readonly PagePlan[] = [];
  private readonly judged = new WeakSet<PagePlan>();
  private views = new Map<string, ArticleView>();
  private lists = new Map<string, TagView | SiteView | YearView | MonthView>();
  private listArrays = new Map<string, readonly object[]>();

  /** `fresh`, or the previous build's view of the same slug when that is equal to it. */
  view(fresh: ArticleView, next: Map<string, ArticleView>): ArticleView {
    const previous = this.views.get(fresh.slug);
    const kept = previous !== undefined && sameView(previous, fresh) ? previous : fresh;
    next.set(fresh.slug, kept);
    return kept;
  }

  /** A tag, site, year or month (by its path), kept the same way. */
  list<T extends TagView | SiteView | YearView | MonthView>(fresh: T, next: Map<string, object>): T {
    const previous = this.lists.get(fresh.path);
    const kept = previous !== undefined && sameData(previous, fresh) ? (previous as T) : fresh;
    next.set(fresh.path, kept);
    return kept;
  }

  /** The model's list of tags, sites or years (`name`), kept when it holds the same objects. */
  array<T extends object>(name: string, fresh: T[]): T[] {
    const previous = this.listArrays.get(name) as T[] | undefined;
    const kept = previous !== undefined && sameItems(previous, fresh) ? previous : fresh;
    this.listArrays.set(name, kept);
    return kept;
  }

  /** The previous build's plan of `file`. */
  plan(file: string): PagePlan | undefined {
    return this.plans.get(file);
  }

  /** `plan`, or the previous build's plan of its file when that is equal to it (planPages keeps what it makes, so a list memo holds the kept plans). */
  keptPlan(plan: PagePlan, reading: ListReading): PagePlan {
    const previous = this.plans.get(plan.file);
    if (previous !== undefined && previous !== plan && samePlan(previous, plan, reading)) return previous;
    return this.newPlan(plan);
  }

  /** A plan planPages made that is not the previous build's (or was compared already): keepPlans takes it as it is. */
  newPlan(plan: PagePlan): PagePlan {
    this.judged.add(plan);
    return plan;
  }

  /**
   * The plans of the site's pages, each replaced by the previous build's plan of its file when that
   * is equal to it; with where each was in what the last call gave (`before`), -1 when not found
   * there at a glance.
   */
  keepPlans(fresh: readonly PagePlan[], reading: ListReading): KeptPlans {
    // Last time's plans, walked beside these: one at this place or a few on is the plan of its file
    // (no look-up); the ones passed over are gone, unless given again out of their place.
    const last = this.lastKept;
    const places = new Int32Array(fresh.length).fill(-1);
    let j = 0;
    const passed: PagePlan[] = [];
    const again = new Set<PagePlan>();
    /** Whether `plan` is at this place or a few on (the ones passed over then noted); `i`: its place now. */
    const walk = (plan: PagePlan, i: number): boolean => {
      for (let k = j; k < j + 8 && k < last.length; k++) {
        if (last[k] !== plan) continue;
        for (let skipped = j; skipped < k; skipped++) passed.push(last[skipped]!);
        j = k + 1;
        places[i] = k;
        return true;
      }
      return false;
    };
    const kept = fresh.map((plan, i) => {
      if (walk(plan, i)) return plan;
      const previous = this.plans.get(plan.file);
      if (previous === plan) {
        again.add(plan);
        return plan;
      }
      const keep = this.judged.has(plan) ? plan : this.keptPlan(plan, reading);
      this.plans.set(plan.file, keep);
      // Last time's plan, equal to the one made again (the home page, the indexes): found at its
      // place, or not taken for gone when the walk passes over it.
      if (keep !== plan && !walk(keep, i)) again.add(keep);
      return keep;
    });
    for (let skipped = j; skipped < last.length; skipped++) passed.push(last[skipped]!);
    for (const plan of passed) if (!again.has(plan) && this.plans.get(plan.file) === plan) this.plans.delete(plan.file);
    // Each file is planned once, so files no longer planned are the only extra entries.
    if (this.plans.size !== kept.length) this.plans = new Map(kept.map((plan) => [plan.file, plan]));
    this.lastKept = kept;
    return { pages: kept, places, before: last };
  }

  /** A view or list replacing the kept one of its slug or path (collect.ts' quick path, which makes only what changed). */
  replaceView(view: ArticleView): void {
    this.views.set(view.slug, view);
  }

  replaceList(list: TagView | SiteView | YearView | MonthView): void {
    this.lists.set(list.path, list);
  }

  /** The views and lists of this build become the ones the next build compares with. */
  keep(views: Map<string, ArticleView>, lists: Map<string, object>): void {
    this.views = views;
    this.lists = lists as RenderMemo['lists'];
  }
}

/**
 * sameData for two views, field by field: every view of the archive is compared on every watch
 * rebuild, and reading known fields is several times faster than walking keys. Views are made in
 * one place (collect.ts' toEntry), so their keys come in one order; a test changes each field of a
 * view in turn, so a field added to ArticleView and not here fails it.
 */
export function sameView(a: ArticleView, b: ArticleView): boolean {
  return a.slug === b.slug && a.title === b.title && a.path === b.path && a.relatedPath === b.relatedPath && a.site === b.site &&
    a.source === b.source && a.url === b.url && a.category === b.category && a.lang === b.lang && a.summary === b.summary &&
    sameData(a.date, b.date) && sameData(a.authors, b.authors) && sameData(a.siteRef, b.siteRef) && sameData(a.copies, b.copies) &&
    sameData(a.tags, b.tags) && sameData(a.related, b.related) && sameData(a.relatedPreview, b.relatedPreview) &&
    sameData(a.similar, b.similar) && sameData(a.similarPreview, b.similarPreview) && sameData(a.previous, b.previous) && sameData(a.next, b.next);
}

/**
 * Plans that give the same page: equal fields and data; an article page's entry by its view and
 * record. What the templates do not read is left out (`reading`): with `slimLists`, a tag, site,
 * year or month in the data is compared without its articles (a list page's plan is kept when only
 * another page of its list changed); with `cards`, a list page's articles by their cards (kept when
 * only their "more like this" or neighbours changed).
 */
function samePlan(a: PagePlan, b: PagePlan, reading: ListReading): boolean {
  return a.kind === b.kind && a.file === b.file && a.path === b.path && a.template === b.template && a.title === b.title &&
    a.description === b.description && a.outsideTree === b.outsideTree &&
    a.article?.view === b.article?.view && a.article?.record === b.article?.record &&
    (reading.slimLists || reading.cards ? sameVars(a.vars, b.vars, reading, LIST_KINDS.has(a.kind)) : sameData(a.vars, b.vars));
}

/** Page data holding a list (tag, outlet, year, month) or lists (tags, sites, years), as pages.ts plans them. */
export const LIST_VARS: ReadonlySet<string> = new Set(['tag', 'outlet', 'year', 'month']);
const LISTS_VARS = new Set(['tags', 'sites', 'years']);

/** sameData for page data, with what `reading` leaves out left out (`cards` on a list page's own articles only). */
function sameVars(a: Record<string, unknown>, b: Record<string, unknown>, reading: ListReading, listPage: boolean): boolean {
  return sameFields(a, b, (key, x, y) => {
    if (reading.slimLists && LIST_VARS.has(key)) return sameList(x, y);
    if (reading.slimLists && LISTS_VARS.has(key)) return Array.isArray(x) && Array.isArray(y) && sameItems(x, y, sameList);
    if (reading.cards && listPage && key === 'articles') return Array.isArray(x) && Array.isArray(y) && sameItems(x, y, sameCard);
    return sameData(x, y);
  });
}

/** Two article views with the same card: equal on every field but those CARD_LEFT_OUT names. */
export function sameCard(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, (key, x, y) => CARD_FIELDS_LEFT_OUT.has(key) || sameData(x, y));
}

const CARD_FIELDS_LEFT_OUT: ReadonlySet<string> = new Set(CARD_LEFT_OUT);

/** A tag, site, year or month, compared on every field but its articles (a year's months likewise). */
export function sameList(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, (key, x, y) => {
    if (key === 'articles') return true;
    return key === 'months' && Array.isArray(x) && Array.isArray(y) ? sameItems(x, y, sameList) : sameData(x, y);
  });
}

/** The same keys in the same order, and `same` for each key's two values. */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, same: (key: string, x: unknown, y: unknown) => boolean): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && same(key, a[key], b[key]));
}

/**
 * Whether two JSON-like values would serialize the same: equal primitives, arrays of equal items,
 * objects with the same keys in the same order and equal values. The same object is equal to
 * itself at once, which makes comparing mostly-shared structures cheap.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i]!;
    if (key !== keysB[i] || !sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
