// The parser alone, for work on its speed: CPU ms per page on the bench pages (the sample rule of
// run.ts) and, with --corpus, on each set of ../shared/corpus. Each page is parsed once to warm up,
// then --passes times; a page's time is its fastest pass (the machine's other load only adds), and
// a set's figure is the median over its pages.
//
//   npx tsx scripts/bench/parse.ts [--pages 1000] [--sample 40] [--passes 5] [--corpus]

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePage } from '../../src/parse/index.ts';
import { generateArchive, GENERATOR_VERSION } from './generate.ts';
import { cpuMs, median } from './measure.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '1000' },
    sample: { type: 'string', default: '40' },
    passes: { type: 'string', default: '5' },
    corpus: { type: 'boolean', default: false },
  },
});
const passes = Number(values.passes);

/** Median over pages of each page's fastest pass, after one warm-up pass over all of them. */
function timePages(pages: { file: string; bytes: Buffer }[]): number {
  for (const { file, bytes } of pages) parsePage(bytes, { file });
  const best = pages.map(() => Infinity);
  for (let pass = 0; pass < passes; pass++) {
    pages.forEach(({ file, bytes }, i) => (best[i] = Math.min(best[i]!, cpuMs(() => parsePage(bytes, { file })))));
  }
  return median(best);
}

const pages = Number(values.pages);
const scraped = join(ROOT, '.cache/bench', `${pages}-v${GENERATOR_VERSION}`, 'scraped');
if (!existsSync(join(scraped, '.done'))) writeFileSync(join(scraped, '.done'), JSON.stringify(generateArchive(scraped, pages)));
const files = readdirSync(scraped, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
const sample = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / Number(values.sample))) === 0).slice(0, Number(values.sample));
const rows: [string, number][] = [[`bench pages (${sample.length} of ${pages})`, timePages(sample.map((file) => ({ file, bytes: readFileSync(join(scraped, file)) })))]];

if (values.corpus) {
  const corpus = resolve(ROOT, '..', 'shared', 'corpus');
  for (const set of readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'truth.jsonl'))).sort()) {
    const gold = readFileSync(join(corpus, set, 'truth.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { file: string });
    const found = gold.map((g) => join(corpus, set, g.file)).filter((file) => existsSync(file));
    rows.push([`${set} (${found.length})`, timePages(found.map((file) => ({ file, bytes: readFileSync(file) })))]);
  }
}

console.log(`| pages | parse, CPU ms/page (median of each page's fastest of ${passes} passes) |\n|---|---:|`);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} |`);
