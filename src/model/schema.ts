// The front matter schema of content/*.md records, checked whenever records are read.

import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?)?$/, 'an ISO 8601 date such as 2025-08, 2025-08-16 or 2025-08-16T09:30:00+08:00');
const nullableText = z.string().nullable().default(null);

export const imageSchema = z.object({
  src: z.string().min(1),
  alt: z.string().nullable().default(null),
  caption: z.string().nullable().default(null),
});

export const relatedSchema = z.object({
  title: z.string().min(1),
  url: z.string().url(),
  summary: z.string().nullable().default(null),
});

export const sourceCopySchema = z.object({
  url: z.string().url().nullable().default(null),
  site: nullableText,
  crawled_at: isoDate.nullable().default(null),
});

export const frontMatterSchema = z.object({
  title: z.string().min(1),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case ASCII letters, digits and single hyphens'),
  date: isoDate.nullable().default(null),
  author: z.array(z.string()).default([]),
  site: nullableText,
  source: nullableText,
  url: z.string().url().nullable().default(null),
  crawled_at: isoDate.nullable().default(null),
  sources: z.array(sourceCopySchema).default([]),
  category: nullableText,
  tags: z.array(z.string()).default([]),
  lang: nullableText,
  summary: z.string().default(''),
  related: z.array(relatedSchema).default([]),
  images: z.array(imageSchema).default([]),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
