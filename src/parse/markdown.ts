// The article body as GFM Markdown, through unified: HTML (hast) -> Markdown syntax tree (mdast) -> text.

import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark)
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '_', fences: true, rule: '-', listItemIndent: 'one' })
  .freeze();

/** Chinese pages indent paragraphs with ideographic spaces or NBSP; in Markdown that is noise. */
const PARAGRAPH_INDENT = /^[\u3000\u00a0]+/gm;

export function htmlToMarkdown(html: string): string {
  return String(processor.processSync(html)).replace(PARAGRAPH_INDENT, '').trim();
}
