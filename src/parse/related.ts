// The page's own related-articles list: the block under a heading such as 相关文章, 延伸阅读,
// Related stories, 関連記事 — lists, cards with excerpts, tables, or 【相关阅读】 paragraphs.
// Hot / latest / most-read lists and navigation have other headings and are never taken.

import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { RelatedLink } from '../model/index.ts';
import { RELATED } from './constants.ts';
import { absoluteUrl, clean, cleanTextUpTo, linkDensity, textContent, textWeight } from './text.ts';
import { findDates } from './dates.ts';
import { closest, findAll, findFirst, hasMatch, matches } from './select.ts';

export interface RelatedResult {
  links: RelatedLink[];
  /** Elements making up the related blocks (heading and list), to be dropped from the body. */
  blocks: Element[];
}

const DATE_ONLY = /^[\s(（\[]*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/月]\d{1,2}日?)(\s+\d{1,2}:\d{2})?[\s)）\]]*$/;
const DATE_TAIL = /(?:(?<![\s·|｜(（])|(?![\s·|｜(（]))[\s·|｜(（]*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(\s+\d{1,2}:\d{2})?[)）]?\s*$/;

export function extractRelated($: CheerioAPI, baseUrl: string | null, pageUrl: string | null): RelatedResult {
  const links: RelatedLink[] = [];
  const blocks: Element[] = [];
  const seen = new Set<string>();
  if (pageUrl) seen.add(stripHash(pageUrl));

  for (const heading of findHeadings($)) {
    if (blocks.some((b) => b === heading || $(b).find(heading).length)) continue;
    const found = linksAfterHeading($, heading);
    if (!found) continue;
    const entries: RelatedLink[] = [];
    let headlines = 0;
    for (const anchor of found.anchors) {
      const title = linkTitle($, anchor);
      if (textWeight(title) < RELATED.minTitleWeight || RELATED.navLink.test(title)) continue;
      headlines++;
      // A relative link on a page whose address we do not know cannot be listed, but its block is still not body.
      const url = absoluteUrl(anchor.attribs['href'], baseUrl);
      if (!url || seen.has(stripHash(url))) continue;
      seen.add(stripHash(url));
      entries.push({ title, url, summary: cardSummary(anchor, title, found.container) });
    }
    if (!headlines) continue;
    links.push(...entries.slice(0, RELATED.maxLinks));
    blocks.push(heading, ...found.parts);
  }
  return { links, blocks };
}

function stripHash(url: string): string {
  return url.replace(/#.*$/, '').replace(/\/$/, '');
}

/** Elements whose whole own text is a related-articles heading (found from text nodes up, not by visiting every element). */
function findHeadings($: CheerioAPI): Element[] {
  const out: Element[] = [];
  const body = findFirst($.root().get(0)!, 'body');
  if (!body) return out;
  const visit = (node: AnyNode) => {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      if (data.length <= RELATED.maxHeadingLength * 2 && RELATED.keyword.test(data)) {
        const heading = headingElementOf(node);
        if (heading && !out.includes(heading)) out.push(heading);
      }
      return;
    }
    if ('children' in node) for (const child of (node as Element).children) visit(child);
  };
  visit(body);
  return out;
}

/** The smallest element around a text node whose whole text is a related heading (not inside a link). */
function headingElementOf(text: AnyNode): Element | null {
  for (let el = text.parent; el && el.type === 'tag'; el = el.parent) {
    const element = el as Element;
    if (element.name === 'a' || element.name === 'body') return null;
    const full = cleanTextUpTo(element, RELATED.maxHeadingLength);
    if (full === null || full.length > RELATED.maxHeadingLength) {
      // "相关文章 更多>>": the heading's text plus a link.
      const own = cleanTextUpTo(element, RELATED.maxHeadingLength, { withoutLinks: true });
      return own !== null && own.length <= RELATED.maxHeadingLength && matchesHeading(own) ? element : null;
    }
    if (matchesHeading(full)) return element;
  }
  return null;
}

/** The text of a related-articles heading ("Related posts", "Ähnliche Beiträge", "相关文章 更多>>"). */
export function matchesHeading(text: string): boolean {
  const bare = text.replace(RELATED.headingDecoration, '').trim();
  // "相关文章 更多>>": a heading followed by its "more" link text.
  const withoutMore = bare.replace(/(?:(?<!\s)|(?!\s))(?:\s*(更多|more)\s*[>»›]+$|\s*更多$)/i, '').trim();
  return RELATED.heading.test(bare) || RELATED.heading.test(withoutMore);
}

/** The links a heading introduces: in its following siblings, climbing a few levels if needed. */
function linksAfterHeading($: CheerioAPI, heading: Element): { anchors: Element[]; container: Element; parts: Element[] } | null {
  let node: Element = heading;
  for (let level = 0; level <= RELATED.maxClimb; level++) {
    const parts: Element[] = [];
    const anchors: Element[] = [];
    let sibling = $(node).next();
    // Consecutive following siblings that hold links, until a new heading or a block without links.
    while (sibling.length) {
      const el = sibling[0] as Element;
      const a = matches(el, 'a[href]') ? [el] : findAll(el, 'a[href]');
      if (!a.length) {
        if (parts.length && clean(sibling.text()).length > 0 && !isCardText(sibling)) break;
        if (parts.length) parts.push(el);
        sibling = sibling.next();
        continue;
      }
      if (parts.length && looksLikeOtherHeading(sibling)) break;
      parts.push(el);
      anchors.push(...a);
      if (!isParagraphLink(sibling)) break;
      sibling = sibling.next();
    }
    if (anchors.length) return { anchors, container: parts.length === 1 ? parts[0]! : (node.parent as Element), parts };
    const parent = node.parent;
    if (!parent || parent.type !== 'tag' || parent.name === 'body') return null;
    // Climbing is only safe while the heading is the first thing in its parent: a heading further
    // down (an empty widget at the end of a sidebar) does not own what stands before it.
    if (!isFirstChild(parent as Element, node)) return null;
    if (clean(textContent(parent)).length > clean(textContent(node)).length + 2 && hasMatch(parent, 'a[href]') && looksLikeLinkBlock($, parent as Element)) {
      const inside = findAll(parent, 'a[href]').filter((a) => !$(a).closest(heading).length);
      if (inside.length) return { anchors: inside, container: parent as Element, parts: [parent as Element] };
    }
    node = parent as Element;
  }
  return null;
}

function isFirstChild(parent: Element, child: Element): boolean {
  return parent.children.find((c) => c.type === 'tag' || (c.type === 'text' && clean((c as unknown as { data: string }).data) !== '')) === child;
}

/** A block of headlines (with excerpts at most), not a region that also holds running text. */
function looksLikeLinkBlock($: CheerioAPI, el: Element): boolean {
  return textWeight(textContent(el)) <= RELATED.maxBlockWeight && linkDensity($(el)) >= RELATED.minBlockLinkDensity;
}

/** `<p><a>…</a></p>` style entries continue over several siblings. */
function isParagraphLink(el: Cheerio<AnyNode>): boolean {
  if (!matches(el[0]!, 'p, li, dd, dt, div, tr, a, article')) return false;
  // A card links its thumbnail and its title to the same address: one entry.
  const hrefs = new Set(findAll(el[0]!, 'a[href]').map((a) => a.attribs['href']));
  return hrefs.size <= 1;
}

function isCardText(el: Cheerio<AnyNode>): boolean {
  return matches(el[0]!, 'p, span, div') && clean(el.text()).length < 200;
}

function looksLikeOtherHeading(el: Cheerio<AnyNode>): boolean {
  return matches(el[0]!, 'h1, h2, h3, h4, h5, h6') || (!hasMatch(el[0]!, 'a') && clean(el.text()).length < 20);
}

/** Parts of a link that label it rather than name it: kicker, section, date. */
const KICKER = '[class*="kicker"], [class*="label"], [class*="tag"], [class*="category"], [class*="date"], time';

/** The headline text of a link: its text without kicker spans when the link also has a heading child. */
function linkTitle($: CheerioAPI, anchor: Element): string {
  const a = $(anchor);
  const heading = findFirst(anchor, 'h1, h2, h3, h4, h5, h6, .title, [class*="title"], [class*="headline"]');
  let text = clean(heading ? textContent(heading) : a.text());
  if (!heading && hasMatch(anchor, KICKER)) {
    const copy = a.clone();
    $(findAll(copy[0]!, KICKER)).remove();
    text = clean(copy.text());
  }
  if (!text) text = clean(a.attr('title'));
  return text.replace(DATE_TAIL, '').trim();
}

/** "2025-08-16", "15 Jul 2024", "(08-16)": a card's date line, not its excerpt. */
function isDateLine(text: string): boolean {
  return DATE_ONLY.test(text) || (text.length < RELATED.maxDateLineLength && findDates(text).length > 0);
}

/** The excerpt of a card: the card's text that is not the title or a date. */
function cardSummary(anchor: Element, title: string, container: Element): string | null {
  // Climb to the largest ancestor inside the container that holds only this entry's link(s).
  const href = anchor.attribs['href'];
  let card: Element = anchor;
  for (let el = anchor.parent; el && el !== container && el.type === 'tag'; el = el.parent) {
    const hrefs = new Set(findAll(el, 'a[href]').map((a) => a.attribs['href']));
    if (hrefs.size > 1 || (hrefs.size === 1 && !hrefs.has(href))) break;
    card = el as Element;
  }
  if (card === anchor) return null;
  const lines = findAll(card, 'p, span, div, dd, .summary, .excerpt, .desc')
    .filter((el) => !hasMatch(el, 'p, div, dd') && !closest(el, 'a'))
    .map((el) => clean(textContent(el)))
    .filter((t) => t && t !== title && !isDateLine(t) && !title.includes(t));
  const summary = lines.sort((a, b) => b.length - a.length)[0] ?? '';
  return summary.length >= RELATED.minSummaryLength ? summary : null;
}
