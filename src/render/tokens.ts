// Words for text similarity in any script: each Han, kana or Hangul character is a token (these
// scripts don't put spaces between words), any other run of letters and digits is a word.

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const TOKEN = new RegExp(String.raw`[${CJK}]|(?:(?![${CJK}])[\p{L}\p{N}\p{M}])+`, 'gu');

/**
 * Function words that every article has, whatever it is about: in a small or one-language archive
 * their IDF stays high enough to make unrelated articles look alike.
 */
const STOP_WORDS = new Set([
  ...'a an and are as at be been but by for from had has have he her his i in is it its of on or our she that the their them they this to was we were which while who will with you'.split(' '),
  ...'的了是在和与及也就都而或并这那其之为于以上下中个们我你他她它'.split(''),
]);

/** Markdown link and image targets: addresses are not words of the article. */
const MARKDOWN_TARGET = /\]\([^)]*\)/g;
const BARE_URL = /https?:\/\/\S+/g;

/** Lower-cased NFKC tokens of `text` (full-width letters become half-width, so "ＡＩ" is "ai"). */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** The tokens that say what a text is about: `tokenize` without function words. */
export function contentWords(text: string): string[] {
  return tokenize(text).filter((token) => !STOP_WORDS.has(token));
}

/** The content words of a Markdown body, without its link and image addresses. */
export function markdownWords(markdown: string): string[] {
  return contentWords(markdown.replace(MARKDOWN_TARGET, ']').replace(BARE_URL, ' '));
}
