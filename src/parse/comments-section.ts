// A reader-comment section that the page left inside the article container: a title line of its
// own ("Comments", "3 Kommentare", "Leave a Reply") and, after it, the comments, the form to
// write one and the site's closing notices. The title marks where the article ended; an author's
// bio under its own title ("Über den Autor") closes the article the same way.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { clean, cleanTextUpTo, textContent, textWeight } from './text.ts';
import { closest, findAll, hasMatch } from './select.ts';

const TITLE_TAGS = 'h2, h3, h4, h5, h6, div, p';

/** Cut each part at a comments title: the title and everything after it inside that part go. */
export function cutCommentsSection($: CheerioAPI, parts: Element[]): void {
  for (const part of parts) {
    const title = findAll(part, TITLE_TAGS).find((el) => isCommentsTitle(el));
    if (!title || textWeight(textBefore($, part, title)) < BODY.minTextBeforeComments) continue;
    for (let el: Element = title; el !== part; el = el.parent as Element) $(el).nextAll().remove();
    $(title).remove();
  }
}

function isCommentsTitle(el: Element): boolean {
  // A count linking to the thread ("5 Comments" in a meta row) is not the thread's title.
  if (hasMatch(el, 'a') || closest(el, 'a')) return false;
  // Read no further than a title can be long: the candidates include the divs around the whole thread.
  const text = cleanTextUpTo(el, BODY.maxCommentsTitleLength);
  return text !== null && text.length <= BODY.maxCommentsTitleLength && BODY.commentsTitle.test(text);
}

/** The text of `part` that comes before `el` in document order. */
function textBefore($: CheerioAPI, part: Element, el: Element): string {
  let text = '';
  for (let node: Element = el; node !== part; node = node.parent as Element) {
    text = $(node).prevAll().toArray().reverse().map((n) => textContent(n)).join(' ') + ' ' + text;
  }
  return clean(text);
}
