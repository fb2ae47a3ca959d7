// Tags: records whose tags share a slug share one tag page. Fills each article's `tags` and
// returns the tag pages, most used first.

import { tagSlug } from '../normalize/slug.ts';
import type { ArticleRecord } from '../model/index.ts';
import type { ArticleEntry } from './collect.ts';
import { compareText, memoized, text } from './text.ts';
import { tagPath } from './links.ts';
import type { ArticleView, TagRef, TagView } from './views.ts';

interface TagGroup {
  slug: string;
  /** Each spelling of the tag and how many articles use it. */
  spellings: Map<string, number>;
  articles: ArticleEntry[];
}

/** What collectTags keeps for its next call (folio watch): the refs it made, and each record's list of them. */
export interface KeptTags {
  refs: Map<string, TagRef>;
  lists: WeakMap<ArticleRecord, TagRef[]>;
  /** Each record's tags as recordTags gives them. */
  names: WeakMap<ArticleRecord, NamedTag[]>;
}

interface NamedTag {
  name: string;
  slug: string;
}

/** Slugs by tag name, for the process: an archive has a few thousand names, and a slug costs a pinyin lookup. */
const slugOf = memoized(tagSlug);

/** A record's tags with their slugs, the first spelling of each slug only. */
/** recordTags, made once per record object with `kept`. */
export function tagsOf(record: ArticleRecord, kept: KeptTags): NamedTag[] {
  let named = kept.names.get(record);
  if (named === undefined) kept.names.set(record, (named = recordTags(record)));
  return named;
}

function recordTags(record: ArticleRecord): NamedTag[] {
  const tags: NamedTag[] = [];
  for (const raw of record.tags) {
    const name = text(raw);
    if (name === null) continue;
    const slug = slugOf(name);
    if (!tags.some((tag) => tag.slug === slug)) tags.push({ name, slug });
  }
  return tags;
}

/**
 * `articles` must already be in page order (newest first); tag pages keep it. With `kept`, refs
 * and lists equal to the previous call's are its objects.
 */
export function collectTags(articles: readonly ArticleEntry[], kept?: KeptTags): TagView[] {
  const groups = new Map<string, TagGroup>();
  const namesOf = (entry: ArticleEntry): NamedTag[] => {
    let named = kept?.names.get(entry.record);
    if (named === undefined) {
      named = recordTags(entry.record);
      kept?.names.set(entry.record, named);
    }
    return named;
  };

  for (const entry of articles) {
    for (const { name, slug } of namesOf(entry)) {
      let group = groups.get(slug);
      if (group === undefined) groups.set(slug, (group = { slug, spellings: new Map(), articles: [] }));
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      group.articles.push(entry);
    }
  }

  const views = new Map<string, TagView>();
  for (const group of groups.values()) {
    views.set(group.slug, {
      name: preferredSpelling(group.spellings),
      slug: group.slug,
      path: tagPath(group.slug),
      count: group.articles.length,
      articles: group.articles.map((entry) => entry.view),
    });
  }

  const refs = new Map<string, TagRef>();
  for (const [slug, view] of views) {
    const previous = kept?.refs.get(slug);
    refs.set(slug, previous?.name === view.name ? previous : tagRef(view));
  }
  for (const entry of articles) {
    const named = namesOf(entry);
    const previous = kept?.lists.get(entry.record);
    if (previous?.length === named.length && named.every((tag, i) => refs.get(tag.slug) === previous[i])) entry.view.tags = previous;
    else {
      entry.view.tags = named.map((tag) => refs.get(tag.slug)!);
      kept?.lists.set(entry.record, entry.view.tags);
    }
  }
  if (kept) kept.refs = refs;

  return [...views.values()].sort(tagOrder);
}

/** Most used first, then by name. */
export function tagOrder(a: TagView, b: TagView): number {
  return b.count - a.count || compareText(a.name, b.name) || compareText(a.slug, b.slug);
}

/**
 * The tags again after some articles' tags changed, every article keeping its place (collect.ts'
 * quick path): `entries` are the articles in page order (`before` as the tags were made from),
 * `retagged` the positions whose records have new tags, `viewAt` the view a list holds for a
 * position. Only the tags those articles had or have are made again. Each retagged article's new
 * list of refs comes back by position; null when a tag's shown name would change (every article
 * with it would show the new one: collectTags then).
 */
export function retagTags(
  tags: readonly TagView[], entries: readonly ArticleEntry[], before: readonly ArticleEntry[], retagged: readonly number[],
  viewAt: (at: number) => ArticleView, position: ReadonlyMap<string, number>, kept: KeptTags,
): { tags: TagView[]; lists: Map<number, TagRef[]>; made: TagView[] } | null {
  const namesOf = (record: ArticleRecord): NamedTag[] => {
    let named = kept.names.get(record);
    if (named === undefined) kept.names.set(record, (named = recordTags(record)));
    return named;
  };
  /** Each touched tag's members, by position. */
  const members = new Map<string, Set<number>>();
  const bySlug = new Map(tags.map((tag) => [tag.slug, tag]));
  const membersOf = (slug: string): Set<number> => {
    let set = members.get(slug);
    if (set === undefined) members.set(slug, (set = new Set((bySlug.get(slug)?.articles ?? []).map((view) => position.get(view.slug)!))));
    return set;
  };
  for (const at of retagged) {
    for (const { slug } of namesOf(before[at]!.record)) membersOf(slug).delete(at);
  }
  for (const at of retagged) {
    for (const { slug } of namesOf(entries[at]!.record)) membersOf(slug).add(at);
  }
  const made = new Map<string, TagView | null>();
  for (const [slug, set] of members) {
    if (!set.size) {
      made.set(slug, null);
      continue;
    }
    const order = [...set].sort((a, b) => a - b);
    const spellings = new Map<string, number>();
    for (const at of order) {
      const name = namesOf(entries[at]!.record).find((tag) => tag.slug === slug)!.name;
      spellings.set(name, (spellings.get(name) ?? 0) + 1);
    }
    const name = preferredSpelling(spellings);
    const previous = kept.refs.get(slug);
    if (previous && previous.name !== name) return null;
    made.set(slug, { name, slug, path: tagPath(slug), count: order.length, articles: order.map(viewAt) });
  }
  for (const [slug, view] of made) {
    if (view === null) kept.refs.delete(slug);
    else if (!kept.refs.has(slug)) kept.refs.set(slug, tagRef(view));
  }
  const lists = new Map<number, TagRef[]>();
  for (const at of retagged) {
    const { record } = entries[at]!;
    const refs = namesOf(record).map((tag) => kept.refs.get(tag.slug)!);
    kept.lists.set(record, refs);
    lists.set(at, refs);
  }
  const next = tags.flatMap((tag) => {
    const view = made.get(tag.slug);
    return view === undefined ? [tag] : view === null ? [] : [view];
  });
  for (const [slug, view] of made) if (view && !bySlug.has(slug)) next.push(view);
  return { tags: next.sort(tagOrder), lists, made: [...made.values()].filter((view): view is TagView => view !== null) };
}

/** The spelling most articles use; ties go to the first in code-unit order. */
export function preferredSpelling(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && compareText(name, best) < 0)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

export function tagRef(view: TagView): TagRef {
  return { name: view.name, slug: view.slug, path: view.path };
}
