// Run by run.ts in a fresh process: folio's render split in its two parts, reading and rendering the
// records (what Hugo does with the same records) and indexing the article pages with Pagefind
// (which Hugo does not do). Prints the times as JSON on stdout.
//   node --import tsx scripts/bench/render-steps.ts <content> <out> [threads]

import { readRecords } from '../../src/content/index.ts';
import { defaultConfig } from '../../src/cli/config.ts';
import { renderSite, siteLanguage } from '../../src/render/index.ts';
import { searchLanguage, writeSearchIndex } from '../../src/render/search.ts';

const [content, out, threads] = process.argv.slice(2);
if (!content || !out) throw new Error('usage: render-steps.ts <content> <out> [threads]');
const site = defaultConfig().site;

const { records } = await readRecords(content);
const summary = await renderSite(records, { outDir: out, templatesDir: defaultConfig().templates, site, threads: threads ? Number(threads) : undefined });
// Since the process started: Node, the TypeScript loader and folio's modules count, as Hugo's own startup does.
const renderMs = performance.now();

const indexStart = performance.now();
const index = await writeSearchIndex(out, searchLanguage(records.map((r) => r.lang), siteLanguage(site.lang, records)));
const indexMs = performance.now() - indexStart;

console.log(JSON.stringify({ pages: summary.pages, renderMs, indexMs, indexedPages: index.pages, language: index.language }));
