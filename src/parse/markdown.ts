// The article body as GFM Markdown: our cleaned DOM (domhandler) -> hast -> mdast (hast-util-to-mdast,
// what rehype-remark runs) -> Markdown text (mdast-util-to-markdown with GFM). Converting the tree we
// already have avoids parsing the body's HTML a second time.

import type { AnyNode } from 'domhandler';
import type { ElementContent, Root } from 'hast';
import { toMdast } from 'hast-util-to-mdast';
import { toMarkdown, type Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';

/** Chinese pages indent paragraphs with ideographic spaces or NBSP; in Markdown that is noise. */
const PARAGRAPH_INDENT = /^[\u3000\u00a0]+/gm;

const SOFT_HYPHEN = /\u00ad/g;

const MARKDOWN_OPTIONS: ToMarkdownOptions = {
  bullet: '-',
  emphasis: '_',
  fences: true,
  rule: '-',
  listItemIndent: 'one',
  extensions: [gfmToMarkdown()],
};

export function nodesToMarkdown(nodes: AnyNode[]): string {
  const root: Root = { type: 'root', children: nodes.map(toHast).filter((n): n is ElementContent => n !== null) };
  return toMarkdown(toMdast(root), MARKDOWN_OPTIONS).replace(PARAGRAPH_INDENT, '').trim();
}

/** Attributes Markdown can carry; the rest of a scraped element's attributes do not matter here. */
const KEPT_ATTRIBUTES: Record<string, string> = { href: 'href', src: 'src', alt: 'alt', title: 'title', colspan: 'colSpan', rowspan: 'rowSpan', align: 'align', start: 'start' };

/**
 * Addresses a record may hold: http(s) or relative (no scheme). The extractors already made links
 * and images absolute; this is the allow-list at the boundary, so no `javascript:` or `data:`
 * address reaches content/ whatever element carried it.
 */
const SAFE_ADDRESS = /^(?:https?:|[^:/?#]*(?:[/?#]|$))/i;

/** Elements whose meaning for Markdown is to change where addresses point or what runs: dropped, children and all. */
const DROPPED_ELEMENTS = new Set(['base', 'script', 'style', 'template', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'portal']);

function toHast(node: AnyNode): ElementContent | null {
  // Soft hyphens are invisible break hints; in the record they would only split words for search.
  if (node.type === 'text') return { type: 'text', value: (node as unknown as { data: string }).data.replace(SOFT_HYPHEN, '') };
  if (node.type !== 'tag' || DROPPED_ELEMENTS.has(node.name.toLowerCase())) return null;
  // Built by hand rather than with hastscript: this runs for every element of every body.
  const properties: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(node.attribs)) {
    const key = KEPT_ATTRIBUTES[name.toLowerCase()];
    if (!key || ((key === 'href' || key === 'src') && !SAFE_ADDRESS.test(value.trim()))) continue;
    properties[key] = key === 'colSpan' || key === 'rowSpan' || key === 'start' ? Number(value) || 1 : value;
  }
  const children: ElementContent[] = [];
  for (const child of node.children) {
    const converted = toHast(child);
    if (converted) children.push(converted);
  }
  return { type: 'element', tagName: node.name.toLowerCase(), properties, children };
}
