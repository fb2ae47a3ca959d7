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

export function htmlToMarkdown(html: string): string {
  return String(processor.processSync(html)).trim();
}
