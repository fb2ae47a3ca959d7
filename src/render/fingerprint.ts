// Page fingerprints: a hash of everything a page's template receives (template set, globals, page
// data) plus the renderer's code version. Two builds that give a page the same fingerprint write
// the same bytes, so the second one skips rendering it. Article views are hashed once and stand in
// for themselves wherever a page lists them (home, tag, archive pages list the same views). When
// the templates cannot read them (templateSet), a list's whole `articles` and, on list pages, an
// article's own lists and neighbours are left out, so a page depends on what it can show.

import { createHash, hash as oneShotHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './output.ts';
import type { PageKind } from './pages.ts';
import type { ArticleView } from './views.ts';

export class PageFingerprints {
  private readonly replacer = (key: string, value: unknown): unknown =>
    key !== '' && typeof value === 'object' && value !== null ? (this.hashed.get(value) ?? value) : value;

  /**
   * `base`: the renderer's code version and the template set's hash, shared by every page.
   * `shared`: objects many pages get (tags, years, sites, labels, the site's config), hashed once
   * and standing for themselves too; an object holding another comes after it in the list.
   * `memo` (folio watch): hashes and page fingerprints of the previous builds, for objects the model
   * kept (objects it shares between builds are never changed, so their hash holds).
   */
  constructor(
    private readonly base: string, views: readonly ArticleView[], shared: readonly object[] = [], memo?: FingerprintMemo,
    /** Shared objects hashed without their `articles` (tag, site, year and month lists, when no template can read them: see templateSet). */
    slim?: ReadonlySet<object>,
  ) {
    this.hashed = (slim ? memo?.slimHashed : memo?.hashed) ?? new WeakMap();
    this.cards = memo?.cardHashed ?? new WeakMap();
    // The objects the last build gave, in order, with the same map: one at the same place is hashed already (watch).
    const last = memo?.looked?.map === this.hashed ? memo.looked.objects : null;
    const objects: object[] = [...views, ...shared];
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i]!;
      if (last?.[i] === object || this.hashed.has(object)) continue;
      if (i < views.length) {
        // A view holds references to other articles, never views: it is hashed as it is, without the replacer's cost.
        const view = object as ArticleView;
        const key = `view:${hash(JSON.stringify(view))}`;
        this.hashed.set(view, key);
        // Parts of the view pages get on their own (a related page's lists): the view's hash covers them.
        for (const part of ['related', 'relatedPreview', 'similar', 'similarPreview'] as const) this.hashed.set(view[part], `${key}.${part}`);
      } else {
        const hashedAs = slim?.has(object) ? { ...object, articles: undefined } : object;
        this.hashed.set(object, `shared:${hash(JSON.stringify(hashedAs, this.replacer))}`);
      }
    }
    if (memo) memo.looked = { map: this.hashed, objects };
  }

  private readonly hashed: WeakMap<object, string>;
  private readonly cards: WeakMap<object, string>;

  /** The replacer, with each article view standing for its card (the view without CARD_LEFT_OUT). */
  private readonly cardReplacer = (key: string, value: unknown): unknown => {
    if (key === '' || typeof value !== 'object' || value === null) return value;
    const hashed = this.hashed.get(value);
    // A view's key is `view:<hash>`; its parts' keys go on with `.<part>`.
    if (hashed === undefined || !hashed.startsWith('view:') || hashed.includes('.')) return hashed ?? value;
    let card = this.cards.get(value);
    if (card === undefined) {
      const shown: Record<string, unknown> = { ...value };
      for (const left of CARD_LEFT_OUT) shown[left] = undefined;
      card = `card:${hash(JSON.stringify(shown))}`;
      this.cards.set(value, card);
    }
    return card;
  };

  /** `cards`: the page is a list of articles whose templates read no more of each than its card (see templateSet). */
  page(file: string, template: string, data: unknown, globals: unknown, cards = false): string {
    const replacer = cards ? this.cardReplacer : this.replacer;
    return hash(`${this.base}\u0000${file}\u0000${template}\u0000${JSON.stringify(globals, replacer)}\u0000${JSON.stringify(data, replacer)}`);
  }

  /** The base and the hashes of `objects` (shared ones, hashed by the constructor), as one key. */
  key(objects: readonly object[]): string {
    return [this.base, ...objects.map((object) => this.hashed.get(object) ?? hash(JSON.stringify(object, this.replacer)))].join('\u0000');
  }
}

/** What fingerprints keep between builds in one process (RenderMemo): hashes of objects, as hashed whole and with lists slim. */
export interface FingerprintMemo {
  hashed: WeakMap<object, string>;
  slimHashed: WeakMap<object, string>;
  /** Views' card hashes. */
  cardHashed: WeakMap<object, string>;
  /** The views and shared objects the last PageFingerprints was given, and the map it hashed them into. */
  looked: { map: WeakMap<object, string>; objects: readonly object[] } | null;
}

/**
 * The templates a page can include, first folder first (a file there hides the same name later),
 * as a hash; whether one of them might read a tag's, site's, year's or month's whole list of
 * articles; and whether one that a list page uses might read an article's own lists (related,
 * "more like this") or neighbours. When none can, a list page depends on the list's name and count
 * and on what its articles' cards show, and a change to one article renders again only the pages
 * that show what changed.
 */
export async function templateSet(dirs: readonly string[]): Promise<{ hash: string; listArticles: boolean; viewLists: boolean }> {
  const digest = createHash('sha256');
  let listArticles = false;
  let viewLists = false;
  for (const [index, dir] of dirs.entries()) {
    for (const file of await listFiles(dir)) {
      if (file.startsWith('assets/')) continue;
      const bytes = await readFile(join(dir, file));
      digest.update(`${index}\u0000${file}\u0000`).update(bytes).update('\u0000');
      const text = bytes.toString('utf8');
      listArticles ||= mightReadListArticles(text);
      // The article and related pages read their article's lists; they are no list page's.
      if (!ARTICLE_TEMPLATES.has(file)) viewLists ||= mightReadViewLists(text);
    }
  }
  return { hash: digest.digest('hex'), listArticles, viewLists };
}

const ARTICLE_TEMPLATES = new Set(['article.liquid', 'related.liquid']);

/** Pages that list articles as cards (their `articles`). */
export const LIST_KINDS: ReadonlySet<PageKind> = new Set(['home', 'tag', 'year', 'month', 'undated', 'site']);

/** What an article's card on a list page leaves out of its fingerprint, when no list template reads it. */
export const CARD_LEFT_OUT = ['related', 'relatedPreview', 'similar', 'similarPreview', 'previous', 'next'] as const;

/** Loops over these (the data's arrays) give items whose lists are reached only by name. */
const KNOWN_ARRAYS = /^(articles|tags|years|sites|parts|similar|related|pager\.pages|page\.meta|[\w.]+\.(copies|similarPreview|relatedPreview|months|tags|authors|similar|related))$/;

/**
 * Whether a template's Liquid markup might reach a list's `articles`: by name (`x.articles`, a
 * quoted "articles"; `t.articles` is the interface word unless `t` is bound to something else),
 * by a computed key (`x[key]`), through a filter that prints a whole object (`json`, `inspect`), or
 * by looping over something other than the data's known arrays (a loop over an object walks its
 * keys). Conservative: a false "yes" only costs rendering more pages.
 */
export function mightReadListArticles(template: string): boolean {
  return mightReach(markupOf(template), ['articles']);
}

/**
 * Whether a template might reach an article's related or "more like this" lists or its
 * neighbours (CARD_LEFT_OUT), the same way; `pager.next` and interface words such as `t.related`
 * do not count. Rendering the article or related page's template counts.
 */
export function mightReadViewLists(template: string): boolean {
  const markup = markupOf(template);
  return mightReach(markup, CARD_LEFT_OUT) || /\b(render|include|layout)\s+['"](article|related)(\.liquid)?['"]/.test(markup);
}

function markupOf(template: string): string {
  return (template.match(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g) ?? []).join('\n');
}

function mightReach(markup: string, fields: readonly string[]): boolean {
  const names = fields.join('|');
  // `t` (interface words) and `pager` are the data's own unless a template binds the name to something else.
  const bound = (name: string) => new RegExp(`\\b(for|tablerow)\\s+${name}\\s+in\\b|\\b(assign|capture|increment|decrement)\\s+${name}\\b|[,\\s]${name}\\s*:(?!\\s*${name}\\b)`).test(markup);
  let named = markup;
  for (const own of ['t', 'pager']) if (!bound(own)) named = named.replace(new RegExp(`(^|[^\\w.])${own}\\s*\\.\\s*(${names})\\b`, 'g'), '$1');
  if (new RegExp(`\\.\\s*(${names})\\b|['"](${names})['"]`).test(named)) return true;
  if (/\[\s*[^\]\s\d'"-]/.test(markup)) return true;
  if (/\|\s*(json|jsonify|inspect)\b/.test(markup)) return true;
  for (const [, collection] of markup.matchAll(/\b(?:for|tablerow)\s+\w+\s+in\s+\(?\s*([^\s%)]+)/g)) {
    if (!KNOWN_ARRAYS.test(collection!)) return true;
  }
  return false;
}

/** A page's or view's fingerprint: sha1, one call each (a rebuild hashes every view and page of the site). */
export function hash(text: string): string {
  return oneShotHash('sha1', text, 'hex');
}
