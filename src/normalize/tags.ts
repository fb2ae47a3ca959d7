// Tags cleaned for the whole archive: NFKC (full-width to half-width), trimmed, one spelling per
// tag. Tags match case-insensitively and through the config's synonyms; each keeps a display form.

import type { ArticleRecord } from '../model/index.ts';

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
  const canonical = new Map<string, string>();
  for (const [display, variants] of Object.entries(synonyms)) {
    for (const variant of [display, ...variants]) canonical.set(tagKey(variant), cleanTag(display));
  }
  const uses = new Map<string, Map<string, number>>();
  const cleaned = records.map((record) =>
    record.tags.map(cleanTag).filter((tag) => tag && tag.length <= MAX_TAG_LENGTH).map((tag) => {
      const display = canonical.get(tagKey(tag)) ?? tag;
      const key = tagKey(display);
      const forms = uses.get(key) ?? new Map<string, number>();
      forms.set(display, (forms.get(display) ?? 0) + 1);
      uses.set(key, forms);
      return key;
    }));
  const displayOf = new Map<string, string>();
  for (const [key, forms] of uses) {
    const ranked = [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    displayOf.set(key, ranked[0]![0]);
  }
  records.forEach((record, i) => {
    record.tags = [...new Set(cleaned[i])].map((key) => displayOf.get(key)!);
  });
}
