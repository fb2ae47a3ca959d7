// Source sites: one page per site the archive's pages were saved from. An article is listed under
// its own site and under the site of every other saved copy (a re-post merged into it).

import { tagSlug } from '../normalize/slug.ts';
import type { ArticleRecord } from '../model/index.ts';
import type { ArticleEntry } from './collect.ts';
import { preferredSpelling } from './tags.ts';
import { sitePath } from './links.ts';
import { compareText, memoized, text } from './text.ts';
import type { SiteRef, SiteView } from './views.ts';

interface SiteGroup {
  /** Each spelling of the site's name and how many articles use it. */
  spellings: Map<string, number>;
  articles: ArticleEntry[];
}

/** Slugs by site name, for the process (a slug costs a pinyin lookup). */
const slugOf = memoized(tagSlug);

/** What collectSites keeps for its next call (folio watch): its refs by slug, and each record's sites. */
export interface KeptSites {
  refs: Map<string, SiteRef>;
  names: WeakMap<ArticleRecord, NamedSite[]>;
}

interface NamedSite {
  name: string;
  slug: string;
}

/** The sites of a record's pages (its own, then its other copies'), each slug once. */
function recordSites(record: ArticleRecord): NamedSite[] {
  const sites: NamedSite[] = [];
  for (const name of [record.site, ...record.sources.map((copy) => copy.site)].map(text)) {
    const slug = name === null ? '' : slugOf(name);
    if (name !== null && slug && !sites.some((site) => site.slug === slug)) sites.push({ name, slug });
  }
  return sites;
}

/** recordSites, made once per record object with `kept`: the site lists a record is on, under the names it gives them. */
export function sitesOf(record: ArticleRecord, kept?: KeptSites): NamedSite[] {
  let named = kept?.names.get(record);
  if (named === undefined) {
    named = recordSites(record);
    kept?.names.set(record, named);
  }
  return named;
}

/**
 * `articles` must already be in page order (newest first); site pages keep it. Fills each article's
 * `siteRef`; with `kept`, a ref equal to the previous call's is its object.
 */
export function collectSites(articles: readonly ArticleEntry[], kept?: KeptSites): SiteView[] {
  const groups = new Map<string, SiteGroup>();
  for (const entry of articles) {
    for (const { name, slug } of sitesOf(entry.record, kept)) {
      const group: SiteGroup = groups.get(slug) ?? { spellings: new Map(), articles: [] };
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      group.articles.push(entry);
      groups.set(slug, group);
    }
  }
  const views = new Map<string, SiteView>();
  for (const [slug, group] of groups) {
    const name = preferredSpelling(group.spellings);
    views.set(slug, { name, slug, path: sitePath(slug), count: group.articles.length, articles: group.articles.map((entry) => entry.view) });
  }
  const refs = new Map<string, SiteRef>();
  for (const [slug, site] of views) {
    const previous = kept?.refs.get(slug);
    refs.set(slug, previous?.name === site.name ? previous : { name: site.name, slug: site.slug, path: site.path });
  }
  if (kept) kept.refs = refs;
  for (const entry of articles) {
    entry.view.siteRef = siteRefOf(entry.view.site, refs);
  }
  return [...views.values()].sort(siteOrder);
}

/** Most articles first, then by name. */
export function siteOrder(a: SiteView, b: SiteView): number {
  return b.count - a.count || compareText(a.name, b.name) || compareText(a.slug, b.slug);
}

/** The site a view names, as a ref, when the archive has it. */
export function siteRefOf(site: string | null, refs: ReadonlyMap<string, SiteRef>): SiteRef | null {
  return (site === null ? undefined : refs.get(slugOf(site))) ?? null;
}
