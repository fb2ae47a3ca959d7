// The standfirst: a summary paragraph set above the article text in its own block ("p.intro",
// "div.atc-Intro", "p.subtitle", "div.leadIn"). Scoring finds the text below it; the lead belongs to it.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { isChromeSibling } from './boilerplate.ts';
import { classAndId, clean, linkDensity, textContent, textWeight } from './text.ts';
import { findAll, hasMatch } from './select.ts';

/**
 * The lead paragraph before the first part: a previous sibling of the part (or of an ancestor up to
 * `BODY.leadClimb` levels, staying inside an <article>) whose class names it intro/lead/standfirst,
 * or which holds such a block. It is running text: a sentence or a few, with few links.
 */
export function leadParagraph($: CheerioAPI, first: Element): Element | null {
  let anchor: Element = first;
  for (let level = 0; level <= BODY.leadClimb; level++) {
    let prev = previousElement(anchor);
    for (let i = 0; prev && i < BODY.leadLookback; i++, prev = previousElement(prev)) {
      if (isChromeSibling(prev)) continue;
      // A header named "intro" may hold the headline and, inside it, the standfirst itself.
      const named = [prev, ...findAll(prev, '[class], [id]')].filter((el) => BODY.leadName.test(classAndId(el)));
      const lead = named.find((el) => isLeadText($, el) && !repeats(el, first));
      if (lead) return lead;
    }
    const parent = anchor.parent;
    if (!parent || parent.type !== 'tag' || isOutermostArticle(anchor) || ['body', 'html', 'main'].includes((parent as Element).name)) return null;
    anchor = parent as Element;
  }
  return null;
}

/** The search stays inside the story: an <article> nested in another (the text in the page's article) is no bound. */
function isOutermostArticle(el: Element): boolean {
  if (el.name !== 'article') return false;
  for (let node = el.parent; node && node.type === 'tag'; node = node.parent) if ((node as Element).name === 'article') return false;
  return true;
}

/** A summary shown twice (a header's dek and the body's abstract) is taken once. */
function repeats(lead: Element, first: Element): boolean {
  const text = clean(textContent(lead));
  return clean(textContent(first)).includes(text);
}

/** A block named as a standfirst that reads as one: a sibling of the text that belongs to it. */
export function isStandfirst($: CheerioAPI, el: Element): boolean {
  return BODY.leadName.test(classAndId(el)) && isLeadText($, el);
}

function isLeadText($: CheerioAPI, el: Element): boolean {
  const node = $(el);
  if (hasMatch(el, 'h1, h2, ul, ol, table, form')) return false;
  // A second headline ("dek") reads as a title, without a full stop; a standfirst is sentences.
  if (!SENTENCE_END.test(clean(node.text()))) return false;
  // A lead picture's caption is not a standfirst: only text outside figures counts.
  const weight = textWeight(clean(node.text())) - textWeight(clean($(findAll(el, 'figure, figcaption')).text()));
  return weight >= BODY.minLeadWeight && weight <= BODY.maxLeadWeight && linkDensity(node) < BODY.maxLeadLinkDensity;
}

const SENTENCE_END = /[.!?。！？…]["'”’»)]?$/;

function previousElement(el: Element): Element | null {
  for (let node = el.prev; node; node = node.prev) if (node.type === 'tag') return node as Element;
  return null;
}
