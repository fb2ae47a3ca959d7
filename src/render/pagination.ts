// Long lists split into pages: page 1 at the list's own folder, page n at `<folder>page/<n>/`,
// so the first page keeps the address a reader (or a link elsewhere) already knows.

import { PAGER_WINDOW } from './constants.ts';
import type { PageLink, PagerView } from './views.ts';

/** The folder of page `number` of the list whose first page is at `basePath` ("" or ending in "/"). */
export function pagePath(basePath: string, number: number): string {
  return number === 1 ? basePath : `${basePath}page/${number}/`;
}

/** How many pages a list of `total` items takes; an empty list still has its first page. */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The pager of page `number` of `count` (a list of `total` items whose first page is at `basePath`). */
export function pagerOf(basePath: string, number: number, count: number, total: number): PagerView {
  return {
    number,
    count,
    total,
    prev: number > 1 ? pagePath(basePath, number - 1) : null,
    next: number < count ? pagePath(basePath, number + 1) : null,
    pages: pageLinks(basePath, number, count),
  };
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
