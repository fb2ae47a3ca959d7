// Words for text similarity in any script: each Han, kana or Hangul character is a token (these
// scripts don't put spaces between words), any other run of letters and digits is a word.

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const TOKEN = new RegExp(String.raw`[${CJK}]|(?:(?![${CJK}])[\p{L}\p{N}\p{M}])+`, 'gu');

/** Markdown link and image targets: addresses are not words of the article. */
const MARKDOWN_TARGET = /\]\([^)]*\)/g;
const BARE_URL = /https?:\/\/\S+/g;

/** Lower-cased NFKC tokens of `text` (full-width letters become half-width, so "ＡＩ" is "ai"). */
export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** The words of a Markdown body, without its link and image addresses. */
export function markdownWords(markdown: string): string[] {
  return tokenize(markdown.replace(MARKDOWN_TARGET, ']').replace(BARE_URL, ' '));
}
