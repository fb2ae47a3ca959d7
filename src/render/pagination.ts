// Long lists split into pages: page 1 at the list's own folder, page n at `<folder>page/<n>/`,
// so the first page keeps the address a reader (or a link elsewhere) already knows.

import { PAGER_WINDOW } from './constants.ts';
import type { PageLink, PagerView } from './views.ts';

export interface ListPage<T> {
  items: T[];
  pager: PagerView;
  /** The page's folder, relative to the site root ("" for the site root itself). */
  path: string;
}

/** The folder of page `number` of the list whose first page is at `basePath` ("" or ending in "/"). */
export function pagePath(basePath: string, number: number): string {
  return number === 1 ? basePath : `${basePath}page/${number}/`;
}

/** Split `items` into pages of `size`; an empty list still has its first page. */
export function paginate<T>(items: readonly T[], size: number, basePath: string): ListPage<T>[] {
  const count = Math.max(1, Math.ceil(items.length / size));
  const pages: ListPage<T>[] = [];
  for (let number = 1; number <= count; number++) {
    pages.push({
      items: items.slice((number - 1) * size, number * size),
      path: pagePath(basePath, number),
      pager: {
        number,
        count,
        total: items.length,
        prev: number > 1 ? pagePath(basePath, number - 1) : null,
        next: number < count ? pagePath(basePath, number + 1) : null,
        pages: pageLinks(basePath, number, count),
      },
    });
  }
  return pages;
}

/** First, last, and the pages near the current one; a run left out becomes one gap. */
function pageLinks(basePath: string, current: number, count: number): PageLink[] {
  const links: PageLink[] = [];
  const link = (number: number) => links.push({ number, path: pagePath(basePath, number), current: number === current, gap: false });
  const from = Math.max(1, current - PAGER_WINDOW);
  const to = Math.min(count, current + PAGER_WINDOW);
  // Only the numbers shown are visited: a list of n pages costs O(n) links, not O(n²).
  if (from > 1) link(1);
  if (from > 2) links.push({ number: 2, path: '', current: false, gap: true });
  for (let number = from; number <= to; number++) link(number);
  if (to < count - 1) links.push({ number: to + 1, path: '', current: false, gap: true });
  if (to < count) link(count);
  return links;
}
