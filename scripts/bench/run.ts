// `npm run bench -- --pages N`: generates N scraped pages (cached under .cache/bench/), then times
// folio's CLI the way a user runs it (cold build, no-op build, one-page change, import alone,
// render alone, each in a fresh process with its peak RSS), render split into pages and search
// index (pages on one thread and on every core), per-page parse time against Readability.js + jsdom on a sample
// of the same pages, and Hugo rendering the same records when `hugo` is on PATH. Prints a table and
// writes the figures as JSON.

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePage } from '../../src/parse/index.ts';
import { runReadability } from '../eval/readability.ts';
import { ArchiveChanges, CHANGE_KINDS, CHANGE_NAMES } from './edit.ts';
import { generateArchive, GENERATOR_VERSION } from './generate.ts';
import { hugoRender } from './hugo.ts';
import { cpuMs, median } from './measure.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '1000' },
    sample: { type: 'string', default: '40' },
    json: { type: 'string' },
    // The no-op and one-page builds, which cost what a cold build costs while builds are not incremental.
    'skip-rebuilds': { type: 'boolean', default: false },
  },
});
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

/** render-steps.ts in a fresh process: rendering and search indexing timed apart. */
function renderSteps(contentDir: string, outDir: string, threads?: number): { renderMs: number; indexMs: number } {
  rmSync(outDir, { recursive: true, force: true });
  const args = ['--import', 'tsx', join(ROOT, 'scripts/bench/render-steps.ts'), contentDir, outDir, ...(threads ? [String(threads)] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`render-steps exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { renderMs: number; indexMs: number };
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
// One page changes: a paragraph added to a portal story.
const changed = join(scraped, 'portal', readdirSync(join(scraped, 'portal')).sort()[0]!);
const original = readFileSync(changed);
if (!values['skip-rebuilds']) {
  record('no-op build', folio(['build', scraped, '--content', content, '--out', out]));

  appendFileSync(changed, '\n<!-- bench: touched -->');
  try {
    record('one page changed', folio(['build', scraped, '--content', content, '--out', out]));
  } finally {
    writeFileSync(changed, original);
  }
}

// In this process, as `folio watch` runs it: a builder that has built once, then one page changes,
// is added or is deleted (EDITS times each, the median kept). The page is on disk when build()
// returns; the search index follows.
/** Edits of each kind: the first after a build is the slowest (code not yet compiled by V8), so a median of three was mostly the second. */
const EDITS = 7;
if (!values['skip-rebuilds']) {
  const { Builder } = await import('../../src/build/builder.ts');
  const { defaultConfig } = await import('../../src/cli/config.ts');
  const { keepParseWorkers } = await import('../../src/cli/parse-pool.ts');
  const silent = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
  // As folio watch: a parse worker kept warm between rebuilds.
  const closeWorkers = keepParseWorkers();
  const builder = new Builder({ ...defaultConfig(), content, out, cacheDir }, silent, { inputs: [scraped], deferSearch: true, import: { prune: true } });
  await (await builder.build({ paths: [] })).search;
  const changes = new ArchiveChanges(scraped);
  try {
    for (const kind of CHANGE_KINDS) {
      const onDisk: number[] = [];
      const cpu: number[] = [];
      const search: number[] = [];
      for (let edit = 0; edit < EDITS; edit++) {
        const path = changes.make(kind, edit);
        const start = performance.now();
        const cpuStart = process.cpuUsage();
        const outcome = await builder.build({ paths: [path] });
        onDisk.push(performance.now() - start);
        const used = process.cpuUsage(cpuStart);
        cpu.push((used.user + used.system) / 1000);
        const indexStart = performance.now();
        await outcome.search;
        search.push(performance.now() - indexStart);
      }
      const rss = process.memoryUsage().rss / 1024 / 1024;
      // A body edit shows on the page alone; a headline shows on its lists, neighbours and "more
      // like this" lists too; a new tag adds a tag page and drops the last edit's; a page added or
      // deleted shifts every list after it in time.
      const what = CHANGE_NAMES[kind];
      record(`${what}, in process (watch): page on disk`, { ms: median(onDisk), rssMb: rss, summary: `median of ${EDITS} edits (${onDisk.map((ms) => ms.toFixed(0)).join(', ')} ms; CPU ${cpu.map((ms) => ms.toFixed(0)).join(', ')} ms)` });
      record(`${what}, in process (watch): search index follows`, { ms: median(search), rssMb: rss, summary: `after the page is on disk; median of ${EDITS} (${search.map((ms) => ms.toFixed(0)).join(', ')} ms)` });
    }
    // content/ as the archive gives it again, for the steps below.
    await (await builder.build({ paths: changes.undo() })).search;
  } finally {
    changes.undo();
    await closeWorkers();
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
// Rendering runs on one thread unless told otherwise; the bench also tries every core.
const split = renderSteps(content, join(work, 'dist-steps'), 1);
const allCores = renderSteps(content, join(work, 'dist-steps-all'), availableParallelism());
const stepRow = (step: string, ms: number, note: string) => {
  rows.push({ step, seconds: ms / 1000, perPageMs: ms / pages, rssMb: NaN, note });
  console.error(`${step}: ${(ms / 1000).toFixed(1)} s`);
};
stepRow('render: pages only', split.renderMs, 'records read and rendered on one thread (the default), process start included, no search index');
stepRow('render: pages only, every core', allCores.renderMs, 'the same with one render worker per other core');
stepRow('render: search index', split.indexMs, 'articles indexed for search (src/render/search.ts), in the render process');

// Parse time per page, in this process, against Readability.js + jsdom on the same sample: CPU
// time (this machine's cores are shared), in a second pass over the sample, so that both are
// JIT-compiled as they are when a build has parsed its first few dozen pages.
const files = readdirSync(scraped, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
const sample = files.filter((_, i) => i % Math.max(1, Math.floor(files.length / Number(values.sample))) === 0).slice(0, Number(values.sample));
for (const file of sample) {
  const bytes = readFileSync(join(scraped, file));
  parsePage(bytes, { file });
  runReadability(bytes, 'https://bench.example/');
}
const folioMs: number[] = [];
const readabilityMs: number[] = [];
for (const file of sample) {
  const bytes = readFileSync(join(scraped, file));
  folioMs.push(cpuMs(() => parsePage(bytes, { file })));
  readabilityMs.push(cpuMs(() => runReadability(bytes, 'https://bench.example/')));
}

const hugo = hugoRender(content, join(work, 'hugo'));
// Hugo renders pages and writes no search index: compared with folio's pages-only render.
const renderSeconds = split.renderMs / 1000;

const result = {
  pages,
  generator: GENERATOR_VERSION,
  node: process.version,
  cores: availableParallelism(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
  steps: rows,
  parse: {
    sample: sample.length,
    measure: 'CPU ms per page, second pass over the sample',
    folioMedianMs: median(folioMs),
    readabilityMedianMs: median(readabilityMs),
    speedup: median(readabilityMs) / median(folioMs),
  },
  hugo: hugo ? { version: hugo.version, pages: hugo.pages, seconds: hugo.seconds, folioRenderSeconds: renderSeconds, ratio: renderSeconds / hugo.seconds } : null,
};

const table = [
  `| step (${pages} pages) | seconds | ms/page | peak RSS MB |`,
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.step} | ${r.seconds.toFixed(1)} | ${r.perPageMs.toFixed(1)} | ${Number.isNaN(r.rssMb) ? '—' : r.rssMb.toFixed(0)} |`),
  '',
  `| comparison | folio | other | ratio |`,
  '|---|---:|---:|---:|',
  `| parse, median CPU ms/page (${sample.length} pages) vs Readability.js + jsdom | ${result.parse.folioMedianMs.toFixed(1)} | ${result.parse.readabilityMedianMs.toFixed(1)} | ${result.parse.speedup.toFixed(1)}× faster |`,
  hugo ? `| render the same records (pages only) vs Hugo ${hugo.version} (${hugo.pages} pages) | ${renderSeconds.toFixed(1)} s | ${hugo.seconds.toFixed(1)} s | ${(renderSeconds / hugo.seconds).toFixed(1)}× Hugo's time |` : '| render vs Hugo | — | hugo not on PATH | — |',
].join('\n');
console.log(table);
const jsonPath = values.json ?? join(ROOT, '.cache/bench', `result-${pages}.json`);
mkdirSync(resolve(jsonPath, '..'), { recursive: true });
writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nfigures: ${jsonPath}`);
