// Page data sent to a render worker by reference. Tag, site, year and month pages hold whole lists
// of articles; copying them to a worker for every page cost more than rendering (10 s for 1000
// pages). Each worker gets the site's views once; a page's data then names the views it shares
// with the model by number, and only what was made for the page itself is copied.

import type { SiteModel } from './collect.ts';
import type { ArticleView, SiteView, TagView, YearView } from './views.ts';

/** The parts of the site model page data points into; records (bodies) stay on the main thread. */
export interface SharedViews {
  articles: ArticleView[];
  tags: TagView[];
  sites: SiteView[];
  years: YearView[];
}

export function sharedViews(model: SiteModel): SharedViews {
  return { articles: model.articles.map((entry) => entry.view), tags: model.tags, sites: model.sites, years: model.years };
}

/**
 * Every object a page may share with the model, in a fixed order. A structured clone keeps the
 * order of arrays, so the main thread and each worker number the same objects the same way.
 */
export function sharedObjects(shared: SharedViews): object[] {
  return [
    shared.tags, shared.sites, shared.years,
    ...shared.articles, ...shared.tags, ...shared.sites, ...shared.years,
    ...shared.years.flatMap((year) => year.months),
  ];
}

/** A value made ready to send: shared objects as numbers, everything else spelled out. */
export type Encoded =
  | string | number | boolean | null | undefined
  | { ref: number }
  | { list: Encoded[] }
  | { fields: [string, Encoded][] }
  /** Anything but a plain object or array (none in folio's page data), copied as it is. */
  | { raw: unknown };

export function encode(value: unknown, ids: ReadonlyMap<object, number>): Encoded {
  if (value === null || typeof value !== 'object') return value as Encoded;
  const id = ids.get(value);
  if (id !== undefined) return { ref: id };
  if (Array.isArray(value)) return { list: value.map((item) => encode(item, ids)) };
  if (Object.getPrototypeOf(value) !== Object.prototype) return { raw: value };
  return { fields: Object.entries(value).map(([key, item]) => [key, encode(item, ids)]) };
}

export function decode(value: Encoded, objects: readonly object[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('ref' in value) return objects[value.ref];
  if ('list' in value) return value.list.map((item) => decode(item, objects));
  if ('raw' in value) return value.raw;
  return Object.fromEntries(value.fields.map(([key, item]) => [key, decode(item, objects)]));
}
