// Tags cleaned for the whole archive: NFKC (full-width to half-width), trimmed, one spelling per
// tag. Tags match case-insensitively and through the config's synonyms; each keeps a display form.

import type { ArticleRecord } from '../model/index.ts';
import { memoizedUpTo } from '../cache/memo.ts';

/** Canonical display form -> the other spellings that mean it, as in folio.config.json `tagSynonyms`. */
export type TagSynonyms = Record<string, string[]>;

/** Longer "tags" are sentences that a page put in its keywords, not tags. */
export const MAX_TAG_LENGTH = 40;

/** A tag as shown: NFKC, no leading '#', no surrounding brackets or spaces, inner spaces single. */
export function cleanTag(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/^[\s#＃"'“”‘’«»<>()[\]{}【】《》「」『』、,;:.]+|[\s"'“”‘’«»<>()[\]{}【】《》「」『』、,;:.]+$/gu, '');
}

/** What two spellings of one tag share. */
export function tagKey(tag: string): string {
  return cleanTag(tag).toLowerCase();
}

/**
 * Rewrites every record's tags: cleaned, de-duplicated, and spelled the same way across the
 * archive (the synonym's canonical form, else the most used spelling, ties to the first in code order).
 */
export function unifyTags(records: ArticleRecord[], synonyms: TagSynonyms): void {
  const spellings = new TagSpellings(synonyms);
  const uses = records.map((record) => spellings.read(record.tags));
  for (const used of uses) spellings.count(used, 1);
  spellings.settle();
  records.forEach((record, i) => {
    record.tags = spellings.spell(uses[i]!);
  });
}

/** A tag as a record uses it: the key it counts under and the spelling it brings. */
export type TagUse = readonly [key: string, spelling: string];

/**
 * How often each spelling of each tag is used across the archive, kept up to date as records come
 * and go (folio watch), so that a rebuild finds which tags' display form changed without counting
 * every record's tags again.
 */
export class TagSpellings {
  private readonly canonical = new Map<string, string>();
  private readonly uses = new Map<string, Map<string, number>>();
  private readonly display = new Map<string, string>();
  /** Keys counted since the last `settle`. */
  private touched = new Set<string>();

  constructor(synonyms: TagSynonyms) {
    for (const [display, variants] of Object.entries(synonyms)) {
      for (const variant of [display, ...variants]) this.canonical.set(tagKey(variant), cleanTag(display));
    }
  }

  /** A record's raw tags, cleaned: the ones kept, each with its key and spelling. */
  read(tags: readonly string[]): TagUse[] {
    const uses: TagUse[] = [];
    for (const raw of tags) {
      const tag = cleanTagOnce(raw);
      if (!tag || tag.length > MAX_TAG_LENGTH) continue;
      const display = this.canonical.get(tagKeyOnce(tag)) ?? tag;
      uses.push([tagKeyOnce(display), display]);
    }
    return uses;
  }

  /** Count a record's uses in (sign 1) or out (sign -1). */
  count(uses: readonly TagUse[], sign: 1 | -1): void {
    for (const [key, spelling] of uses) {
      const forms = this.uses.get(key) ?? new Map<string, number>();
      const n = (forms.get(spelling) ?? 0) + sign;
      if (n > 0) forms.set(spelling, n);
      else forms.delete(spelling);
      if (forms.size) this.uses.set(key, forms);
      else this.uses.delete(key);
      this.touched.add(key);
    }
  }

  /** Settle the display form of every key counted since the last call; returns the keys whose form changed. */
  settle(): string[] {
    const changed: string[] = [];
    for (const key of this.touched) {
      const forms = this.uses.get(key);
      const before = this.display.get(key);
      const after = forms && [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
      if (after === before) continue;
      if (after === undefined) this.display.delete(key);
      else this.display.set(key, after);
      changed.push(key);
    }
    this.touched = new Set();
    return changed;
  }

  /** A record's tags as shown: one per key, in first-use order, in the archive's spelling. */
  spell(uses: readonly TagUse[]): string[] {
    return [...new Set(uses.map(([key]) => key))].map((key) => this.display.get(key)!);
  }
}

/** Cleaning is NFKC and two patterns per tag: done once per distinct string (tags repeat across the archive). */
const CLEANED_KEPT = 200_000;
const cleanTagOnce = memoizedUpTo(cleanTag, CLEANED_KEPT);
const tagKeyOnce = memoizedUpTo(tagKey, CLEANED_KEPT);

