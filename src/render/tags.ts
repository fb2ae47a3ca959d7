// Tags: records whose tags share a slug share one tag page. Fills each article's `tags` and
// returns the tag pages, most used first.

import { tagSlug } from '../normalize/slug.ts';
import type { ArticleRecord } from '../model/index.ts';
import type { ArticleEntry } from './collect.ts';
import { compareText, memoized, text } from './text.ts';
import { tagPath } from './links.ts';
import type { TagRef, TagView } from './views.ts';

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

  return [...views.values()].sort(
    (a, b) => b.count - a.count || compareText(a.name, b.name) || compareText(a.slug, b.slug),
  );
}

/** The spelling most articles use; ties go to the first in code-unit order. */
function preferredSpelling(spellings: Map<string, number>): string {
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

function tagRef(view: TagView): TagRef {
  return { name: view.name, slug: view.slug, path: view.path };
}
