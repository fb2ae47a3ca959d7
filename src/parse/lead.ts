// The standfirst: a summary paragraph set above the article text in its own block ("p.intro",
// "div.atc-Intro", "p.subtitle", "div.leadIn"). Scoring finds the text below it; the lead belongs to it.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { BODY } from './constants.ts';
import { isChromeSibling } from './boilerplate.ts';
import { clean, classAndId, linkDensity, textWeight } from './text.ts';

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
      const lead = BODY.leadName.test(classAndId(prev)) ? prev : ($(prev).find('[class], [id]').toArray() as Element[]).find((el) => BODY.leadName.test(classAndId(el)));
      if (lead && isLeadText($, lead)) return lead;
    }
    const parent = anchor.parent;
    if (!parent || parent.type !== 'tag' || anchor.name === 'article' || ['body', 'html', 'main'].includes((parent as Element).name)) return null;
    anchor = parent as Element;
  }
  return null;
}

function isLeadText($: CheerioAPI, el: Element): boolean {
  const node = $(el);
  if (node.find('h1, h2, ul, ol, table, form').length) return false;
  // A second headline ("dek") reads as a title, without a full stop; a standfirst is sentences.
  if (!SENTENCE_END.test(clean(node.text()))) return false;
  // A lead picture's caption is not a standfirst: only text outside figures counts.
  const weight = textWeight(clean(node.text())) - textWeight(clean(node.find('figure, figcaption').text()));
  return weight >= BODY.minLeadWeight && weight <= BODY.maxLeadWeight && linkDensity(node) < BODY.maxLeadLinkDensity;
}

const SENTENCE_END = /[.!?。！？…]["'”’»)]?$/;

function previousElement(el: Element): Element | null {
  for (let node = el.prev; node; node = node.prev) if (node.type === 'tag') return node as Element;
  return null;
}
