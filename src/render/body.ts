// Finishing touches on an article body's sanitized HTML tree: addresses made absolute (or
// dropped), in-page links pointed at the sanitizer's prefixed ids, outgoing links marked, images
// shown from the archive's own copy (or, when there is none, as a link to the original unless
// hot-linking is allowed), lone images turned into figures, empty paragraphs removed, and headings
// moved under the page's own h1. Runs after rehype-sanitize and adds only attributes chosen here.

import type { Element, ElementContent, Root, RootContent } from 'hast';
import { CLOBBER_PREFIX, EXTERNAL_REL } from './constants.ts';
import type { BodyImages } from './images.ts';
import { safeHttpUrl } from './links.ts';

export interface BodyContext {
  /** The article's original address, to resolve relative links and images against. */
  baseUrl: string | null;
  /** Image captions from the record's `images`, by absolute image address. */
  captions: ReadonlyMap<string, string>;
  /** Where the pictures are shown from (see images.ts). */
  images: BodyImages;
}

/** The class of a link standing for a picture the archive did not keep. */
export const NOT_SAVED_CLASS = 'image-not-saved';

const HEADING = /^h([1-6])$/;

export function tidyBody(tree: Root, context: BodyContext): void {
  const { shift, ids } = survey(tree);
  /** Each picture's original address, by the element now showing it (its src may be the kept copy). */
  const originals = new Map<Element, string>();
  transformChildren(tree, (node, parent) => {
    if (node.tagName === 'a') return fixLink(node, context, ids);
    if (node.tagName === 'img') return fixImage(node, context, originals, parent);
    const level = HEADING.exec(node.tagName)?.[1];
    if (level !== undefined && shift > 0) node.tagName = `h${Math.min(6, Number(level) + shift)}`;
    return node;
  });
  transformChildren(tree, (node) => (node.tagName === 'p' ? tidyParagraph(node, context, originals) : node));
  dropRepeatedCaptions(tree);
}

/** Records keep a caption as the paragraph after its image too (it is body text); show it once, in the figure. */
function dropRepeatedCaptions(parent: Root | Element): void {
  const kept: RootContent[] = [];
  let caption: string | null = null;
  for (const child of parent.children) {
    if (child.type === 'text' && child.value.trim() === '') {
      kept.push(child);
      continue;
    }
    if (caption !== null && child.type === 'element' && child.tagName === 'p' && textOf(child).trim() === caption) {
      caption = null;
      continue;
    }
    caption = null;
    if (child.type === 'element') {
      if (child.tagName === 'figure') {
        const figcaption = child.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
        caption = figcaption ? textOf(figcaption).trim() : null;
      } else dropRepeatedCaptions(child);
    }
    kept.push(child);
  }
  parent.children = kept as ElementContent[];
}

function textOf(node: Element | ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** The heading levels to add so the body's top heading is an h2 under the page's h1, and the ids in the body. */
function survey(tree: Root): { shift: number; ids: Set<string> } {
  let top = 7;
  const ids = new Set<string>();
  transformChildren(tree, (node) => {
    const level = HEADING.exec(node.tagName)?.[1];
    if (level !== undefined) top = Math.min(top, Number(level));
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    return node;
  });
  return { shift: top === 1 ? 1 : 0, ids };
}

function fixLink(node: Element, context: BodyContext, ids: ReadonlySet<string>): Element {
  const href = node.properties.href;
  if (typeof href !== 'string') return node;
  if (href.startsWith('#')) {
    // The sanitizer prefixed every id (DOM clobbering); point in-page links, e.g. footnotes, at the prefixed ones.
    const prefixed = `${CLOBBER_PREFIX}${href.slice(1)}`;
    if (ids.has(prefixed)) node.properties.href = `#${prefixed}`;
    return node;
  }
  const url = safeHttpUrl(href, context.baseUrl);
  if (url === null) {
    delete node.properties.href;
  } else {
    node.properties.href = url;
    node.properties.rel = EXTERNAL_REL.split(' ');
  }
  return node;
}

/**
 * An image without a usable address is dropped: a relative one would point into dist/. One the
 * archive keeps is shown from there; another is hot-linked only when allowed, else it becomes a
 * link to the original (a reader's browser then asks no other host unless the reader follows it).
 */
function fixImage(node: Element, context: BodyContext, originals: Map<Element, string>, parent: Root | Element): Element | null {
  const src = typeof node.properties.src === 'string' ? safeHttpUrl(node.properties.src, context.baseUrl) : null;
  if (src === null) return null;
  const kept = context.images.local[src];
  if (kept === undefined && !context.images.remote) {
    // Inside a link already: words alone, as a link cannot hold another.
    const link = notSavedLink(node, src, context.images.notSaved, parent.type === 'element' && parent.tagName === 'a');
    originals.set(link, src);
    return link;
  }
  node.properties.src = kept ?? src;
  node.properties.loading = 'lazy';
  node.properties.decoding = 'async';
  // Hot-linked images send no referrer (many news sites refuse foreign ones).
  if (kept === undefined) node.properties.referrerPolicy = 'no-referrer';
  originals.set(node, src);
  return node;
}

/** "Image not saved (<alt or host>)", linking to the picture's original address. */
function notSavedLink(image: Element, src: string, words: string, inLink: boolean): Element {
  const alt = typeof image.properties.alt === 'string' ? image.properties.alt.trim() : '';
  const properties: Element['properties'] = inLink ? { className: [NOT_SAVED_CLASS] } : { className: [NOT_SAVED_CLASS], href: src, rel: EXTERNAL_REL.split(' ') };
  if (typeof image.properties.title === 'string') properties.title = image.properties.title;
  return { type: 'element', tagName: inLink ? 'span' : 'a', properties, children: [{ type: 'text', value: words.replace('{name}', alt || new URL(src).host) }] };
}

/**
 * A paragraph left empty (its raw HTML or unsafe image dropped) goes; one holding a single image
 * becomes a figure, captioned when we know a caption.
 */
function tidyParagraph(node: Element, context: BodyContext, originals: ReadonlyMap<Element, string>): Element | null {
  const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (content.length === 0) return null;
  const [image] = content;
  if (content.length !== 1 || image?.type !== 'element' || !originals.has(image)) return node;
  const title = typeof image.properties.title === 'string' ? image.properties.title.trim() : '';
  // A Markdown image title is the caption; as a tooltip too it would only repeat it.
  if (title) delete image.properties.title;
  const caption = title || context.captions.get(originals.get(image)!) || null;
  const children: ElementContent[] = [image];
  if (caption) {
    children.push({ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] });
  }
  return { type: 'element', tagName: 'figure', properties: {}, children };
}

/** Depth-first over elements; `fn` returns the node to keep (possibly a new one) or null to drop it. */
function transformChildren(parent: Root | Element, fn: (node: Element, parent: Root | Element) => Element | null): void {
  const kept: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    const result = fn(child, parent);
    if (result === null) continue;
    transformChildren(result, fn);
    kept.push(result);
  }
  // Elements hold only element content; everything kept here came out of `parent` or is an element.
  parent.children = kept as ElementContent[];
}
