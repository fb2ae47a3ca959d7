// `npm run bench -- --pages N`: generates N scraped pages (cached under .cache/bench/), then times
// folio's CLI the way a user runs it (cold build, no-op build, one-page change, import alone,
// render alone, each in a fresh process with its peak RSS), per-page parse time against
// Readability.js + jsdom on a sample of the same pages, and Hugo rendering the same records when
// `hugo` is on PATH. Prints a table and writes the figures as JSON.

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePage } from '../../src/parse/index.ts';
import { runReadability } from '../eval/readability.ts';
import { generateArchive, GENERATOR_VERSION } from './generate.ts';
import { hugoRender } from './hugo.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' }, sample: { type: 'string', default: '40' }, json: { type: 'string' } } });
const pages = Number(values.pages);
const work = join(ROOT, '.cache/bench', `${pages}-v${GENERATOR_VERSION}`);
const scraped = join(work, 'scraped');

interface Run {
  ms: number;
  rssMb: number;
  summary: string;
}

/** The cache folder of the build steps (emptied first, so the cold build is cold); import and render alone get their own. */
const cacheDir = join(work, 'cache');
rmSync(cacheDir, { recursive: true, force: true });

/** One folio command in a fresh process; its own peak RSS comes back through FOLIO_STATS_FILE. */
function folio(args: string[], cache = cacheDir): Run {
  const stats = join(work, 'stats.json');
  rmSync(stats, { force: true });
  const start = performance.now();
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/folio.js'), ...args, '-q'], { env: { ...process.env, FOLIO_STATS_FILE: stats, FOLIO_CACHE_DIR: cache }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`folio ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const { maxRssKb } = JSON.parse(readFileSync(stats, 'utf8')) as { maxRssKb: number };
  return { ms, rssMb: maxRssKb / 1024, summary: result.stderr.trim().split('\n').at(-1) ?? '' };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (!existsSync(join(scraped, '.done'))) {
  rmSync(scraped, { recursive: true, force: true });
  const start = performance.now();
  const made = generateArchive(scraped, pages);
  writeFileSync(join(scraped, '.done'), JSON.stringify(made));
  console.error(`generated ${pages} pages (${(made.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}
const content = join(work, 'content');
const out = join(work, 'dist');
rmSync(content, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });

const rows: { step: string; seconds: number; perPageMs: number; rssMb: number; note: string }[] = [];
const record = (step: string, run: Run, note = '') => {
  rows.push({ step, seconds: run.ms / 1000, perPageMs: run.ms / pages, rssMb: run.rssMb, note: note || run.summary });
  console.error(`${step}: ${(run.ms / 1000).toFixed(1)} s, ${run.rssMb.toFixed(0)} MB`);
};

const cold = folio(['build', scraped, '--content', content, '--out', out]);
record('cold build', cold);
record('no-op build', folio(['build', scraped, '--content', content, '--out', out]));

// One page changes: a paragraph added to a portal story.
const changed = join(scraped, 'portal', readdirSync(join(scraped, 'portal')).sort()[0]!);
const original = readFileSync(changed);
appendFileSync(changed, '\n<!-- bench: touched -->');
try {
  record('one page changed', folio(['build', scraped, '--content', content, '--out', out]));
} finally {
  writeFileSync(changed, original);
}

// In this process, as `folio watch` runs it: a builder that has built once, then one page changes.
{
  const { Builder } = await import('../../src/build/builder.ts');
  const { defaultConfig } = await import('../../src/cli/config.ts');
  const silent = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
  const builder = new Builder({ ...defaultConfig(), content, out, cacheDir }, silent, { inputs: [scraped] });
  await builder.build({ paths: [] });
  writeFileSync(changed, original.toString('latin1').replace('</p>', '</p><p>bench: one more paragraph in the story.</p>'), 'latin1');
  try {
    const start = performance.now();
    await builder.build({ paths: [changed] });
    const ms = performance.now() - start;
    record('one page changed, in process (watch)', { ms, rssMb: process.memoryUsage().rss / 1024 / 1024, summary: 'Builder.build({ paths: [page] }) after a first build' });
  } finally {
    writeFileSync(changed, original);
  }
}

const content2 = join(work, 'content-import');
rmSync(content2, { recursive: true, force: true });
rmSync(join(work, 'cache-import'), { recursive: true, force: true });
record('import alone', folio(['import', scraped, '--content', content2], join(work, 'cache-import')));
const out2 = join(work, 'dist-render');
rmSync(out2, { recursive: true, force: true });
rmSync(join(work, 'cache-render'), { recursive: true, force: true });
const render = folio(['render', '--content', content, '--out', out2], join(work, 'cache-render'));
rmSync(join(work, 'cache-render'), { recursive: true, force: true });
record('render alone', render);

// Parse time per page, in this process, against Readability.js + jsdom on the same sample.
const files = readdirSync(scraped, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
const sample = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / Number(values.sample))) === 0).slice(0, Number(values.sample));
const folioMs: number[] = [];
const readabilityMs: number[] = [];
for (const file of sample) {
  const bytes = readFileSync(join(scraped, file));
  let start = performance.now();
  parsePage(bytes, { file });
  folioMs.push(performance.now() - start);
  start = performance.now();
  runReadability(bytes, 'https://bench.example/');
  readabilityMs.push(performance.now() - start);
}

const hugo = hugoRender(content, join(work, 'hugo'));
const renderSeconds = render.ms / 1000;

const result = {
  pages,
  generator: GENERATOR_VERSION,
  node: process.version,
  cores: (await import('node:os')).availableParallelism(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
  steps: rows,
  parse: {
    sample: sample.length,
    folioMedianMs: median(folioMs),
    readabilityMedianMs: median(readabilityMs),
    speedup: median(readabilityMs) / median(folioMs),
  },
  hugo: hugo ? { version: hugo.version, seconds: hugo.seconds, folioRenderSeconds: renderSeconds, ratio: renderSeconds / hugo.seconds } : null,
};

const table = [
  `| step (${pages} pages) | seconds | ms/page | peak RSS MB |`,
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.step} | ${r.seconds.toFixed(1)} | ${r.perPageMs.toFixed(1)} | ${r.rssMb.toFixed(0)} |`),
  '',
  `| comparison | folio | other | ratio |`,
  '|---|---:|---:|---:|',
  `| parse, median ms/page (${sample.length} pages) vs Readability.js + jsdom | ${result.parse.folioMedianMs.toFixed(1)} | ${result.parse.readabilityMedianMs.toFixed(1)} | ${result.parse.speedup.toFixed(1)}× faster |`,
  hugo ? `| render the same records vs Hugo ${hugo.version} | ${renderSeconds.toFixed(1)} s | ${hugo.seconds.toFixed(1)} s | ${(renderSeconds / hugo.seconds).toFixed(2)}× Hugo's time |` : '| render vs Hugo | — | hugo not on PATH | — |',
].join('\n');
console.log(table);
const jsonPath = values.json ?? join(ROOT, '.cache/bench', `result-${pages}.json`);
mkdirSync(resolve(jsonPath, '..'), { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nfigures: ${jsonPath}`);
