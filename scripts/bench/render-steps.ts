// Run by run.ts in a fresh process: folio's render split in its two parts, reading and rendering the
// records (what Hugo does with the same records) and writing the search index (which Hugo does
// not do). Prints the times as JSON on stdout; the index's CPU time and this process's peak RSS
// after it are its own (the index is written in this process, after the pages).
//   node --import tsx scripts/bench/render-steps.ts <content> <out> [threads]

import { join } from 'node:path';
import { readRecords } from '../../src/content/index.ts';
import { defaultConfig } from '../../src/cli/config.ts';
import { renderSite } from '../../src/render/index.ts';
import { SEARCH_DIR, writeSearchIndex } from '../../src/render/search.ts';

const [content, out, threads] = process.argv.slice(2);
if (!content || !out) throw new Error('usage: render-steps.ts <content> <out> [threads]');
const site = defaultConfig().site;

const { records } = await readRecords(content);
const summary = await renderSite(records, { outDir: out, templatesDir: defaultConfig().templates, site, threads: threads ? Number(threads) : undefined });
// Since the process started: Node, the TypeScript loader and folio's modules count, as Hugo's own startup does.
const renderMs = performance.now();

const indexStart = performance.now();
const indexCpu = process.cpuUsage();
const index = await writeSearchIndex(records, join(out, SEARCH_DIR));
const indexMs = performance.now() - indexStart;
const { user, system } = process.cpuUsage(indexCpu);

console.log(JSON.stringify({ pages: summary.pages, renderMs, indexMs, indexCpuMs: (user + system) / 1000, indexedPages: index.pages, indexBytes: index.bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
