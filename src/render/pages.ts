// Which pages the site has, where each is written, and what its template receives.
// An article's body is added when its page is rendered, so bodies are never all in memory at once.

import { sameItems } from '../cache/memo.ts';
import type { ArticleRecord } from '../model/index.ts';
import type { ArticleEntry, SiteModel } from './collect.ts';
import { SPLIT_LIST_PAGES } from './constants.ts';
import type { DateView } from './dates.ts';
import { LIST_VARS, sameCard, sameData, sameList } from './memo.ts';
import { pageName, type Labels } from './labels.ts';
import { pageCount, pagePath, pagerOf } from './pagination.ts';
import type { ArticleView, ListLink, ListPart, ListPartView, MonthView, PagerView, SiteView, TagView, YearView } from './views.ts';

type ListView = TagView | SiteView | YearView | MonthView;

export type PageKind =
  | 'home' | 'article' | 'related' | 'tags' | 'tag' | 'archive' | 'year' | 'month' | 'undated' | 'sites' | 'site' | 'not-found';

export interface PagePlan {
  kind: PageKind;
  /** The file written, relative to the output folder. */
  file: string;
  /** The page's address relative to the site root: its folder ("" for the home page), or the file for 404.html. */
  path: string;
  /** The template's name, without `.liquid`. */
  template: string;
  /** The page's own title (the layout adds the site's), or null on the home page. */
  title: string | null;
  /** For `<meta name="description">`: the article's summary, or null for the site's description. */
  description: string | null;
  /** The article an article page shows, for its OpenGraph tags and JSON-LD. */
  article?: ArticleEntry;
  /** Hosts serve 404.html at any missing address, so only a link from the site root works there. */
  outsideTree?: boolean;
  /**
   * The variables the template gets besides the globals every page gets; an article page's also
   * get `body` (see pageData), made only when the page is rendered, so that bodies are never all
   * in memory at once.
   */
  vars: Record<string, unknown>;
}

/**
 * What the templates read of a list page's data (fingerprint.ts' templateSet): two plans that
 * differ only in what none reads give the same page, so the previous build's plan is kept.
 */
export interface ListReading {
  /** No template reads a tag's, site's, year's or month's whole `articles`. */
  slimLists: boolean;
  /** No list page's template reads more of an article than its card (fingerprint.ts' CARD_LEFT_OUT). */
  cards: boolean;
}

export const READS_ALL: ListReading = { slimLists: false, cards: false };

/** What `page`'s template receives, given its article's body (article pages) or nothing. */
export function pageData(page: PagePlan, body: string | undefined): Record<string, unknown> {
  return page.kind === 'article' ? { ...page.vars, body } : page.vars;
}

/**
 * Whether a list page's kept data holds the same values as `data` (its articles and pager aside):
 * the same objects, or with `slimLists` the same tag, site, year or month but for its articles.
 */
function sameValues(kept: Record<string, unknown>, data: Record<string, unknown>, reading: ListReading): boolean {
  const keys = Object.keys(data);
  return Object.keys(kept).length === keys.length + 2 &&
    keys.every((key) => kept[key] === data[key] || (reading.slimLists && LIST_VARS.has(key) && sameList(kept[key], data[key])));
}

/**
 * Whether a list page's kept data shows `items[from..to)`: the same objects one by one, or with
 * `cards` views that differ from them only in what a card leaves out (another article's title in
 * their "more like this", say).
 */
function sameArticles(kept: Record<string, unknown>, items: readonly ArticleView[], from: number, to: number, reading: ListReading): boolean {
  const keptArticles = kept['articles'] as ArticleView[];
  if (keptArticles.length !== to - from) return false;
  for (let i = from; i < to; i++) {
    const view = keptArticles[i - from]!;
    if (view !== items[i] && !(reading.cards && sameCard(view, items[i]!))) return false;
  }
  return true;
}

/** What the previous build planned (watch), for planPages to give its objects again where nothing changed. */
export interface PlanMemo {
  /** The previous build's plan of a file: reused for an article whose view and record are the same. */
  plan(file: string): PagePlan | undefined;
  /** `plan`, or the previous build's plan of its file when that gives the same page (see RenderMemo.keepPlans). */
  keptPlan(plan: PagePlan, reading: ListReading): PagePlan;
  /** `plan`, which is known to differ from the previous build's plan of its file. */
  newPlan(plan: PagePlan): PagePlan;
  /**
   * A tag's, year's, month's or site's pages by its folder, with the view they were made for (views
   * kept from build to build are never changed) and the labels, page size and enclosing year.
   */
  listPlans: Map<string, { view: ListView; t: Labels; pageSize: number; within: readonly unknown[]; plans: PagePlan[] }>;
  /** An article's page and related page by its view object (kept views are never changed), with the labels they were made with. */
  articlePlans: WeakMap<ArticleView, { t: Labels; record: unknown; article: PagePlan; related: PagePlan }>;
  /** The articles as last planned, in page order, with their records and their two pages each (article, related): walked beside the articles now. */
  articlesPlanned: { t: Labels; views: ArticleView[]; records: unknown[]; plans: PagePlan[] } | null;
  /** Each list's pages as last planned, by the list's folder, with the labels and title they were made with. */
  listPages: Map<string, { t: Labels; title: string | null; plans: PagePlan[] }>;
  /** The data of a long list's parts as last planned, by the part's folder: the same object again while equal, so that its pages are kept at a glance. */
  partData: Map<string, Record<string, unknown>>;
  /** A long list's articles and parts (splitByDate) as last made, by the list's folder, with the labels and part size they were made with. */
  splits: Map<string, LastSplit>;
}

interface LastSplit {
  t: Labels;
  limit: number;
  items: readonly ArticleView[];
  parts: YearPart[];
}

export function planPages(model: SiteModel, t: Labels, pageSize: number, memo?: PlanMemo, reading: ListReading = READS_ALL): PagePlan[] {
  const articles = model.articles.map((entry) => entry.view);
  const previous = memo && ((file: string) => memo.plan(file));
  /** A plan made here, or the previous build's equal one: list and article memos then hold the plans kept. */
  const kept = (plan: PagePlan) => (memo ? memo.keptPlan(plan, reading) : plan);
  const made = (plan: PagePlan) => (memo ? memo.newPlan(plan) : plan);
  // The previous build's plan of a list's page (watch) is the same object again when it shows the
  // same articles with the same data; its pager too when the numbers are the same. The page's
  // address, title, articles and pager are made only when the page is not kept.
  const list = (kind: PageKind, template: string, basePath: string, items: ArticleView[], title: string | null, data: Record<string, unknown>): PagePlan[] => {
    const count = pageCount(items.length, pageSize);
    const last = memo?.listPages.get(basePath);
    const sameTitles = last !== undefined && last.t === t && last.title === title;
    const plans: PagePlan[] = [];
    for (let number = 1; number <= count; number++) {
      const before = last?.plans[number - 1];
      const keptPager = before?.vars['pager'] as PagerView | undefined;
      const samePager = keptPager?.number === number && keptPager.count === count && keptPager.total === items.length;
      const from = (number - 1) * pageSize, to = Math.min(items.length, number * pageSize);
      const sameShown = before !== undefined && sameArticles(before.vars, items, from, to, reading);
      if (samePager && sameShown && sameTitles && before.kind === kind && before.template === template && sameValues(before.vars, data, reading)) {
        plans.push(before);
        continue;
      }
      const path = pagePath(basePath, number);
      const pageTitle = number === 1 ? title : [title, pageName(t, number)].filter(Boolean).join(' · ');
      const pager = samePager ? keptPager : pagerOf(basePath, number, count, items.length);
      const plan: PagePlan = { kind, template, path, file: `${path}index.html`, title: pageTitle, description: null, vars: { ...data, articles: items.slice(from, to), pager } };
      // Other articles (views equal to the last build's are its objects) make another page; new
      // list objects (a tag view made again) may still give the same one, which keptPlan tells.
      plans.push(sameShown ? kept(plan) : made(plan));
    }
    memo?.listPages.set(basePath, { t, title, plans });
    return plans;
  };

  /** A page that is not part of a count-paged list: the previous build's when it is equal. */
  const single = (plan: Omit<PagePlan, 'file' | 'description'>): PagePlan => kept({ ...plan, file: `${plan.path}index.html`, description: null });
  /** Where the list of `parts` (in order) shows its item `index`: the page of its part holding it. */
  const pageHolding = (parts: readonly Part[], index: number): string | null => {
    for (const part of parts) {
      if (index < part.items.length) return pagePath(part.path, Math.floor(index / pageSize) + 1);
      index -= part.items.length;
    }
    return null;
  };
  const older = (path: string | null): ListLink | null => (path === null ? null : { name: t.olderArticles, path });

  // The home page and the date archive. A long archive's home page shows the newest articles and
  // links on to the month pages (SPLIT_LIST_PAGES); the year of a long year lists its months only.
  const limit = SPLIT_LIST_PAGES * pageSize;
  const undatedArticles = model.articles.filter((entry) => entry.time === null).map((entry) => entry.view);
  const splitHome = articles.length > limit;
  const undatedPart: Part | null = splitHome && undatedArticles.length > 0 ? { name: t.noDate, path: UNDATED_PATH, items: undatedArticles } : null;
  const months = model.years.flatMap((year) => year.months.map((month) => ({ year, month })));
  const monthParts: Part[] = [...months.map(({ month }) => ({ name: month.name, path: month.path, items: month.articles })), ...(undatedPart ? [undatedPart] : [])];
  const pages: PagePlan[] = [
    ...(splitHome
      ? [single({ kind: 'home', path: '', template: 'home', title: null, vars: { articles: articles.slice(0, pageSize), pager: pagerOf('', 1, 1, pageSize), older: older(pageHolding(monthParts, pageSize)) } })]
      : list('home', 'home', '', articles, null, {})),
    { kind: 'tags', file: 'tags/index.html', path: 'tags/', template: 'tags', title: t.allTags, description: null, vars: { tags: model.tags } },
    {
      kind: 'archive', file: 'archive/index.html', path: 'archive/', template: 'archive', title: t.archiveTitle, description: null,
      vars: { years: model.years, undated: undatedArticles.length, undatedPath: undatedPart?.path ?? null },
    },
    { kind: 'sites', file: 'sites/index.html', path: 'sites/', template: 'sites', title: t.allSites, description: null, vars: { sites: model.sites } },
    { kind: 'not-found', file: '404.html', path: '404.html', template: '404', title: t.notFound, description: null, outsideTree: true, vars: {} },
  ];
  // The previous build's plans of an unchanged article (watch): the same objects again, found by
  // walking last time's articles beside these (most are at the same place, or a few places off).
  const planned = memo?.articlesPlanned?.t === t ? memo.articlesPlanned : null;
  const views = planned?.views ?? [], records = planned?.records ?? [], plans = planned?.plans ?? [];
  const recordsNow: ArticleRecord[] = new Array(model.articles.length);
  for (let i = 0, j = 0; i < model.articles.length; i++) {
    const entry = model.articles[i]!;
    const article = entry.view;
    recordsNow[i] = entry.record;
    let at = -1;
    for (let k = j; k < j + 8 && k < views.length; k++) {
      if (views[k] !== article) continue;
      at = k;
      break;
    }
    if (at >= 0 && records[at] === entry.record) {
      pages.push(plans[2 * at]!, plans[2 * at + 1]!);
      j = at + 1;
      continue;
    }
    // Another article here: last time's is another one's place too (this one is new) or was changed.
    if (planned && views[j] !== model.articles[i + 1]?.view) j++;
    const known = memo?.articlePlans.get(article);
    if (known && known.t === t && known.record === entry.record) {
      pages.push(known.article, known.related);
      continue;
    }
    const file = `${article.path}index.html`;
    const before = previous?.(file);
    if (before?.article?.view === article && before.article.record === entry.record) pages.push(before);
    else {
      // Another view or record (views equal to the last build's are its objects): another page.
      pages.push(made({
        kind: 'article', file, path: article.path, template: 'article', title: article.title, description: article.summary, article: entry, vars: { article },
      }));
    }
    const relatedFile = `${article.relatedPath}index.html`;
    const title = `${t.relatedTo}${article.title}`;
    const keptRelated = previous?.(relatedFile);
    if (keptRelated?.vars['article'] === article && keptRelated.title === title) pages.push(keptRelated);
    else {
      pages.push(made({
        kind: 'related', file: relatedFile, path: article.relatedPath, template: 'related', title, description: article.summary,
        vars: { article, related: article.related, similar: article.similar },
      }));
    }
    memo?.articlePlans.set(article, { t, record: entry.record, article: pages.at(-2)!, related: pages.at(-1)! });
  }
  if (memo) {
    const first = pages.length - 2 * model.articles.length;
    memo.articlesPlanned = { t, views: articles, records: recordsNow, plans: pages.slice(first) };
  }
  /**
   * The pages of a list, as planned last time in the same setting for the same view object, or for
   * one its pages read the same as this one (see ListReading): the same but for its articles, and
   * those the same but for what their cards leave out (a new title in their "more like this").
   */
  const listOf = (view: ListView, within: readonly unknown[], make: () => PagePlan[]): PagePlan[] => {
    const known = memo?.listPlans.get(view.path);
    if (known && known.t === t && known.pageSize === pageSize && sameItems(known.within, within)) {
      if (known.view === view) return known.plans;
      if (reading.slimLists && reading.cards && sameList(known.view, view) && sameItems(known.view.articles, view.articles, sameCard)) {
        memo!.listPlans.set(view.path, { ...known, view });
        return known.plans;
      }
    }
    const plans = make();
    memo?.listPlans.set(view.path, { view, t, pageSize, within, plans });
    return plans;
  };
  /**
   * A tag's or site's pages: one list, or for a long list (SPLIT_LIST_PAGES) a first page with the
   * newest articles and the list's years, then a list for each year (for a long year, a page of its
   * months and a list for each month) and one for the undated articles. The parts' pages get the
   * tag or site as a link, not its count, so that they change only with their own articles.
   */
  const listOrParts = (kind: 'tag' | 'site', view: TagView | SiteView, key: 'tag' | 'outlet'): PagePlan[] => {
    const { path, name, articles: items } = view;
    if (items.length <= limit) return list(kind, kind, path, items, name, { [key]: view });
    const ref = { name, slug: view.slug, path };
    const last = memo?.splits.get(path);
    const split = (last && last.t === t && last.limit === limit && splitAgain(items, last)) || splitByDate(items, path, limit, monthNames, t.noDate);
    memo?.splits.set(path, { t, limit, items, parts: split });
    const leaves = split.flatMap((year) => year.months ?? [year]);
    const plans: PagePlan[] = [single({
      kind, path, template: kind, title: name,
      vars: { [key]: view, articles: items.slice(0, pageSize), pager: pagerOf(path, 1, 1, pageSize), parts: split.map(partOf), older: older(pageHolding(leaves, pageSize)) },
    })];
    const leafPages = (leaf: Part, i: number, up: ListLink | null) => {
      const newer = i === 0 ? { name, path } : linkOf(leaves[i - 1]!);
      const olderPart = leaves[i + 1];
      const part: ListPartView = { ...partOf(leaf), up, months: null };
      return list(kind, kind, leaf.path, leaf.items, `${name} · ${leaf.name}`, partData(leaf.path, { [key]: ref, part, newer, older: olderPart ? linkOf(olderPart) : null }));
    };
    for (const year of split) {
      if (year.months === null) {
        plans.push(...leafPages(year, leaves.indexOf(year), null));
        continue;
      }
      const part: ListPartView = { ...partOf(year), up: null, months: year.months.map(partOf) };
      plans.push(single({ kind, path: year.path, template: kind, title: `${name} · ${year.name}`, vars: { [key]: ref, part, articles: [], pager: pagerOf(year.path, 1, 1, 0) } }));
      for (const month of year.months) plans.push(...leafPages(month, leaves.indexOf(month), linkOf(year)));
    }
    return plans;
  };
  /** A part's data, or the equal object it had last time (watch). */
  const partData = (path: string, data: Record<string, unknown>): Record<string, unknown> => {
    const last = memo?.partData.get(path);
    if (last !== undefined && sameData(last, data)) return last;
    memo?.partData.set(path, data);
    return data;
  };
  const monthNames = new Map(months.map(({ month }) => [`${month.year}/${month.month}`, month.name]));
  for (const tag of model.tags) pages.push(...listOf(tag, [limit], () => listOrParts('tag', tag, 'tag')));
  months.forEach(({ year, month }, i) => {
    if (month === year.months[0]) {
      // A long year's page lists its months only (its months' pages list its articles).
      pages.push(...listOf(year, [limit], () => (year.count > limit
        ? [single({ kind: 'year', path: year.path, template: 'year', title: year.year, vars: { year, articles: [], pager: pagerOf(year.path, 1, 1, 0), byMonth: true } })]
        : list('year', 'year', year.path, year.articles, year.year, { year }))));
    }
    // A month's pages link the months before and after it, and its year by name: they change only with the month's articles.
    const newer = i > 0 ? linkOf(monthParts[i - 1]!) : null;
    const olderPart = monthParts[i + 1];
    const olderLink = olderPart ? linkOf(olderPart) : null;
    pages.push(...listOf(month, [newer?.path, olderLink?.path], () => list('month', 'month', month.path, month.articles, month.name, {
      year: { year: year.year, path: year.path }, month, newer, older: olderLink,
    })));
  });
  if (undatedPart) {
    const newer = monthParts.length > 1 ? linkOf(monthParts.at(-2)!) : { name: t.home, path: '' };
    pages.push(...list('undated', 'undated', undatedPart.path, undatedPart.items, t.noDate, { count: undatedPart.items.length, newer, older: null }));
  }
  for (const site of model.sites) pages.push(...listOf(site, [limit], () => listOrParts('site', site, 'outlet')));
  // Lists gone (a tag no article has any more) are forgotten once they are many.
  if (memo && memo.listPages.size + memo.partData.size + memo.splits.size + memo.listPlans.size > 2 * pages.length + 64) {
    const paths = new Set(pages.map((page) => page.path));
    for (const kept of [memo.listPages, memo.partData, memo.splits, memo.listPlans]) for (const path of kept.keys()) if (!paths.has(path)) kept.delete(path);
  }
  return pages;
}

/** Where a long archive lists its undated articles (SPLIT_LIST_PAGES). */
export const UNDATED_PATH = 'archive/undated/';

/** A part of a long list (see SPLIT_LIST_PAGES): a year, a month or the undated articles, newest first. */
interface Part {
  name: string;
  path: string;
  items: ArticleView[];
}

interface YearPart extends Part {
  /** A year too long for one part: its months, newest first; otherwise null. */
  months: Part[] | null;
}

function linkOf(part: Part): ListLink {
  return { name: part.name, path: part.path };
}

function partOf(part: Part): ListPart {
  return { name: part.name, path: part.path, count: part.items.length };
}

const yearMonths = new WeakMap<DateView, [string, string]>();

/** A date's `YYYY` and `MM`, made once per date object (views kept or copied share theirs). */
function yearMonth(date: DateView): [string, string] {
  let parts = yearMonths.get(date);
  if (parts === undefined) {
    parts = [date.day.slice(0, 4), date.day.slice(5, 7)];
    yearMonths.set(date, parts);
  }
  return parts;
}

/**
 * The parts of `last` with the articles of `items` in them, when `items` are its articles save a
 * few views made again for the same dates (an article whose headline, tags or neighbours changed):
 * each such view takes the old one's place in its parts. Null otherwise (splitByDate then).
 */
function splitAgain(items: readonly ArticleView[], last: LastSplit): YearPart[] | null {
  if (items === last.items) return last.parts;
  if (items.length !== last.items.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < items.length; i++) if (items[i] !== last.items[i] && changed.push(i) > SPLIT_AGAIN_MAX) return null;
  const parts = last.parts.slice();
  /** The parts copied here (once each), whose articles are then changed in place. */
  const copies = new Set<Part>();
  for (const i of changed) {
    const before = last.items[i]!, now = items[i]!;
    if (before.date?.day !== now.date?.day) return null;
    const y = parts.findIndex((part) => part.items.includes(before));
    if (y < 0) return null;
    let year = parts[y]!;
    if (!copies.has(year)) {
      year = { ...year, items: [...year.items], months: year.months && [...year.months] };
      parts[y] = year;
      copies.add(year);
    }
    year.items[year.items.indexOf(before)] = now;
    if (year.months === null) continue;
    const m = year.months.findIndex((part) => part.items.includes(before));
    if (m < 0) return null;
    let month = year.months[m]!;
    if (!copies.has(month)) {
      month = { ...month, items: [...month.items] };
      year.months[m] = month;
      copies.add(month);
    }
    month.items[month.items.indexOf(before)] = now;
  }
  return parts;
}

/** Views made again in a long list past which its parts are made anew. */
const SPLIT_AGAIN_MAX = 256;

/**
 * A long list's articles (newest first, undated last) by year, newest first, at `<list>/<yyyy>/`;
 * a year with more than `limit` articles by month too, at `<list>/<yyyy>/<mm>/`; the undated ones
 * last, at `<list>/undated/`. Years and months are by each article's day in its own time zone, as
 * in the date archive, whose month names `monthNames` holds (by `yyyy/mm`).
 */
function splitByDate(items: readonly ArticleView[], basePath: string, limit: number, monthNames: ReadonlyMap<string, string>, undatedName: string): YearPart[] {
  const years = new Map<string, ArticleView[]>();
  const undated: ArticleView[] = [];
  for (const item of items) {
    if (item.date === null) {
      undated.push(item);
      continue;
    }
    const year = yearMonth(item.date)[0];
    const held = years.get(year);
    if (held) held.push(item);
    else years.set(year, [item]);
  }
  const parts: YearPart[] = [...years.keys()].sort().reverse().map((year) => {
    const yearItems = years.get(year)!;
    const path = `${basePath}${year}/`;
    if (yearItems.length <= limit) return { name: year, path, items: yearItems, months: null };
    const months = new Map<string, ArticleView[]>();
    for (const item of yearItems) {
      const month = yearMonth(item.date!)[1];
      const held = months.get(month);
      if (held) held.push(item);
      else months.set(month, [item]);
    }
    const monthParts = [...months.keys()].sort().reverse().map((month) => ({
      name: monthNames.get(`${year}/${month}`) ?? `${year}-${month}`, path: `${path}${month}/`, items: months.get(month)!,
    }));
    return { name: year, path, items: yearItems, months: monthParts };
  });
  if (undated.length > 0) parts.push({ name: undatedName, path: `${basePath}undated/`, items: undated, months: null });
  return parts;
}
