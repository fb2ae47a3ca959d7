// Blocks around and inside an article that are page furniture (footers, author boxes, comment
// forms, share and like widgets), told apart by their tag, their class/id or what is left of them.

import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { classAndId } from './text.ts';

const HEADER_WORD = /(^|[\s_-])header(?=[\s_-]|$)/g;
const CHROME_TAGS = new Set(['footer', 'nav', 'aside', 'form']);

/**
 * A block next to the article container that names itself chrome (`#footer`, `.author-info`,
 * `.breadcrumb-navigation`, a comment form) is never a part of a split body, even when it holds
 * sentences: beside the article a chrome word outweighs an article word ("entry-author-info").
 */
export function isChromeSibling(el: Element): boolean {
  if (CHROME_TAGS.has(el.name)) return true;
  // An article's own header (kicker, standfirst) sits beside its text: "header" alone does not exclude.
  const names = classAndId(el).replace(HEADER_WORD, ' ');
  return names.trim() !== '' && (BODY.negative.test(names) || BODY.partChrome.test(names));
}
