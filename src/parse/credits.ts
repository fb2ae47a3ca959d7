// Picture credits: a line that only names who took or sells a picture ("Foto: Name", "dpa",
// "Getty Images", "iStock.com/xyz", "图：新华社") is not article text, wherever it sits.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { BLOCK_TAGS, clean } from './text.ts';

/** Elements that may hold a credit on its own: paragraphs, caption parts and the inline wrappers around them. */
const CREDIT_HOLDERS = 'p, div, span, li, h4, h5, h6, td, strong, em, b, i, u, small, cite, figcaption, address';
const PICTURES = 'img, picture, amp-img, video';

/**
 * A credit that is a line of its own goes, even inside a caption; one that shares its line with the
 * caption's description is part of that caption and stays. An element holding the picture stays too.
 */
export function removeCreditLines($: CheerioAPI, root: Element): void {
  $(root).find(CREDIT_HOLDERS).each((_, el) => {
    if (!el.parent) return;
    const node = $(el);
    if (node.find('p, div, li, table').length || node.find(PICTURES).length) return;
    const text = clean(node.text());
    if (text && isCreditLine(text) && clean($(lineOf(el)).text()) === text) node.remove();
  });
}

/** The block an inline element sits in: its text is the line the reader sees. */
function lineOf(el: Element): Element {
  let node = el;
  while (!BLOCK_TAGS.has(node.name) && node.parent && node.parent.type === 'tag') node = node.parent as Element;
  return node;
}

export function isCreditLine(text: string): boolean {
  if (text.length > BODY.maxCreditLength) return false;
  if (BODY.creditLine.test(text)) return true;
  // "Augusta National/Getty Images", "AFP / Jane Roe", "Reuters files": short name lists with an agency among them.
  const names = text.replace(/^[(\[]|[)\]]$/g, '').split(/(?:(?<!\s)|(?!\s))\s*[/|,]\s*/);
  return names.length <= BODY.maxCreditNames && names.every((n) => n.split(/\s+/).length <= 4 && !/[.!?:;]\s|[.!?]$/.test(n)) && names.some((n) => BODY.pictureAgency.test(n));
}
