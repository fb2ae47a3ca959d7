// Article bodies: GFM Markdown -> HTML that is safe to put on a page. Raw HTML in the Markdown is
// dropped (remark-rehype without allowDangerousHtml), and the result is sanitized with GitHub's
// schema anyway, so no script, event handler, iframe or `javascript:` address survives.

import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { ArticleRecord } from '../model/index.ts';
import { tidyBody } from './body.ts';
import { CLOBBER_PREFIX } from './constants.ts';
import type { BodyImages } from './images.ts';
import { safeHttpUrl } from './links.ts';

// Figures are built after sanitizing (body.ts), from images the schema already let through,
// so the schema needs no additions.
const pipeline = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // Ids unprefixed here: the sanitizer adds its prefix once, and body.ts points footnote links at it.
  .use(remarkRehype, { clobberPrefix: '' })
  .use(rehypeSanitize, { ...defaultSchema, clobberPrefix: CLOBBER_PREFIX })
  .use(rehypeStringify)
  .freeze();

/** What of a record its body's HTML is made from (a body worker is sent only this). */
export type BodySource = Pick<ArticleRecord, 'body' | 'images'>;

/** The record's body as sanitized HTML; `baseUrl` is its checked original address. */
export async function bodyHtml(record: BodySource, baseUrl: string | null, images: BodyImages): Promise<string> {
  const tree = await pipeline.run(pipeline.parse(record.body));
  tidyBody(tree, { baseUrl, captions: imageCaptions(record, baseUrl), images });
  return pipeline.stringify(tree);
}

function imageCaptions(record: BodySource, baseUrl: string | null): Map<string, string> {
  const captions = new Map<string, string>();
  for (const image of record.images) {
    const src = safeHttpUrl(image.src, baseUrl);
    const caption = image.caption?.trim();
    if (src !== null && caption && !captions.has(src)) captions.set(src, caption);
  }
  return captions;
}
