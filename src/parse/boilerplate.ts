// Blocks around and inside an article that are page furniture (footers, author boxes, comment
// forms, share and like widgets), told apart by their tag, their class/id or what is left of them.

import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { BODY } from './constants.ts';
import { matchesHeading as isRelatedHeading } from './related.ts';
import { BLOCK_TAGS, classAndId, clean, isElement, textContent, textWeight } from './text.ts';
import { closest, findAll } from './select.ts';

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

const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * A share, like or related-posts widget whose links were removed leaves its label behind
 * ("Share this:", "Related posts"). An article does not end on a heading or on a "label:" line,
 * so such short lines at the very end of the body go, one after another.
 */
export function dropTrailingLabels($: CheerioAPI, parts: Element[]): void {
  for (let i = 0; i < BODY.maxTrailingLabels; i++) {
    const block = lastTextBlock(parts);
    if (!block || parts.includes(block) || hasDescendant(block, 'img')) return;
    const text = clean(textContent(block));
    // A related-posts title whose list is gone is a label too, whatever tag holds it ("<p><em>Related posts</em></p>").
    const related = isRelatedHeading(text);
    const label = HEADING.has(block.name) || /[:：]$/.test(text) || related;
    if (!label || (text.length > BODY.maxTrailingLabelLength && !related)) return;
    $(block).remove();
  }
}

/** The block element (or part) holding the last non-blank text of the body. */
export function lastTextBlock(parts: Element[]): Element | null {
  for (let p = parts.length - 1; p >= 0; p--) {
    const text = lastText(parts[p]!);
    if (!text) continue;
    let el = text.parent as Element;
    while (el !== parts[p] && !BLOCK_TAGS.has(el.name)) el = el.parent as Element;
    return el;
  }
  return null;
}

function lastText(node: AnyNode): AnyNode | null {
  if (node.type === 'text') return clean((node as unknown as { data: string }).data) ? node : null;
  if (!isElement(node)) return null;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const found = lastText(node.children[i]!);
    if (found) return found;
  }
  return null;
}

function hasDescendant(el: Element, name: string): boolean {
  return el.children.some((c) => isElement(c) && (c.name === name || hasDescendant(c, name)));
}

/**
 * Link lists and short link blocks inside the body (tag rows, share bars, teaser lists, a "Read also:"
 * heading that links another story): measured in one walk, removed top-down.
 */
export function removeLinkBlocks($: CheerioAPI, root: Element): void {
  const sizes = measureTree(root);
  const linkBlocks: Element[] = [];
  let linkWeight = 0;
  for (const el of findAll(root, 'ul, ol, dl, table, div, section, p, h2, h3, h4, h5, h6')) {
    if (linkBlocks.some((b) => isInside(el, b))) continue; // taken with an outer block
    const size = sizes.get(el);
    // A block inside a link (a teaser card's headline, "<a><h2>…</h2></a>") holds no link of its own but is all link text.
    if (!size || (!size.links && !size.linked) || !size.weight) continue;
    const density = size.linked / size.weight;
    if (density > BODY.maxLinkDensity && (size.weight < BODY.shortBlockWeight * 4 || size.links >= 3)) {
      linkBlocks.push(el);
      linkWeight += size.weight;
    }
  }
  // A post that is a list of links (a link roll, a reading list) is all link blocks: those are its text.
  const total = sizes.get(root)?.weight ?? 0;
  const linkRoll = total >= BODY.minLinkRollWeight && linkWeight > total * BODY.maxLinkBlockShare;
  if (!linkRoll) for (const el of linkBlocks) $(el).remove();
}

interface TreeSize {
  weight: number;
  linked: number;
  links: number;
}

/** Text weight, linked weight and link count of every element under root, in one bottom-up walk. */
function measureTree(root: Element): Map<Element, TreeSize> {
  const sizes = new Map<Element, TreeSize>();
  const walk = (node: AnyNode, inLink: boolean): TreeSize => {
    if (node.type === 'text') {
      const weight = textWeight((node as unknown as { data: string }).data);
      return { weight, linked: inLink ? weight : 0, links: 0 };
    }
    if (node.type !== 'tag') return { weight: 0, linked: 0, links: 0 };
    const el = node as Element;
    const isLink = el.name === 'a';
    const size: TreeSize = { weight: 0, linked: 0, links: isLink ? 1 : 0 };
    for (const child of el.children) {
      const c = walk(child, inLink || isLink);
      size.weight += c.weight;
      size.linked += c.linked;
      size.links += c.links;
    }
    sizes.set(el, size);
    return size;
  };
  walk(root, false);
  return sizes;
}

/** el is root or lies under it. */
function isInside(el: Element, root: Element): boolean {
  for (let node: AnyNode | null = el; node; node = node.parent) if (node === root) return true;
  return false;
}


const CAPTION_NAME = /(^|[\s_-])(caption|captions|credit|credits|caption-text|photo-credit|image-credit)([\s_-]|$)/i;
/** What a caption may describe: pictures, including AMP's and embeds that stand for one. */
const PICTURE_TAGS = ['img', 'picture', 'amp-img', 'amp-anim', 'amp-video', 'amp-instagram'];

/**
 * A caption whose picture is gone (a slideshow or lazy image the scrape did not keep) is a stray
 * line, often repeated; a caption beside its picture stays with it as part of the article.
 */
export function removeOrphanCaptions($: CheerioAPI, root: Element): void {
  for (const el of findAll(root, 'figcaption, [class], [id]')) {
    if (!el.parent || el === root) continue;
    if (el.name !== 'figcaption' && !CAPTION_NAME.test(classAndId(el))) continue;
    const holder = closest(el, 'figure') ?? (el.parent as Element);
    if (!PICTURE_TAGS.some((name) => hasDescendant(holder, name))) $(el).remove();
  }
}
