// Shared by the render-*.test.ts files: a record builder, a site render into a temp folder, and a
// walk over the written pages.

import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import * as cheerio from 'cheerio';
import type { ArticleRecord, SiteConfig } from '../src/model/index.ts';
import { renderSite, type RenderSummary } from '../src/render/index.ts';

export const TEMPLATES = new URL('../templates/', import.meta.url).pathname;

export function record(fields: Partial<ArticleRecord> & Pick<ArticleRecord, 'slug' | 'title'>): ArticleRecord {
  return {
    date: null, author: [], site: null, source: null, url: null, crawled_at: null, sources: [], category: null,
    tags: [], lang: null, summary: '', related: [], images: [], body: '', ...fields,
  };
}

export interface Built {
  dir: string;
  summary: RenderSummary;
  /** Every file written, as sorted `/`-separated paths relative to `dir`. */
  files: string[];
  load: (file: string) => Promise<cheerio.CheerioAPI>;
  text: (file: string) => Promise<string>;
}

export async function build(records: readonly ArticleRecord[], site: Partial<SiteConfig> = {}, dir?: string): Promise<Built> {
  const out = dir ?? (await mkdtemp(join(tmpdir(), 'folio-render-')));
  const config: SiteConfig = { title: 'Archive 存档', description: 'Test archive', lang: 'en', ...site };
  const summary = await renderSite(records, { outDir: out, templatesDir: TEMPLATES, site: config });
  const text = (file: string) => readFile(join(out, file), 'utf8');
  return { dir: out, summary, files: await listFiles(out), text, load: async (file) => cheerio.load(await text(file)) };
}

export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else files.push(`${prefix}${entry.name}`);
  }
  return files.sort();
}

/** Internal links of every HTML page that do not lead to a written file (`file: href -> target`). */
export async function brokenLinks(site: Built): Promise<string[]> {
  const broken: string[] = [];
  for (const file of site.files.filter((name) => name.endsWith('.html'))) {
    const $ = await site.load(file);
    $('[href], [src]').each((_, element) => {
      const value = $(element).attr('href') ?? $(element).attr('src') ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//') || value.startsWith('#')) return;
      const path = value.split(/[?#]/)[0]!;
      let target = posix.normalize(posix.join(posix.dirname(file), path));
      if (path === '' || path.endsWith('/')) target = posix.join(target, 'index.html');
      if (value.startsWith('/') || target.startsWith('..') || !existsSync(join(site.dir, target))) broken.push(`${file}: ${value} -> ${target}`);
    });
  }
  return broken;
}

/** The titles of the article cards on a page, in order. */
export function cardTitles($: cheerio.CheerioAPI): string[] {
  return $('.article-list .card-title a').map((_, a) => $(a).text()).get();
}
