// Words for text similarity in any script: each Han, kana or Hangul character is a token (these
// scripts don't put spaces between words), any other run of letters and digits is a word.

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
/** What a token is; splitTokens below finds the same tokens faster. */
export const TOKEN = new RegExp(String.raw`[${CJK}]|(?:(?![${CJK}])[\p{L}\p{N}\p{M}])+`, 'gu');

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
  return splitTokens(text.normalize('NFKC').toLowerCase());
}

/** How a code point takes part in TOKEN: a token of its own, part of a word, or neither. */
const enum Kind { Other = 1, Cjk = 2, Word = 3 }

/**
 * The kind of each UTF-16 code unit, found with TOKEN's own character classes the first time it is
 * seen (0: not yet). Matching TOKEN over a whole body costs several times this table walk.
 */
const unitKinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, Kind>();
const CJK_CHAR = new RegExp(`^[${CJK}]$`, 'u');
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function kindOf(codePoint: number): Kind {
  const char = String.fromCodePoint(codePoint);
  return CJK_CHAR.test(char) ? Kind.Cjk : WORD_CHAR.test(char) ? Kind.Word : Kind.Other;
}

/** `text.match(TOKEN)`, by a walk over code points instead of the regular expression. */
function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  let wordStart = -1;
  for (let i = 0; i < text.length; ) {
    const unit = text.charCodeAt(i);
    let codePoint = unit;
    let width = 1;
    // A surrogate pair is one code point (TOKEN has the u flag); a lone surrogate is one of its own.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        width = 2;
      }
    }
    let kind: Kind;
    if (width === 1) {
      kind = unitKinds[unit] as Kind;
      if (!kind) unitKinds[unit] = kind = kindOf(unit);
    } else {
      kind = astralKinds.get(codePoint) ?? kindOf(codePoint);
      astralKinds.set(codePoint, kind);
    }
    if (kind === Kind.Word) {
      if (wordStart < 0) wordStart = i;
    } else {
      if (wordStart >= 0) tokens.push(text.slice(wordStart, i));
      wordStart = -1;
      if (kind === Kind.Cjk) tokens.push(text.slice(i, i + width));
    }
    i += width;
  }
  if (wordStart >= 0) tokens.push(text.slice(wordStart));
  return tokens;
}

/** The tokens that say what a text is about: `tokenize` without function words. */
export function contentWords(text: string): string[] {
  return tokenize(text).filter((token) => !STOP_WORDS.has(token));
}

/** The content words of a Markdown body, without its link and image addresses. */
export function markdownWords(markdown: string): string[] {
  return contentWords(markdown.replace(MARKDOWN_TARGET, ']').replace(BARE_URL, ' '));
}
