// renderSite: archive records -> a static site in outDir. Collects and checks everything first
// (collect.ts), then renders and writes page by page.

import type { ArticleRecord, SiteConfig } from '../model/index.ts';
import { collectSite, type RenderWarning } from './collect.ts';
import { WRITE_CONCURRENCY } from './constants.ts';
import { labelsFor } from './labels.ts';
import { rootFrom } from './links.ts';
import { bodyHtml } from './markdown.ts';
import { OutputWriter } from './output.ts';
import { planPages, type PagePlan } from './pages.ts';
import { Templates } from './templates.ts';
import { compareText } from './text.ts';

export interface RenderOptions {
  outDir: string;
  /** The user's templates; any template or asset missing there comes from folio's defaults. */
  templatesDir: string;
  site: SiteConfig;
}

export interface RenderSummary {
  /** HTML files written. */
  pages: number;
  articles: number;
  tags: number;
  warnings: RenderWarning[];
}

/** The interface language: as configured, or with "auto" the language most records are in (ties: alphabetical). */
export function siteLanguage(configured: string, records: readonly ArticleRecord[]): string {
  if (configured !== 'auto') return configured;
  const counts = new Map<string, number>();
  for (const record of records) if (record.lang) counts.set(record.lang, (counts.get(record.lang) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return ranked[0]?.[0] ?? 'en';
}

/**
 * Render the archive. The output depends only on the records' content, never on their order.
 * Throws TemplateError when a template is missing or fails; problems with records are warnings.
 */
export async function renderSite(records: readonly ArticleRecord[], options: RenderOptions): Promise<RenderSummary> {
  const model = collectSite(records);
  const warnings = [...model.warnings];
  const bySlug = new Map(model.articles.map((entry) => [entry.view.slug, entry]));

  const body = async (slug: string): Promise<string> => {
    const entry = bySlug.get(slug)!;
    try {
      return await bodyHtml(entry.record, entry.view.url);
    } catch (error) {
      const message = `the body could not be converted (${String(error)}); the page has no body`;
      warnings.push({ file: slug, message });
      return '';
    }
  };

  const templates = new Templates(options.templatesDir);
  const out = new OutputWriter(options.outDir);
  const site = { ...options.site, lang: siteLanguage(options.site.lang, records) };
  const t = labelsFor(site.lang);
  const pages = planPages(model, t, { body });

  await eachLimited(pages, WRITE_CONCURRENCY, async (page: PagePlan) => {
    const meta = { kind: page.kind, title: page.title, description: page.description ?? site.description };
    const globals = { site, t, root: rootFrom(page.file), page: meta };
    const html = await templates.render(page.template, await page.data(), globals, page.file);
    await out.write(page.file, html);
  });
  await out.copyAssets([...templates.dirs].reverse());
  await out.finish();

  warnings.sort((a, b) => compareText(a.file, b.file) || compareText(a.message, b.message));
  return { pages: pages.length, articles: model.articles.length, tags: model.tags.length, warnings };
}

/** Run `task` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
