// CSS selector queries on the parsed document, each selector compiled once per process.
//
// cheerio's `.find()`, `.is()` and `.closest()` parse and compile their selector on every call
// (`.closest()` once for every ancestor it tests); the extractors ask the same few dozen selectors
// hundreds of times a page, and parsing and compiling them was about a tenth of parse time. These helpers
// compile with css-select, the engine cheerio itself uses, so an element matches here exactly when
// it matches there, and they return plain arrays in document order.

import { compile } from 'css-select';
import { parse, type Selector } from 'css-what';
import type { Cheerio, CheerioAPI } from 'cheerio';
import { hasChildren, isTag, type AnyNode, type Element } from 'domhandler';
import { textContent } from './text.ts';

/**
 * The element a `findAll` runs under: no match may reach above it. cheerio reads a selector given
 * to `$(root).find()` relative to root ("a img" means an <a> inside root, or root itself, around
 * the image); stopping the parent walk at root gives the same answers. Null outside `findAll`.
 */
let boundary: AnyNode | null = null;

/**
 * The node tree as css-select walks it (what domutils gives cheerio), except that `boundary` has no
 * parent. The supported selectors use the first five functions; css-select's adapter type asks for all.
 */
const adapter = {
  isTag: (node: AnyNode): node is Element => isTag(node),
  getParent: (node: Element): AnyNode | null => (node === boundary ? null : node.parent),
  getChildren: (node: AnyNode): AnyNode[] => (hasChildren(node) ? node.children : []),
  getName: (el: Element): string => el.name,
  getAttributeValue: (el: Element, name: string): string | undefined => el.attribs[name],
  hasAttrib: (el: Element, name: string): boolean => Object.hasOwn(el.attribs, name) && el.attribs[name] != null,
  getSiblings: (node: AnyNode): AnyNode[] => (node.parent ? node.parent.children : [node]),
  prevElementSibling: (node: AnyNode): Element | null => {
    let prev = node.prev;
    while (prev && !isTag(prev)) prev = prev.prev;
    return prev;
  },
  getText: (node: AnyNode): string => textContent(node),
  existsOne: (test: (el: Element) => boolean, nodes: AnyNode[]): boolean => nodes.some((n) => (isTag(n) && test(n)) || (hasChildren(n) && adapter.existsOne(test, n.children))),
  findAll: (test: (el: Element) => boolean, nodes: AnyNode[]): Element[] => {
    const out: Element[] = [];
    for (const node of nodes) collect(node, test, out);
    return out;
  },
  findOne: (test: (el: Element) => boolean, nodes: AnyNode[]): Element | null => {
    for (const node of nodes) {
      const found: Element[] = [];
      collect(node, test, found, 1);
      if (found.length) return found[0]!;
    }
    return null;
  },
  removeSubsets: (nodes: AnyNode[]): AnyNode[] =>
    nodes.filter((node, i) => nodes.indexOf(node) === i && !nodes.some((other) => other !== node && contains(other, node))),
};

function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let up = node.parent; up; up = up.parent) if (up === ancestor) return true;
  return false;
}

/** Elements at or under `node` that pass `test`, in document order, up to `limit`. */
function collect(node: AnyNode, test: (el: Element) => boolean, out: Element[], limit = Infinity): void {
  if (out.length >= limit) return;
  if (isTag(node) && test(node)) out.push(node);
  if (hasChildren(node)) for (const child of node.children) collect(child, test, out, limit);
}

/**
 * `collect` without a limit, for whole-page queries: one walk of every node of the page each, so
 * it tests node types directly (text nodes have no children, elements are tag, script or style).
 */
function collectAll(node: AnyNode, test: (el: Element) => boolean, out: Element[]): void {
  const type = node.type;
  if ((type === 'tag' || type === 'script' || type === 'style') && test(node as Element)) out.push(node as Element);
  const children = (node as Partial<Element>).children;
  if (children !== undefined) for (let i = 0; i < children.length; i++) collectAll(children[i]!, test, out);
}

type Matcher = (el: Element) => boolean;

const compiled = new Map<string, Matcher>();

/** The selector's matcher, compiled on first use. */
function matcher(selector: string): Matcher {
  let match = compiled.get(selector);
  if (!match) {
    match = compileList(selector);
    compiled.set(selector, match);
  }
  return match;
}

/**
 * A selector list as one test. Plain tag names ("p, div, li") are looked up in a set: css-select
 * would try them one after another, and the long lists the extractors use ask for a dozen names
 * of every element of the page. The rest is css-select's.
 */
function compileList(selector: string): Matcher {
  const groups = parse(selector);
  assertSupported(selector, groups);
  const names = new Set<string>();
  const rest: Selector[][] = [];
  for (const group of groups) {
    const only = group.length === 1 ? group[0]! : null;
    if (only?.type === 'tag') names.add(only.name.toLowerCase());
    else rest.push(group);
  }
  const others = rest.length ? compile<AnyNode, Element>(rest, { adapter }) : null;
  if (!names.size) return others!;
  if (!others) return (el) => isTag(el) && names.has(el.name);
  return (el) => (isTag(el) && names.has(el.name)) || others(el);
}

/** Parts of selectors that mean something else relative to a root (siblings, :scope) or that cheerio treats on its own (:first, :eq). */
const UNSUPPORTED = new Set(['adjacent', 'sibling', 'pseudo', 'pseudo-element', 'parent', 'column-combinator']);

function assertSupported(selector: string, groups: Selector[][]): void {
  for (const group of groups) {
    if (!group.length || group[0]!.type === 'child' || group[0]!.type === 'descendant') throw new Error(`select: relative selector "${selector}"`);
    const bad = group.find((token) => UNSUPPORTED.has(token.type));
    if (bad) throw new Error(`select: "${selector}" uses ${bad.type}, which these helpers do not support`);
  }
}

/** Elements under `root` (not root itself) matching `selector`, in document order: `$(root).find(selector)`. */
export function findAll(root: AnyNode, selector: string): Element[] {
  const match = matcher(selector);
  const out: Element[] = [];
  if (!hasChildren(root)) return out;
  boundary = root;
  try {
    for (const child of root.children) if (isTag(child)) collectAll(child, match, out);
  } finally {
    boundary = null;
  }
  return out;
}

/** The first element under `root` matching `selector`, or null: `$(root).find(selector).first()`. */
export function findFirst(root: AnyNode, selector: string): Element | null {
  const match = matcher(selector);
  if (!hasChildren(root)) return null;
  const out: Element[] = [];
  boundary = root;
  try {
    for (const child of root.children) {
      if (isTag(child)) collect(child, match, out, 1);
      if (out.length) break;
    }
  } finally {
    boundary = null;
  }
  return out[0] ?? null;
}

/** Whether some element under `root` matches `selector`: `$(root).find(selector).length > 0`. */
export function hasMatch(root: AnyNode, selector: string): boolean {
  return findFirst(root, selector) !== null;
}

/** Whether `node` is an element matching `selector`: `$(node).is(selector)`. */
export function matches(node: AnyNode, selector: string): boolean {
  return isTag(node) && matcher(selector)(node);
}

/** `node` or its nearest ancestor element matching `selector`, or null: `$(node).closest(selector)`. */
export function closest(node: AnyNode, selector: string): Element | null {
  const match = matcher(selector);
  let el: AnyNode | null = node.type === 'root' || isTag(node) ? node : node.parent;
  for (; el && isTag(el); el = el.parent) if (match(el)) return el;
  return null;
}

/** Element children of `el` matching `selector`: `$(el).children(selector)`. */
export function childrenMatching(el: Element, selector: string): Element[] {
  const match = matcher(selector);
  return el.children.filter((c): c is Element => isTag(c) && match(c));
}

/** `$(selector)`, the selector compiled once: the document's elements that match, as a selection. */
export function query($: CheerioAPI, selector: string): Cheerio<Element> {
  return $(findAll($.root().get(0)!, selector));
}

/** Every selector compiled so far in this process (tests compare each with cheerio's own answers). */
export function compiledSelectors(): string[] {
  return [...compiled.keys()];
}
