// Picture credits: a line that only names who took or sells a picture ("Foto: Name", "dpa",
// "Getty Images", "iStock.com/xyz", "图：新华社") is not article text, wherever it sits; nor is
// the credit that closes a caption ("Ski star Jane Roe. © AFP / Max Muster").

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import type { AnyNode, Text } from 'domhandler';
import { BLOCK_TAGS, classAndId, clean, cleanTextUpTo, textContent } from './text.ts';
import { findAll, hasMatch } from './select.ts';

/** Elements that may hold a credit on its own: paragraphs, caption parts and the inline wrappers around them. */
const CREDIT_HOLDERS = 'p, div, span, li, h4, h5, h6, td, strong, em, b, i, u, small, cite, figcaption, address';
const PICTURES = 'img, picture, amp-img, video';

/**
 * A credit that is a line of its own goes, even inside a caption; one that shares its line with the
 * caption's description is part of that caption and stays. An element holding the picture stays too.
 */
export function removeCreditLines($: CheerioAPI, root: Element): void {
  for (const el of findAll(root, CREDIT_HOLDERS)) {
    if (!el.parent) continue;
    if (hasMatch(el, 'p, div, li, table') || hasMatch(el, PICTURES)) continue;
    // A credit line is short (isCreditLine): longer text need not be read whole.
    const text = cleanTextUpTo(el, BODY.maxCreditLength);
    if (text && isCreditLine(text) && clean($(lineOf(el)).text()) === text) $(el).remove();
  }
}

/**
 * A caption keeps its description and loses the credit that closes it: an element of its own named
 * as a credit ("span.credits"), or a tail after the description ("… © AFP / Max Muster",
 * "… Foto: Name", "… (Reuters/Name)", "…. Name/Getty Images").
 */
export function trimCaptionCredits($: CheerioAPI, root: Element): void {
  for (const el of findAll(root, '*')) {
    if (!el.parent || !isCaption(el)) continue;
    for (const child of findAll(el, '*')) {
      if (!child.parent || !BODY.creditName.test(classAndId(child)) || hasMatch(child, PICTURES)) continue;
      const credit = clean(textContent(child));
      if (credit.length <= BODY.maxCreditLength && credit !== clean(textContent(el))) $(child).remove();
    }
    const text = clean(textContent(el));
    let tail = creditTail(text);
    if (tail <= 0) continue;
    // "Roman Roe, photo: Name" keeps "Roman Roe", not its comma.
    while (tail > 0 && /[\s,;:|·–-]/.test(text[tail - 1]!)) tail--;
    if (tail > 0) cutTextEnd(el, text.length - tail);
  }
}

function isCaption(el: Element): boolean {
  return el.name === 'figcaption' || BODY.captionName.test(classAndId(el));
}

/** Where a closing credit starts in a caption's text, or -1. The description before it must stay. */
export function creditTail(text: string): number {
  const marked = BODY.creditTail.exec(text);
  // A credit word follows the description's punctuation ("…. Foto: Name", "…, photo: Name"); © may follow anything.
  if (marked && marked.index > 0 && (marked[0].startsWith('©') || marked[0].startsWith('(') || /[.,;:!?)]\s?$/.test(text.slice(0, marked.index)))) return marked.index;
  // "(Reuters/Name)" or ". Name/Getty Images" after the description: a credit by its agency.
  const bracketed = /[(\[]([^()\[\]]{2,80})[)\]]$/.exec(text);
  if (bracketed && bracketed.index > 0 && isCreditLine(bracketed[1]!)) return bracketed.index;
  const sentence = /[.!?]\s*([^.!?]{2,60})$/.exec(text);
  // After a full stop, a bare agency ("… in Antarctica. EFE") or a name list with one ("…. Name/Getty Images").
  if (sentence && (BODY.creditLine.test(sentence[1]!) || (isCreditLine(sentence[1]!) && sentence[1]!.includes('/')))) return sentence.index + 1;
  return -1;
}

/** Remove the last `count` characters of an element's text (whitespace-collapsed), from its text nodes. */
function cutTextEnd(el: Element, count: number): void {
  const texts: Text[] = [];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') texts.push(node as Text);
    else if ('children' in node) for (const child of (node as Element).children) walk(child);
  };
  walk(el);
  let left = count;
  for (let i = texts.length - 1; i >= 0 && left > 0; i--) {
    const node = texts[i]!;
    const collapsed = node.data.replace(/\s+/g, ' ');
    if (collapsed.length <= left) {
      left -= collapsed.trim() === '' ? 0 : collapsed.length;
      node.data = '';
    } else {
      node.data = collapsed.slice(0, collapsed.length - left);
      left = 0;
    }
  }
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
