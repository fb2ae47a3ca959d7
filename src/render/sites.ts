// Source sites: one page per site the archive's pages were saved from. An article is listed under
// its own site and under the site of every other saved copy (a re-post merged into it).

import { tagSlug } from '../normalize/slug.ts';
import type { ArticleEntry } from './collect.ts';
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

/**
 * `articles` must already be in page order (newest first); site pages keep it. Fills each article's
 * `siteRef`; with `kept` (the previous call's refs, by slug), one equal to the previous call's is its object.
 */
export function collectSites(articles: readonly ArticleEntry[], kept?: Map<string, SiteRef>): SiteView[] {
  const groups = new Map<string, SiteGroup>();
  for (const entry of articles) {
    const names = [entry.record.site, ...entry.record.sources.map((copy) => copy.site)].map(text).filter((name) => name !== null);
    const seen = new Set<string>();
    for (const name of names) {
      const slug = slugOf(name);
      if (!slug || seen.has(slug)) continue;
      seen.add(slug);
      const group: SiteGroup = groups.get(slug) ?? { spellings: new Map(), articles: [] };
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      group.articles.push(entry);
      groups.set(slug, group);
    }
  }
  const views = new Map<string, SiteView>();
  for (const [slug, group] of groups) {
    const name = [...group.spellings].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
    views.set(slug, { name, slug, path: sitePath(slug), count: group.articles.length, articles: group.articles.map((entry) => entry.view) });
  }
  const refs = new Map<string, SiteRef>();
  for (const [slug, site] of views) {
    const previous = kept?.get(slug);
    refs.set(slug, previous?.name === site.name ? previous : { name: site.name, slug: site.slug, path: site.path });
  }
  kept?.clear();
  for (const [slug, ref] of refs) kept?.set(slug, ref);
  for (const entry of articles) {
    entry.view.siteRef = (entry.view.site === null ? undefined : refs.get(slugOf(entry.view.site))) ?? null;
  }
  return [...views.values()].sort((a, b) => b.count - a.count || compareText(a.name, b.name) || compareText(a.slug, b.slug));
}
