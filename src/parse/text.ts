// Text helpers shared by the extractors: whitespace, CJK-aware lengths, block-wise text of a subtree.

import type { Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** Collapse every run of Unicode whitespace (incl. U+3000 and NBSP) to one space, then trim; soft hyphens (invisible break hints) go. */
export function clean(text: string | undefined | null): string {
  return (text ?? '').replace(/\u00ad/g, '').replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Count of CJK characters in a string. */
export function cjkCount(text: string): number {
  return text.match(CJK)?.length ?? 0;
}

/** A length that treats one CJK character like ~3 Latin letters (a CJK character carries a word's meaning). */
export function textWeight(text: string): number {
  // One pass over char codes, no allocation: this runs for every block of every page.
  let weight = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0xa0 || c === 0x3000) continue;
    if (isCjkCode(c)) weight += 3;
    else if (c >= 0xd800 && c <= 0xdbff) {
      weight += 3; // astral Han (Extension B and later)
      i++;
    } else weight += 1;
  }
  return weight;
}

function isCjkCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}

export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li',
  'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  'caption', 'summary', 'html',
]);

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/**
 * The text of a subtree, one line per block (paragraph, heading, list item, table cell, caption).
 * `<br>` also ends a line. Lines are whitespace-collapsed and empty ones dropped.
 */
export function blockLines(nodes: AnyNode[] | AnyNode, options: { spaceBetweenElements?: boolean } = {}): string[] {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = clean(current);
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      current += (node as unknown as { data: string }).data;
      return;
    }
    if (!isElement(node)) return;
    const name = node.name;
    if (name === 'script' || name === 'style' || name === 'noscript' || name === 'template') return;
    if (name === 'br') {
      flush();
      return;
    }
    if (name === 'img') return;
    const block = BLOCK_TAGS.has(name);
    if (block) flush();
    // Metadata rows put fields in adjacent spans ("记者：黎敏 周卓" + "城市"): keep them apart.
    else if (options.spaceBetweenElements) current += ' ';
    for (const child of node.children) walk(child);
    if (block) flush();
    else if (options.spaceBetweenElements) current += ' ';
  };
  for (const node of Array.isArray(nodes) ? nodes : [nodes]) walk(node);
  flush();
  return lines;
}

/**
 * The text of a node and everything under it, as cheerio's `.text()` gives it (script and style
 * text included, comments not), without wrapping the node in a selection first.
 */
export function textContent(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (node.type === 'comment' || !('children' in node)) return '';
  let text = '';
  for (const child of (node as Element).children) text += textContent(child);
  return text;
}

/** Whitespace-collapsed text of a cheerio selection. */
export function textOf(el: Cheerio<AnyNode>): string {
  return clean(el.text());
}

/** Share of a subtree's text that sits inside links (0..1), by weight; one walk, no strings built. */
export function linkDensity(el: Cheerio<AnyNode>): number {
  let total = 0;
  let linked = 0;
  const walk = (node: AnyNode, inLink: boolean) => {
    if (node.type === 'text') {
      const w = textWeight((node as unknown as { data: string }).data);
      total += w;
      if (inLink) linked += w;
      return;
    }
    if (node.type !== 'tag') return;
    const link = inLink || ((node as Element).name === 'a' && !isTextWrapper(node as Element));
    for (const child of (node as Element).children) walk(child, link);
  };
  for (const node of el.toArray()) walk(node, false);
  return total ? Math.min(1, linked / total) : 0;
}

/**
 * `linkDensity` of every element under `root` at once, from one bottom-up walk: asking it of each
 * scoring candidate walked the same subtrees again and again. The sums are of whole numbers, so
 * each share is exactly what `linkDensity` computes for that element. Valid until the tree changes.
 */
export function linkDensities(root: AnyNode): (el: Element) => number {
  const sizes = new Map<Element, { total: number; linked: number }>();
  const walk = (node: AnyNode): number => {
    if (node.type === 'text') return textWeight((node as unknown as { data: string }).data);
    if (node.type !== 'tag' && node.type !== 'root') return 0;
    let total = 0;
    let linked = 0;
    for (const child of (node as Element).children) {
      const weight = walk(child);
      total += weight;
      // A link's text is linked text, seen from any element around the link.
      if (child.type === 'tag' && (child as Element).name === 'a' && weight < WRAPPER_LINK_WEIGHT) linked += weight;
      else if (child.type === 'tag') linked += sizes.get(child as Element)!.linked;
    }
    if (node.type === 'tag') sizes.set(node as Element, { total, linked });
    return total;
  };
  walk(root);
  return (el) => {
    const size = sizes.get(el);
    if (!size || !size.total) return 0;
    // Asked of a link itself, all its text is linked (unless it wraps running text).
    const linked = el.name === 'a' && size.total < WRAPPER_LINK_WEIGHT ? size.total : size.linked;
    return Math.min(1, linked / size.total);
  };
}

/** Text weight from which a link is a wrapper around running text (a whole transcript linking its page), not a link. */
const WRAPPER_LINK_WEIGHT = 1000;

function isTextWrapper(link: Element): boolean {
  let weight = 0;
  const walk = (node: AnyNode): void => {
    if (weight >= WRAPPER_LINK_WEIGHT) return;
    if (node.type === 'text') weight += textWeight((node as unknown as { data: string }).data);
    else if (node.type === 'tag') for (const child of (node as Element).children) walk(child);
  };
  walk(link);
  return weight >= WRAPPER_LINK_WEIGHT;
}

/** The element's class and id, lower-cased, for pattern tests. */
export function classAndId(el: Element): string {
  return `${el.attribs['class'] ?? ''} ${el.attribs['id'] ?? ''}`.toLowerCase();
}

/** Resolve an href/src against a base URL; null for unusable or non-http(s) targets. */
export function absoluteUrl(href: string | undefined, base: string | null): string | null {
  const value = (href ?? '').trim();
  if (!value || value.startsWith('#') || /^(javascript|mailto|tel|data|about):/i.test(value)) return null;
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The whitespace-collapsed text of an element when it has at most `maxLength` visible characters,
 * else null. Gives up as soon as the count is passed, so asking big containers costs little.
 */
export function shortText(el: Element, maxLength: number): string | null {
  let visible = 0;
  const pieces: string[] = [];
  const walk = (node: AnyNode): boolean => {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        if (c > 0x20 && c !== 0xa0 && c !== 0x3000 && c !== 0x200b && c !== 0xfeff && ++visible > maxLength) return false;
      }
      pieces.push(data);
      return true;
    }
    if (!isElement(node)) return true;
    for (const child of node.children) if (!walk(child)) return false;
    return true;
  };
  return walk(el) ? clean(pieces.join('')) : null;
}

/** Whether an element has a descendant element with one of these names (stops at the first). */
export function hasDescendant(el: Element, names: ReadonlySet<string>): boolean {
  for (const child of el.children) {
    if (isElement(child) && (names.has(child.name) || hasDescendant(child, names))) return true;
  }
  return false;
}

/** The first element under `root`, in document order, that passes `test`. */
export function firstElement(root: AnyNode, test: (el: Element) => boolean): Element | null {
  const children = (root as Element).children ?? [];
  for (const child of children) {
    if (!isElement(child)) continue;
    if (test(child)) return child;
    const found = firstElement(child, test);
    if (found) return found;
  }
  return null;
}

/**
 * `clean()` of an element's text as cheerio's `.text()` gives it (with `withoutLinks`, leaving out
 * text inside `<a>`), or null once more than `maxLength` characters that `clean()` keeps are seen:
 * its result would be longer than that. Asking a big container so costs little.
 */
export function cleanTextUpTo(el: Element, maxLength: number, options: { withoutLinks?: boolean } = {}): string | null {
  let kept = 0;
  const pieces: string[] = [];
  const walk = (node: AnyNode): boolean => {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      for (let i = 0; i < data.length; i++) if (!isCollapsible(data.charCodeAt(i)) && ++kept > maxLength) return false;
      pieces.push(data);
      return true;
    }
    if (options.withoutLinks && node.type === 'tag' && (node as Element).name === 'a') return true;
    if ('children' in node) for (const child of (node as Element).children) if (!walk(child)) return false;
    return true;
  };
  return walk(el) ? clean(pieces.join('')) : null;
}

/** Whitespace `clean()` collapses (JavaScript's \s, U+200B, U+FEFF) and the soft hyphen it drops. */
function isCollapsible(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0xad || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
