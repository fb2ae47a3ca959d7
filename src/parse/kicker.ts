// Topic lines (kickers) and subtitles printed inside a heading, and screen-reader-only text in it:
// what of a heading's text is the headline itself.

import type { AnyNode, Element } from 'domhandler';
import { clean, classAndId, isElement } from './text.ts';
import { TITLE } from './constants.ts';

/** Screen-reader-only elements ("Main menu", a hidden ": " between kicker and headline) are labels, not text shown. */
export function isHidden(el: Element): boolean {
  return (el.attribs['class'] ?? '').split(/\s+/).some((name) => TITLE.hiddenClass.test(name.toLowerCase()));
}

/**
 * The heading's text as shown, without a kicker or subtitle printed in an element of its own:
 * `<h1><span class="overline">Topic</span> Headline</h1>`, `<h1>Headline <small>Subtitle</small></h1>`.
 * When one of the two parts is exactly a declared title, that part is the headline whatever its class.
 */
export function headlineText(heading: Element, declared: string[]): string {
  const parts = shownParts(heading);
  const whole = headingText(heading);
  if (parts.length !== 2) return whole;
  const texts = parts.map((p) => clean(shownText(p)));
  const wanted = new Set(declared.map(normalize));
  const exact = texts.findIndex((t) => wanted.has(normalize(t)));
  if (exact >= 0) return texts[exact]!;
  const [first, last] = parts as [AnyNode, AnyNode];
  if (isElement(first) && isAside(first)) return texts[1]!;
  if (isElement(last) && isAside(last)) return texts[0]!;
  return whole;
}

/**
 * "Hochwasser Deiche halten dem Pegel stand": a kicker run into the heading's text. When og:title or
 * the JSON-LD headline is the heading's text minus a short lead, that is the headline, unless a colon
 * joins the lead ("Riesige Enttäuschung": …): then the lead is part of the headline as printed.
 */
export function withoutKicker(heading: string, heads: string[]): string {
  for (const candidate of heads) {
    if (candidate.length < TITLE.minMatchChars || candidate === heading || !heading.endsWith(candidate)) continue;
    const lead = heading.slice(0, heading.length - candidate.length).trim();
    if (lead && lead.length <= heading.length * TITLE.maxKickerShare && !/[:：]$/.test(lead)) return candidate;
  }
  return heading;
}

/** The heading's whole text as shown (kicker and subtitle included). */
export function headingText(heading: Element): string {
  return clean(shownText(heading));
}

/** The heading's children that show words: hidden ones, line breaks and lone punctuation (": ") left out. */
function shownParts(heading: Element): AnyNode[] {
  return heading.children.filter((node) => /[\p{L}\p{N}]/u.test(shownText(node)));
}

/** Text of a subtree without its screen-reader-only elements; a line break counts as a space. */
function shownText(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (!isElement(node) || isHidden(node)) return '';
  if (node.name === 'br') return ' ';
  return node.children.map(shownText).join('');
}

/** A kicker or subtitle element: small print, or named so by its class. */
function isAside(el: Element): boolean {
  return el.name === 'small' || TITLE.kickerClass.test(classAndId(el));
}

function normalize(text: string): string {
  return clean(text).normalize('NFKC').toLowerCase();
}
