// Main-content detection: score blocks by the text they hold (CJK-aware), pick the best container,
// take in sibling parts of a split body, then drop what sits inside it but is not the article.

import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { BODY } from './constants.ts';
import { dropTrailingLabels, isChromeSibling, removeLinkBlocks, removeOrphanCaptions } from './boilerplate.ts';
import { removeCreditLines, trimCaptionCredits } from './credits.ts';
import { isStandfirst, leadParagraph } from './lead.ts';
import { dropTrailingCalls } from './calls-to-action.ts';
import { cutCommentsSection } from './comments-section.ts';
import { childrenMatching, findAll, hasMatch, matches } from './select.ts';
import { BLOCK_TAGS, classAndId, clean, cleanTextUpTo, isElement, linkDensities, linkDensity, textContent, textWeight } from './text.ts';

export interface BodyResult {
  /** The article's parts (one or more sibling containers), already cleaned, in document order. */
  parts: Element[];
  score: number;
}

const SCORE = Symbol('score');
type Scored = Element & { [SCORE]?: number };

/** Remove what is never article text. Mutates the document. */
export function stripJunk($: CheerioAPI): void {
  unwrapTemplates($);
  $(findAll($.root().get(0)!, BODY.junkSelector)).remove();
  removeComments($.root().get(0)!);
}

function removeComments(node: AnyNode): void {
  if (!('children' in node)) return;
  const children = (node as Element).children;
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i]!;
    if (child.type === 'comment') {
      children.splice(i, 1);
      const prev = children[i - 1] ?? null;
      const next = children[i] ?? null;
      if (prev) prev.next = next;
      if (next) next.prev = prev;
    } else removeComments(child);
  }
}

/**
 * Blogger and some CMSs ship the article as HTML inside <script type="text/template"> for a script
 * to insert; a browser shows it, so we read it as markup (it is sanitized like everything else).
 */
function unwrapTemplates($: CheerioAPI): void {
  for (const el of findAll($.root().get(0)!, 'script[type="text/template"], script[type="text/html"], script[type="text/x-template"]')) {
    const html = textContent(el);
    // A template holding JSON (a component's data, with HTML inside its strings) is data, not markup.
    if (/^\s*[{[]/.test(html)) continue;
    if (/<(p|div|br|h[1-6]|ul|img)\b/i.test(html)) $(el).replaceWith(`<div class="folio-template">${html}</div>`);
  }
}

export function findBody($: CheerioAPI, exclude: Element[], headline: Element | null = null): BodyResult | null {
  // The article sits near its headline: the region around the headline, taken before it is removed.
  const near = headline ? headlineRegion(headline) : null;
  for (const el of exclude) $(el).remove();
  const candidates = scoreParagraphs($);
  const density = linkDensities($.root().get(0)!);
  let best: Scored | null = null;
  let bestScore = 0;
  for (const el of candidates) {
    const nearBonus = near && isAncestor(near, el) ? BODY.nearHeadlineBonus : 1;
    const score = (el[SCORE] ?? 0) * (1 - density(el)) * nearBonus;
    el[SCORE] = score;
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  if (!best) return null;
  const top = climbToArticle(candidates, best, bestScore);
  const parts = sameShapeParts($, top) ?? withSiblingParts($, top, top[SCORE] ?? bestScore);
  const standfirst = leadParagraph($, parts[0]!);
  const first = standfirst ?? parts[0]!;
  const lead = leadImage($, first);
  return { parts: [...(lead ? [lead] : []), ...(standfirst ? [standfirst] : []), ...parts], score: bestScore };
}

/** A list whose items mostly link somewhere is a list of entries (threads, headlines), not an article's text. */
function isEntryList(el: Element): boolean {
  if (el.name !== 'ul' && el.name !== 'ol') return false;
  const items = elementChildren(el).filter((c) => c.name === 'li');
  if (items.length < BODY.minEntryListItems) return false;
  const linked = items.filter((li) => hasDescendant(li, 'a')).length;
  return linked / items.length >= BODY.entryListLinkedShare;
}

function hasDescendant(el: Element, name: string): boolean {
  return el.children.some((c) => c.type === 'tag' && ((c as Element).name === name || hasDescendant(c as Element, name)));
}

/** The headline's ancestor a few levels up (not body): candidates inside it are near the headline. */
function headlineRegion(headline: Element): Element | null {
  let region: Element | null = null;
  let el = headline.parent as Element | null;
  for (let i = 0; el && el.type === 'tag' && el.name !== 'body' && el.name !== 'html' && i < BODY.headlineRegionLevels; i++, el = el.parent as Element | null) region = el;
  return region;
}

/**
 * Readability's two climbs: when several near-best candidates share an ancestor with the best one,
 * the article is that ancestor (a body split into blocks); and a lone child stands for its parent.
 */
function climbToArticle(candidates: Scored[], best: Scored, bestScore: number): Scored {
  const close = candidates.filter((c) => c !== best && (c[SCORE] ?? 0) >= bestScore * BODY.alternativeShare);
  let top: Scored = best;
  if (close.length >= BODY.minAlternatives) {
    for (let parent = best.parent as Scored | null; parent && parent.type === 'tag' && parent.name !== 'body'; parent = parent.parent as Scored | null) {
      const contained = close.filter((c) => isAncestor(parent!, c)).length;
      if (contained >= BODY.minAlternatives) {
        top = parent;
        break;
      }
    }
  }
  while (top.parent && top.parent.type === 'tag' && (top.parent as Element).name !== 'body' && elementChildren(top.parent as Element).length === 1) {
    top = top.parent as Scored;
  }
  if (top[SCORE] === undefined) top[SCORE] = bestScore;
  return top;
}

function isAncestor(ancestor: Element, node: Element): boolean {
  for (let el = node.parent; el; el = el.parent) if (el === ancestor) return true;
  return false;
}

function elementChildren(el: Element): Element[] {
  return el.children.filter((c): c is Element => c.type === 'tag');
}

/**
 * A body split into blocks of one kind (`div.article-body__part` ×4, `div.grid` chunks with ads
 * between them): the best container or one of its near ancestors has siblings of the same tag and
 * class holding real text. All of them, in order, are the article.
 */
function sameShapeParts($: CheerioAPI, best: Element): Element[] | null {
  let node: Element = best;
  for (let level = 0; level <= BODY.maxPartClimb; level++) {
    const parent = node.parent;
    if (!parent || parent.type !== 'tag' || (parent as Element).name === 'body') return null;
    const shape = shapeOf(node);
    if (shape) {
      const siblings = elementChildren(parent as Element);
      const parts = siblings.filter((s) => s === node || (shapeOf(s) === shape && !isChromeSibling(s) && textWeight(clean(textContent(s))) >= BODY.minPartWeight && linkDensity($(s)) < BODY.maxLinkDensity));
      if (parts.length > 1) return parts;
    }
    node = parent as Element;
  }
  return null;
}

function shapeOf(el: Element): string | null {
  const cls = (el.attribs['class'] ?? '').trim().split(/\s+/).sort().join(' ');
  return cls ? `${el.name}.${cls}` : null;
}

/** A picture right before the body (between headline and text) belongs to the article. */
function leadImage($: CheerioAPI, first: Element): Element | null {
  // From the first part, or the ancestor of which it is the first child (the picture sits before the wrapper).
  let anchor = $(first);
  for (let i = 0; i < BODY.leadImageLookback && !anchor.prev().length && anchor.parent().length && !matches(anchor.parent()[0]!, 'body'); i++) anchor = anchor.parent();
  let prev = anchor.prev();
  for (let i = 0; i < BODY.leadImageLookback && prev.length; i++, prev = prev.prev()) {
    const el = prev[0]!;
    const images = matches(el, 'img') ? 1 : findAll(el, 'img').length;
    if (images === 1 && textWeight(clean(prev.text())) <= BODY.maxCaptionWeight && !hasMatch(el, 'a img') && !matches(el, 'a')) return el as Element;
    if (textWeight(clean(prev.text())) > 0 || images > 1) return null;
  }
  return null;
}

/** Clean the chosen parts in place; returns those that still hold text or images. */
export function cleanBody($: CheerioAPI, parts: Element[]): Element[] {
  cutCommentsSection($, parts);
  for (const part of parts) {
    cleanContainer($, part);
    unwrapLayoutTables(part);
  }
  dropTrailingLabels($, parts);
  dropTrailingCalls($, parts);
  return parts.filter((p) => clean(textContent(p)).length > 0 || hasMatch(p, 'img'));
}

/** Readability-style scoring: each paragraph gives its parent its score, its grandparent half, and so on. */
function scoreParagraphs($: CheerioAPI): Scored[] {
  const candidates = new Set<Scored>();
  const paragraphs = findAll($.root().get(0)!, 'p, pre, td, blockquote, li, dl, h2, h3, div, section, article, font, span');
  for (const el of paragraphs) {
    const text = paragraphText(el);
    if (text === null) continue;
    const weight = textWeight(text);
    if (weight < BODY.minParagraphWeight || inPageChrome(el)) continue;
    // Items of a list of entries (threads, headlines with teasers) are not the article's paragraphs.
    if (el.name === 'li' && el.parent && isEntryList(el.parent as Element)) continue;
    const commas = (text.match(/[,，、。;；.]/g) ?? []).length;
    const score = 1 + commas + Math.min(Math.floor(weight / 100), 3);
    // A text-carrying div scores for itself too (Chinese pages often put text straight into divs).
    const ownTextDiv = el.name === 'div' || el.name === 'td' || el.name === 'section' || el.name === 'article' || el.name === 'font' || el.name === 'span';
    let node: Element | null = ownTextDiv ? el : (el.parent as Element | null);
    for (let level = 0; node && node.type === 'tag' && level < 4; level++, node = node.parent as Element | null) {
      if (node.name === 'body' || node.name === 'html') break;
      const scored = node as Scored;
      if (scored[SCORE] === undefined) {
        scored[SCORE] = initialScore(node);
        candidates.add(scored);
      }
      scored[SCORE]! += score / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
    }
  }
  return [...candidates];
}

/** Text inside the page's footer, navigation, sidebars or comment thread never makes a container an article. */
function inPageChrome(el: Element): boolean {
  for (let node = el.parent; node && node.type === 'tag'; node = node.parent) {
    const name = (node as Element).name;
    if (name === 'footer' || name === 'nav') return true;
    // Some CMSs wrap the whole article in an <aside> named as content ("pa-direct-content"): that one is not a sidebar.
    if (name === 'aside' && !isArticleNamed(node as Element)) return true;
    const role = (node as Element).attribs['role'];
    if (role === 'contentinfo' || role === 'navigation' || role === 'complementary') return true;
    if (BODY.commentsContainer.test(classAndId(node as Element))) return true;
  }
  return false;
}

function isArticleNamed(el: Element): boolean {
  const names = classAndId(el);
  return BODY.positive.test(names) && !BODY.negative.test(names);
}

/** The text of a paragraph-like element; for containers, only their own direct text and inline children. */
function paragraphText(el: Element): string | null {
  if (el.name === 'p' || el.name === 'pre' || el.name === 'blockquote' || el.name === 'h2' || el.name === 'h3') return textContent(el);
  // A cell or item without blocks is one paragraph; one with blocks counts its own loose text, like a container
  // (a forum post: text and <br>s in a cell that also holds a quote or a signature block).
  // A definition list is terms and definitions, not paragraphs; text put straight into a <dl> is one.
  if (el.name === 'dl' && el.children.some((c) => isElement(c) && (c.name === 'dt' || c.name === 'dd'))) return null;
  if ((el.name === 'li' || el.name === 'td' || el.name === 'dl') && !el.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.name) && c.name !== 'br')) return textContent(el);
  // Containers: count only text that is not inside a block child (that child is scored itself).
  let text = '';
  for (const child of el.children) {
    if (child.type === 'text') text += (child as unknown as { data: string }).data;
    else if (isElement(child) && !BLOCK_TAGS.has(child.name) && child.name !== 'font' && child.name !== 'span') text += textContent(child);
  }
  return clean(text) ? text : null;
}

function initialScore(el: Element): number {
  let score = 0;
  if (el.name === 'article' || el.name === 'main') score += 10;
  else if (el.name === 'div' || el.name === 'section' || el.name === 'td') score += 5;
  else if (el.name === 'ul' || el.name === 'ol' || el.name === 'form' || el.name === 'li') score -= 3;
  const names = classAndId(el);
  if (/(^|[\s_-])itemprop/.test(names) || el.attribs['itemprop'] === 'articleBody') score += BODY.classWeight;
  if (BODY.strongNegative.test(names) || (BODY.negative.test(names) && !BODY.positive.test(names))) score -= BODY.classWeight;
  else if (BODY.positive.test(names)) score += BODY.classWeight;
  return score;
}

/** The best container plus siblings that are parts of the same article (a body split by ads). */
function withSiblingParts($: CheerioAPI, best: Scored, bestScore: number): Element[] {
  const parent = best.parent;
  if (!parent || parent.type !== 'tag') return [best];
  const threshold = Math.max(10, bestScore * BODY.siblingShare);
  const bestClass = best.attribs['class'] ?? '';
  const parts: Element[] = [];
  for (const sibling of (parent as Element).children) {
    if (!isElement(sibling)) continue;
    if (sibling === best) {
      parts.push(sibling);
      continue;
    }
    if (isChromeSibling(sibling)) continue;
    const score = (sibling as Scored)[SCORE] ?? 0;
    const sameClass = bestClass !== '' && sibling.attribs['class'] === bestClass;
    const text = clean(textContent(sibling));
    if (sameClass || score >= threshold || isParagraphSibling($, sibling, text) || isStandfirst($, sibling)) parts.push(sibling);
  }
  return parts;
}

/** Readability's rule for loose paragraphs next to the body: long with few links, or a short sentence without links. */
function isParagraphSibling($: CheerioAPI, el: Element, text: string): boolean {
  const paragraphLike = el.name === 'p' || (el.name === 'div' && !el.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.name)));
  if (!paragraphLike || !text) return false;
  const density = linkDensity($(el));
  if (textWeight(text) > BODY.looseParagraphWeight) return density < BODY.looseParagraphLinkDensity;
  return density === 0 && /[.!?。！？…”"」』]$/.test(text);
}

/** Drop from inside the article what is not article text: widgets, link lists, boilerplate lines. */
function cleanContainer($: CheerioAPI, root: Element): void {
  const container = $(root);
  $(findAll(root, BODY.chromeSelector)).remove();
  // An <aside> inside an article is a pull quote, a box or an ad, never running text.
  for (const el of findAll(root, 'aside')) $(el).remove();
  for (const el of findAll(root, '*')) {
    if (!el.parent) continue;
    const names = classAndId(el);
    if (names.trim() && BODY.negative.test(names) && !BODY.positive.test(names)) {
      if (textWeight(textContent(el)) < 2000 || linkDensity($(el)) > BODY.maxLinkDensity) $(el).remove();
    }
  }
  removeLinkBlocks($, root);
  removeOrphanCaptions($, root);
  removeCreditLines($, root);
  trimCaptionCredits($, root);
  removeBoilerplateLines($, container);
}

/**
 * Old portals lay out pages with tables: a body that is a table cell, or a table whose cells hold
 * paragraphs, is layout, not data. It becomes plain blocks so it reads (and converts) as text.
 */
function unwrapLayoutTables(part: Element): void {
  const cells = [part, ...findAll(part, 'td, th')].filter((el) => el.name === 'td' || el.name === 'th' || el === part);
  for (const cell of cells) {
    const blocks = childrenMatching(cell, 'p, div, table, ul, ol, h1, h2, h3, h4, blockquote').length;
    // A data cell may wrap its value in a <p>; a layout cell holds running text or whole tables.
    if (!blocks || (textWeight(clean(textContent(cell))) < BODY.minLayoutCellWeight && !childrenMatching(cell, 'table').length)) continue;
    // The cell holds blocks: it and the table structure around it, up to the part, are layout.
    for (let el: Element | null = cell; el; el = el === part ? null : (el.parent as Element | null)) {
      if (LAYOUT_CELL.has(el.name)) el.name = 'div';
    }
  }
}

const LAYOUT_CELL = new Set(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'table']);

const MAX_BOILERPLATE_LINE = 200;

function removeBoilerplateLines($: CheerioAPI, container: Cheerio<Element>): void {
  for (const el of findAll(container[0]!, 'p, div, span, li, h2, h3, h4, h5, h6, td, strong, em, section')) {
    if (!el.parent) continue;
    const node = $(el);
    if (hasMatch(el, 'p, div, li, table')) continue;
    // Only lines under 200 characters are boilerplate: longer text need not be read whole.
    const text = cleanTextUpTo(el, MAX_BOILERPLATE_LINE - 1);
    if (text === null) continue;
    if (!text) {
      if (!hasMatch(el, 'img')) node.remove();
      continue;
    }
    if (text.length < MAX_BOILERPLATE_LINE && (BODY.boilerplateLine.some((re) => re.test(text)) || isSignUpCall(text))) node.remove();
  }
}

/** A line asking the reader to sign up with the publication ("Never miss … sign up to our newsletter"): not the story's, wherever it sits. */
function isSignUpCall(text: string): boolean {
  return BODY.signUp.test(text) && BODY.readerAddress.test(text);
}

export function isBlock(node: AnyNode): boolean {
  return isElement(node) && BLOCK_TAGS.has(node.name);
}
