// Atom (feed.xml) and JSON Feed (feed.json) of the newest articles, through the `feed` package.
// Both need absolute addresses, so they exist only when a base URL is configured.

import type { Feed, Item } from 'feed';
import { FEED_SIZE } from './constants.ts';
import type { SiteModel } from './collect.ts';
import { absoluteUrl } from './links.ts';

export const ATOM_FILE = 'feed.xml';
export const JSON_FEED_FILE = 'feed.json';

export interface FeedSite {
  title: string;
  description: string;
  lang: string;
  baseUrl: string;
}

/**
 * The two feeds' text. Only dated articles are in them: a feed entry must say when it was published.
 * The library is loaded here: only a site with a base URL has feeds, so only its builds pay for loading it.
 */
export async function renderFeeds(model: SiteModel, site: FeedSite): Promise<{ atom: string; json: string }> {
  const { Feed } = await import('feed');
  const entries = model.articles.filter((entry) => entry.time !== null).slice(0, FEED_SIZE);
  // The newest article's time, not the build's: two builds of the same records give the same bytes.
  const updated = new Date(entries[0]?.time ?? 0);
  // For Atom, entry titles are type="html" (the library's choice), so they are escaped here, and
  // category attributes are made safe (see attributeSafe); JSON Feed takes plain text. Summaries are plain
  // text in both, given as HTML.
  const feed = (atom: boolean): Feed => {
    const result = new Feed({
      id: site.baseUrl,
      title: site.title,
      description: site.description,
      link: site.baseUrl,
      language: site.lang,
      updated,
      generator: 'folio',
      feedLinks: { atom: absoluteUrl(site.baseUrl, ATOM_FILE), json: absoluteUrl(site.baseUrl, JSON_FEED_FILE) },
    });
    for (const { view, time } of entries) {
      const link = absoluteUrl(site.baseUrl, view.path);
      const item: Item = {
        id: link,
        link,
        title: atom ? escapeHtml(view.title) : view.title,
        date: new Date(time!),
        published: new Date(time!),
        category: view.tags.map((tag) => (atom ? attributeSafe(tag.name) : tag.name)).filter(Boolean).map((name) => ({ name, term: name })),
      };
      // The library reads author[0] when the list is there at all, so an empty list must be left out.
      if (view.authors.length) item.author = view.authors.map((name) => ({ name }));
      if (view.summary) item.description = escapeHtml(view.summary);
      result.addItem(item);
    }
    return result;
  };
  return { atom: feed(true).atom1(), json: feed(false).json1() };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A tag fit for an Atom category attribute. The library escapes `&` there but not `<`, `>` or `"`
 * (so escaping them first would double the `&`): those characters are dropped instead.
 */
function attributeSafe(value: string): string {
  return value.replace(/[<>"]/g, '').replace(/\s+/g, ' ').trim();
}
