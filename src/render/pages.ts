// Which pages the site has, where each is written, and what its template receives.
// An article's body is added when its page is rendered, so bodies are never all in memory at once.

import type { ArticleEntry, SiteModel } from './collect.ts';
import { pageName, type Labels } from './labels.ts';
import { pageCount, pagePath, pagerOf } from './pagination.ts';
import type { ArticleView, PagerView } from './views.ts';

export type PageKind =
  | 'home' | 'article' | 'related' | 'tags' | 'tag' | 'archive' | 'year' | 'month' | 'sites' | 'site' | 'not-found';

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

/** What `page`'s template receives, given its article's body (article pages) or nothing. */
export function pageData(page: PagePlan, body: string | undefined): Record<string, unknown> {
  return page.kind === 'article' ? { ...page.vars, body } : page.vars;
}

/** Whether a list page's kept data holds the same values as `data` (its articles and pager aside). */
function sameValues(kept: Record<string, unknown>, data: Record<string, unknown>): boolean {
  const keys = Object.keys(data);
  return Object.keys(kept).length === keys.length + 2 && keys.every((key) => kept[key] === data[key]);
}

/** Whether a list page's kept data shows `items[from..to)`, the same objects one by one. */
function sameArticles(kept: Record<string, unknown>, items: readonly ArticleView[], from: number, to: number): boolean {
  const keptArticles = kept['articles'] as ArticleView[];
  if (keptArticles.length !== to - from) return false;
  for (let i = from; i < to; i++) if (keptArticles[i - from] !== items[i]) return false;
  return true;
}

/** What the previous build planned (watch), for planPages to give its objects again where nothing changed. */
export interface PlanMemo {
  /** The previous build's plan of a file: reused for an article whose view and record are the same. */
  plan(file: string): PagePlan | undefined;
  /** `plan`, or the previous build's plan of its file when that gives the same page (see RenderMemo.keepPlans). */
  keptPlan(plan: PagePlan, slimLists: boolean): PagePlan;
  /** `plan`, which is known to differ from the previous build's plan of its file. */
  newPlan(plan: PagePlan): PagePlan;
  /**
   * A tag's, year's, month's or site's pages by its view object (views kept from build to build are
   * never changed), with the labels, page size and enclosing year they were made with.
   */
  listPlans: WeakMap<object, { t: Labels; pageSize: number; within: unknown; plans: PagePlan[] }>;
  /** An article's page and related page by its view object (kept views are never changed), with the labels they were made with. */
  articlePlans: WeakMap<ArticleView, { t: Labels; record: unknown; article: PagePlan; related: PagePlan }>;
  /** Each list's pages as last planned, by the list's folder, with the labels and title they were made with. */
  listPages: Map<string, { t: Labels; title: string | null; plans: PagePlan[] }>;
}

export function planPages(model: SiteModel, t: Labels, pageSize: number, memo?: PlanMemo, slimLists = false): PagePlan[] {
  const articles = model.articles.map((entry) => entry.view);
  const previous = memo && ((file: string) => memo.plan(file));
  /** A plan made here, or the previous build's equal one: list and article memos then hold the plans kept. */
  const kept = (plan: PagePlan) => (memo ? memo.keptPlan(plan, slimLists) : plan);
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
      const sameItems = before !== undefined && sameArticles(before.vars, items, from, to);
      if (samePager && sameItems && sameTitles && before.kind === kind && before.template === template && sameValues(before.vars, data)) {
        plans.push(before);
        continue;
      }
      const path = pagePath(basePath, number);
      const pageTitle = number === 1 ? title : [title, pageName(t, number)].filter(Boolean).join(' · ');
      const pager = samePager ? keptPager : pagerOf(basePath, number, count, items.length);
      const plan: PagePlan = { kind, template, path, file: `${path}index.html`, title: pageTitle, description: null, vars: { ...data, articles: items.slice(from, to), pager } };
      // Other articles (views equal to the last build's are its objects) make another page; new
      // list objects (a tag view made again) may still give the same one, which keptPlan tells.
      plans.push(sameItems ? kept(plan) : made(plan));
    }
    memo?.listPages.set(basePath, { t, title, plans });
    return plans;
  };

  const pages: PagePlan[] = [
    ...list('home', 'home', '', articles, null, {}),
    { kind: 'tags', file: 'tags/index.html', path: 'tags/', template: 'tags', title: t.allTags, description: null, vars: { tags: model.tags } },
    {
      kind: 'archive', file: 'archive/index.html', path: 'archive/', template: 'archive', title: t.archiveTitle, description: null,
      vars: { years: model.years, undated: model.articles.filter((entry) => entry.time === null).length },
    },
    { kind: 'sites', file: 'sites/index.html', path: 'sites/', template: 'sites', title: t.allSites, description: null, vars: { sites: model.sites } },
    { kind: 'not-found', file: '404.html', path: '404.html', template: '404', title: t.notFound, description: null, outsideTree: true, vars: {} },
  ];
  for (const entry of model.articles) {
    const article = entry.view;
    // The previous build's plans of an unchanged article (watch): the same objects again.
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
  /** The pages of a list, as planned last time for the same view object in the same setting. */
  const listOf = (view: object, within: unknown, make: () => PagePlan[]): PagePlan[] => {
    const known = memo?.listPlans.get(view);
    if (known && known.t === t && known.pageSize === pageSize && known.within === within) return known.plans;
    const plans = make();
    memo?.listPlans.set(view, { t, pageSize, within, plans });
    return plans;
  };
  for (const tag of model.tags) pages.push(...listOf(tag, null, () => list('tag', 'tag', tag.path, tag.articles, tag.name, { tag })));
  for (const year of model.years) {
    pages.push(...listOf(year, null, () => list('year', 'year', year.path, year.articles, year.year, { year })));
    for (const month of year.months) pages.push(...listOf(month, year, () => list('month', 'month', month.path, month.articles, month.name, { year, month })));
  }
  for (const site of model.sites) pages.push(...listOf(site, null, () => list('site', 'site', site.path, site.articles, site.name, { outlet: site })));
  // Lists gone (a tag no article has any more) are forgotten once they are many.
  const lists = 1 + model.tags.length + model.years.reduce((sum, year) => sum + 1 + year.months.length, 0) + model.sites.length;
  if (memo && memo.listPages.size > 2 * lists + 64) {
    const paths = new Set(['', ...model.tags.map((tag) => tag.path), ...model.years.flatMap((year) => [year.path, ...year.months.map((month) => month.path)]), ...model.sites.map((site) => site.path)]);
    for (const path of memo.listPages.keys()) if (!paths.has(path)) memo.listPages.delete(path);
  }
  return pages;
}
