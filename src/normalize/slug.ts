// Readable ASCII slugs: pinyin for Han characters (pinyin-pro), transliteration for other
// scripts (@sindresorhus/slugify), and a short content hash when nothing readable is left.

import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import slugify from '@sindresorhus/slugify';

/** Longest slug we write: long enough to read, short enough for file systems and URLs. */
export const MAX_SLUG_LENGTH = 80;

const HAN = /\p{Script=Han}/u;

/** Turn any title or tag into a lower-case ASCII slug (`a-z0-9` and single hyphens), or '' if nothing readable remains. */
export function readableSlug(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const latin = HAN.test(text)
    ? pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ')
    : text;
  const slug = slugify(latin, { decamelize: false });
  return cutAtWord(slug, maxLength);
}

/** A slug that is never empty: the readable slug, or `prefix-<hash>` when the text has no readable part. */
export function slugOrHash(text: string, prefix: string, maxLength = MAX_SLUG_LENGTH): string {
  return readableSlug(text, maxLength) || `${prefix}-${shortHash(text)}`;
}

/** The slug of a tag, as used in tag page addresses. */
export function tagSlug(tag: string): string {
  return slugOrHash(tag.normalize('NFKC').toLowerCase(), 'tag', 60);
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function cutAtWord(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : slug.slice(0, maxLength)).replace(/-+$/, '');
}
