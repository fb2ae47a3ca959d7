// Calls to action at the end of an article: "Subscribe now to our edition for the full story",
// "Do you want to be informed? Sign up here", "Follow us on …". They speak to the reader about the
// publication, not about the story, and a site appends them after the last paragraph.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { lastTextBlock } from './boilerplate.ts';
import { clean, textContent } from './text.ts';
import { hasMatch } from './select.ts';

/** Peel calls to action off the end of the body, one block after another, up to `BODY.maxTrailingCalls`. */
export function dropTrailingCalls($: CheerioAPI, parts: Element[]): void {
  for (let i = 0; i < BODY.maxTrailingCalls; i++) {
    const block = lastTextBlock(parts);
    if (!block || parts.includes(block) || hasMatch(block, 'img')) return;
    const text = clean(textContent(block));
    if (!isCallToAction(text)) return;
    $(block).remove();
  }
}

export function isCallToAction(text: string): boolean {
  if (text.length > BODY.maxCallLength) return false;
  // An action on the publication (subscribe, sign up, follow, download the app) asked of the reader.
  return BODY.readerAction.test(text) && (BODY.readerAddress.test(text) || BODY.publicationAction.test(text));
}
