// Readable ASCII slugs: pinyin for Han characters (pinyin-pro), romanisation for other scripts
// (any-ascii: kana, Hangul, Thai, Devanagari, Cyrillic…), and a short hash when nothing is left.

import { createHash } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import slugify from '@sindresorhus/slugify';
import anyAscii from 'any-ascii';

/** Longest slug we write: long enough to read, short enough for file systems and URLs. */
export const MAX_SLUG_LENGTH = 80;

const HAN = /\p{Script=Han}/u;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/;
/** Letters slugify cannot spell in ASCII on its own: every script but Latin. */
const OTHER_SCRIPT = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]+/gu;

/** Turn any title or tag into a lower-case ASCII slug (`a-z0-9` and single hyphens), or '' if nothing readable remains. */
export function readableSlug(text: string, maxLength = MAX_SLUG_LENGTH): string {
  const latin = HAN.test(text)
    ? pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ')
    : text;
  const ascii = latin.replace(OTHER_SCRIPT, (run) => ` ${anyAscii(run)} `);
  const slug = cutAtWord(slugify(ascii, { decamelize: false }), maxLength);
  // Windows cannot create con.md or nul/ : such titles get a suffix.
  return WINDOWS_DEVICE.test(slug) ? `${slug}-x` : slug;
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
