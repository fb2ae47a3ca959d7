// Article images with their captions: <figure>/<figcaption>, WordPress captions, and the short
// centred line Chinese sites put under a picture. Lazy-load attributes win over placeholders.

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { ImageRef } from '../model/index.ts';
import { absoluteUrl, clean, textContent, textWeight } from './text.ts';
import { closest, findAll, hasMatch, matches } from './select.ts';

const LAZY_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-url', 'data-echo', 'original', 'file', 'src'];
const NOT_ARTICLE_IMAGE = /logo|avatar|icon|sprite|qrcode|erweima|blank\.gif|spacer|pixel|loading|placeholder|share|weixin|wechat|(?:^|[/_.-])(?:ads?|advert)(?:[/_.-]|$)|banner/i;
const CAPTION_CLASS = /caption|pic[-_]?(?:txt|text|title|info|note)|img[-_]?(?:txt|text|title|note)|photo[-_]?(?:txt|text|note)|tuzhu|credit/i;
const MAX_CAPTION_WEIGHT = 300;

/** Make every <img> in the parts use its real address (lazy-load attributes), absolute. */
export function fixImageSources($: CheerioAPI, parts: Element[], baseUrl: string | null): void {
  for (const part of parts) {
    for (const img of findAll(part, 'img')) {
      const src = imageSource(img, baseUrl);
      if (src) $(img).attr('src', src);
      else $(img).remove();
    }
  }
}

function imageSource(img: Element, baseUrl: string | null): string | null {
  for (const attr of LAZY_ATTRS) {
    const value = img.attribs[attr];
    if (!value || value.startsWith('data:')) continue;
    const url = absoluteUrl(value, baseUrl);
    if (url) return url;
    if (!baseUrl && /^[\w./-]+\.(jpe?g|png|gif|webp|avif)(\?.*)?$/i.test(value)) return value;
  }
  return null;
}

export function extractImages($: CheerioAPI, parts: Element[]): ImageRef[] {
  const images: ImageRef[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    for (const img of findAll(part, 'img')) {
      const src = img.attribs['src'];
      if (!src || seen.has(src) || NOT_ARTICLE_IMAGE.test(src)) continue;
      const width = Number(img.attribs['width'] ?? 0);
      const height = Number(img.attribs['height'] ?? 0);
      if ((width && width < 60) || (height && height < 60)) continue;
      seen.add(src);
      images.push({ src, alt: clean(img.attribs['alt']) || null, caption: captionOf($, img) });
    }
  }
  return images;
}

function captionOf($: CheerioAPI, img: Element): string | null {
  const figure = closest(img, 'figure, .wp-caption, [class*="caption"]');
  if (figure) {
    const caption = clean($(findAll(figure, 'figcaption, .wp-caption-text, [class*="caption"]')).first().text());
    if (caption) return caption;
  }
  // The block holding the image, then the next block if it is a short caption-like line.
  let block = $(img);
  while (block.parent().length && !matches(block.parent()[0]!, BLOCK_CONTAINERS) && clean(block.parent().text()).length < 2) block = block.parent();
  for (const candidate of [block.next(), block.parent().next()]) {
    if (!candidate.length || hasMatch(candidate[0]!, 'img')) continue;
    const text = clean(candidate.text());
    if (!text || textWeight(text) > MAX_CAPTION_WEIGHT) continue;
    const style = `${candidate.attr('style') ?? ''} ${candidate.attr('align') ?? ''} ${candidate.attr('class') ?? ''}`;
    if (/center/i.test(style) || CAPTION_CLASS.test(style) || matches(candidate[0]!, 'figcaption, font, small, span')) return text;
  }
  const ownCaption = block.siblings('span, small, em').filter((_, el) => CAPTION_CLASS.test($(el).attr('class') ?? '') || textWeight(clean(textContent(el))) < MAX_CAPTION_WEIGHT).first();
  const text = clean(ownCaption.text());
  return text || null;
}

/** Blocks that hold the article, not one picture: climbing from an image stops below them. */
const BLOCK_CONTAINERS = 'body, article, [class*="content"], [id*="content"]';
