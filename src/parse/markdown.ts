// The article body as GFM Markdown: our cleaned DOM (domhandler) -> hast -> mdast (hast-util-to-mdast,
// what rehype-remark runs) -> Markdown text (mdast-util-to-markdown with GFM). Converting the tree we
// already have avoids parsing the body's HTML a second time.

import type { AnyNode } from 'domhandler';
import type { ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toMdast } from 'hast-util-to-mdast';
import { toMarkdown, type Options as ToMarkdownOptions } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';

/** Chinese pages indent paragraphs with ideographic spaces or NBSP; in Markdown that is noise. */
const PARAGRAPH_INDENT = /^[\u3000\u00a0]+/gm;

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

function toHast(node: AnyNode): ElementContent | null {
  if (node.type === 'text') return { type: 'text', value: (node as unknown as { data: string }).data };
  if (node.type !== 'tag') return null;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(node.attribs)) {
    // Only names hastscript can map; scraped pages carry every kind of junk attribute.
    if (/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(name)) attributes[name] = value;
  }
  const children = node.children.map(toHast).filter((n): n is ElementContent => n !== null);
  return h(node.name, attributes, children) as ElementContent;
}
