// npm run eval — score folio's parser on every set of the extraction corpus, side by side with
// Readability.js, and print one Markdown table (set × metric). See scripts/eval/score.ts for the
// scoring rules (they follow ../shared/corpus/README.md) and scripts/eval/metrics.ts for which
// rows each set gets.
//
//   npm run eval -- [--corpus DIR] [--sets a,b] [--limit N] [--no-readability]
//                   [--refresh-readability] [--json FILE] [--worst N] [--metric KEY]
//
// Choices the corpus README leaves open (documented here and in the modules):
// - The "pages" column is the number of pages scored for that row.
// - Pages with is_article false (handmade-dev's 404 and tag index) are scored only for is_article
//   and the page-level fields site, url and crawled_at; body, title, author, date, source,
//   category, tags, related and images rows cover article pages (this reproduces the Readability
//   baseline in handmade-dev/README.md: title 0.455 = 10/22, related 0.045 = 1/22).
// - related and images: F1 of the URL sets of each page (scheme-insensitive), averaged over pages
//   (macro); a page with no such block scores 1 when none is predicted, 0 otherwise. The README's
//   "the one page with no related block scores 1" implies this per-page average.
// - A folio throw scores as an empty result and is counted under the table; so is a jsdom or
//   Readability throw.
// - Readability.js: body = its article's textContent with a line break at each block (p, li, td,
//   br, …; see readability.ts), title = title, author = byline split into names
//   (bylineToAuthors), date = publishedTime, site = siteName, is_article = parse() returned an
//   article. It has no related/tags/… ("—").
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ParsedPage } from '../src/model/page.ts';
import { parsePage } from '../src/parse/index.ts';
import {
  aggregate,
  clip,
  metricsFor,
  pageValue,
  type Gold,
  type Metric,
  type PageScore,
  type Prediction,
} from './eval/metrics.ts';
import {
  emptyReadabilityPrediction,
  READABILITY_FIELDS,
  READABILITY_VERSION,
  ReadabilityCache,
  runReadability,
} from './eval/readability.ts';
import { median } from './eval/score.ts';

const REPO = resolve(import.meta.dirname, '..');
const DEFAULT_CORPUS = resolve(REPO, '..', 'shared', 'corpus');
const CACHE_DIR = join(REPO, '.cache', 'eval');
/** Table order (the corpus README's); other sets follow alphabetically. */
const SET_ORDER = ['scrapinghub', 'daniel-zh', 'cwced', 'htmldate', 'trafilatura', 'gne-smoke', 'handmade-dev'];

const USAGE = `Usage: npm run eval -- [options]
  --corpus DIR            corpus folder (default ../shared/corpus from the repo root)
  --sets a,b              only these sets
  --limit N               first N pages of each set
  --no-readability        folio only
  --refresh-readability   ignore the Readability cache (.cache/eval/) and re-run it
  --json FILE             write per-page scores (for diffing runs)
  --worst N               after the table, the N worst folio pages per set
  --metric KEY            metric for --worst (default: each set's first row), e.g. body, title, date
  -h, --help`;

interface Options {
  corpus: string;
  sets: string[] | null;
  limit: number | null;
  readability: boolean;
  refresh: boolean;
  json: string | null;
  worst: number;
  metric: string | null;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      sets: { type: 'string' },
      limit: { type: 'string' },
      'no-readability': { type: 'boolean' },
      'refresh-readability': { type: 'boolean' },
      json: { type: 'string' },
      worst: { type: 'string' },
      metric: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined): number | null => {
    if (v === undefined) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got ${v}`);
    return n;
  };
  return {
    corpus: resolve(values.corpus ?? DEFAULT_CORPUS),
    sets: values.sets ? values.sets.split(',').map((s) => s.trim()).filter(Boolean) : null,
    limit: int('limit', values.limit),
    readability: !values['no-readability'],
    refresh: Boolean(values['refresh-readability']),
    json: values.json ?? null,
    worst: int('worst', values.worst) ?? 0,
    metric: values.metric ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Corpus

function listSets(corpus: string): string[] {
  const found = readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(corpus, d.name, 'truth.jsonl')))
    .map((d) => d.name);
  const rank = (s: string) => (SET_ORDER.includes(s) ? SET_ORDER.indexOf(s) : SET_ORDER.length);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function readTruth(corpus: string, set: string): Gold[] {
  return readFileSync(join(corpus, set, 'truth.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Gold);
}

/** jsdom needs an absolute URL: the page's own where truth has a valid one, else a dummy. */
function pageUrl(set: string, g: Gold): string {
  if (g.url) {
    try {
      return new URL(g.url).href;
    } catch {
      // fall through
    }
  }
  return `https://example.invalid/${encodeURIComponent(set)}/${encodeURIComponent(g.id)}.html`;
}

// ---------------------------------------------------------------------------------------------
// Tools

/** Every field of a ParsedPage that is scored, tolerant of a partial result. */
function folioPrediction(p: ParsedPage): Prediction {
  return {
    text: p.text ?? '',
    title: p.title ?? null,
    author: p.author ?? [],
    published: p.published ?? null,
    is_article: Boolean(p.is_article),
    site: p.site ?? null,
    source: p.source ?? null,
    category: p.category ?? null,
    tags: p.tags ?? [],
    url: p.url ?? null,
    crawled_at: p.crawled_at ?? null,
    related: (p.related ?? []).map((r) => r.url),
    images: (p.images ?? []).map((i) => i.src),
  };
}

function emptyFolioPrediction(): Prediction {
  return {
    text: '', title: null, author: [], published: null, is_article: false, site: null, source: null,
    category: null, tags: [], url: null, crawled_at: null, related: [], images: [],
  };
}

interface ToolPage {
  prediction: Prediction;
  ms: number;
  crashed: boolean;
  error?: string;
  /** Readability only: jsdom decoded UTF-8 bytes with another encoding. */
}

let folioWarm = false;
function runFolio(bytes: Uint8Array, file: string): ToolPage {
  if (!folioWarm) {
    folioWarm = true;
    try {
      parsePage(bytes, { file }); // warm-up: JIT, lazy imports
    } catch {
      // the timed call below reports it
    }
  }
  const start = performance.now();
  try {
    const page = parsePage(bytes, { file });
    const ms = performance.now() - start;
    return { prediction: folioPrediction(page), ms, crashed: false, ...(page.ok === false ? { error: `not ok: ${page.error ?? ''}` } : {}) };
  } catch (err) {
    const ms = performance.now() - start;
    return { prediction: emptyFolioPrediction(), ms, crashed: true, error: String((err as Error)?.stack ?? err).split('\n').slice(0, 2).join(' ') };
  }
}

let readabilityWarm = false;

// ---------------------------------------------------------------------------------------------
// One set

interface PageResult {
  gold: Gold;
  folio: ToolPage;
  readability: (ToolPage & { cached: boolean }) | null;
}

interface MetricRow {
  metric: Metric;
  pages: number;
  folio: { value: number; cell: string };
  readability: { value: number; cell: string } | null; // null: tool does not produce the field
  folioScores: Map<string, PageScore>;
  readabilityScores: Map<string, PageScore>;
}

interface SetResult {
  set: string;
  pages: PageResult[];
  rows: MetricRow[];
  folioMs: number | null;
  readabilityMs: number | null;
  readabilityCached: number;
  missing: string[];
  /** Pages skipped for a malformed gold value: "id: field value". */
  badGold: string[];
}

function progress(msg: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${msg}`);
}

async function evaluateSet(opts: Options, set: string): Promise<SetResult> {
  let golds = readTruth(opts.corpus, set);
  if (opts.limit !== null) golds = golds.slice(0, opts.limit);
  const cache = opts.readability ? new ReadabilityCache(CACHE_DIR, set, opts.refresh) : null;
  const pages: PageResult[] = [];
  const missing: string[] = [];
  let cachedCount = 0;
  const t0 = performance.now();

  for (const [i, gold] of golds.entries()) {
    const file = join(opts.corpus, set, gold.file);
    if (!existsSync(file)) {
      missing.push(gold.id);
      continue;
    }
    const bytes = readFileSync(file);
    const st = statSync(file);
    const folio = runFolio(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);

    let readability: PageResult['readability'] = null;
    if (cache) {
      let run = cache.get(gold.id, st.size, st.mtimeMs);
      const cached = run !== undefined;
      if (!run) {
        const url = pageUrl(set, gold);
        if (!readabilityWarm) {
          readabilityWarm = true;
          runReadability(bytes, url); // warm-up
        }
        run = runReadability(bytes, url);
        cache.put(gold.id, st.size, st.mtimeMs, run);
      } else cachedCount++;
      readability = {
        prediction: run.prediction ?? emptyReadabilityPrediction(),
        ms: run.ms,
        crashed: run.prediction === null,
        cached,
        ...(run.error ? { error: run.error } : {}),
      };
    }
    pages.push({ gold, folio, readability });
    progress(`[${set}] ${i + 1}/${golds.length}`);
    // jsdom frees a closed window only once the event loop turns: without this the heap grows by
    // ~10-25 MB a page and a full run dies of OOM.
    await nextTurn();
  }
  cache?.save();
  progress('');
  process.stderr.write(
    `[${set}] ${pages.length} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
      (cache ? ` (Readability: ${cachedCount} cached, ${pages.length - cachedCount} run)` : '') +
      '\n',
  );

  const rows: MetricRow[] = metricsFor(set, golds).map((metric) => {
    const scored = pages.filter((p) => metric.applies(p.gold));
    const folioScores = new Map(scored.map((p) => [p.gold.id, metric.score(p.gold, p.folio.prediction)]));
    const readabilityScores = new Map<string, PageScore>();
    const rdSupports = READABILITY_FIELDS.has(metric.needs);
    if (opts.readability && rdSupports) {
      for (const p of scored) readabilityScores.set(p.gold.id, metric.score(p.gold, p.readability!.prediction));
    }
    return {
      metric,
      pages: scored.length,
      folio: aggregate(metric, [...folioScores.values()]),
      readability: opts.readability && rdSupports ? aggregate(metric, [...readabilityScores.values()]) : null,
      folioScores,
      readabilityScores,
    };
  });

  const badGold = rows.flatMap((row) =>
    pages.flatMap((p) => {
      const why = row.metric.invalid?.(p.gold);
      return why ? [`${p.gold.id}: ${why}`] : [];
    }),
  );

  return {
    set,
    pages,
    rows,
    badGold,
    folioMs: median(pages.map((p) => p.folio.ms)),
    readabilityMs: opts.readability ? median(pages.map((p) => p.readability!.ms)) : null,
    readabilityCached: cachedCount,
    missing,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (x: number | null) => (x === null ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));

function table(results: SetResult[], withReadability: boolean): string {
  const head = withReadability
    ? ['set', 'pages', 'metric', 'folio', 'Readability.js', 'folio ms/page', 'Readability ms/page']
    : ['set', 'pages', 'metric', 'folio', 'folio ms/page'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 1 || i >= 3 ? '---:' : '---')).join('|')}|`];
  for (const r of results) {
    r.rows.forEach((row, i) => {
      const timing = i === 0;
      const cells = [r.set, String(row.pages), row.metric.label, row.folio.cell];
      if (withReadability) cells.push(row.readability?.cell ?? '—');
      cells.push(timing ? ms(r.folioMs) : '');
      if (withReadability) cells.push(timing ? ms(r.readabilityMs) : '');
      lines.push(`| ${cells.join(' | ')} |`);
    });
  }
  return lines.join('\n');
}

function notes(results: SetResult[], opts: Options): string[] {
  const out: string[] = [];
  const crashList = (tool: 'folio' | 'readability') =>
    results
      .map((r) => {
        const bad = r.pages.filter((p) => (tool === 'folio' ? p.folio.crashed : p.readability?.crashed));
        return bad.length ? `${r.set} ${bad.length} (${bad.slice(0, 3).map((p) => p.gold.id).join(', ')}${bad.length > 3 ? ', …' : ''})` : null;
      })
      .filter((x): x is string => x !== null);
  const fc = crashList('folio');
  out.push(`Crashes (scored as empty results): folio ${fc.length ? fc.join('; ') : '0'}` +
    (opts.readability ? `; Readability.js ${crashList('readability').join('; ') || '0'}` : '') + '.');
  const notOk = results.map((r) => [r.set, r.pages.filter((p) => !p.folio.crashed && p.folio.error).length] as const).filter(([, n]) => n > 0);
  if (notOk.length) out.push(`folio ok=false (scored as returned): ${notOk.map(([s, n]) => `${s} ${n}`).join(', ')}.`);
  const bad = results.filter((r) => r.badGold.length);
  if (bad.length) out.push(`Malformed gold, page skipped for that row: ${bad.map((r) => `${r.set} ${r.badGold.join(', ')}`).join('; ')}.`);
  const missing = results.filter((r) => r.missing.length);
  if (missing.length) out.push(`Missing page files (skipped): ${missing.map((r) => `${r.set} ${r.missing.length}`).join(', ')}.`);
  if (opts.readability) {
    const cached = results.reduce((a, r) => a + r.readabilityCached, 0);
    out.push(
      `Readability.js = ${READABILITY_VERSION}` +
        (cached ? `; ${cached} of ${results.reduce((a, r) => a + r.pages.length, 0)} pages from .cache/eval (their ms/page is from the run that filled it)` : '') +
        '. Readability gets each page as text decoded by folio\'s decoder (jsdom alone reads 242 UTF-8 corpus pages as windows-1252). "—": Readability has no such field.',
    );
  }
  out.push('Timing: median ms per page around the parse call only (folio: parsePage; Readability: new JSDOM + parse), after a warm-up call.');
  return out;
}

function worst(results: SetResult[], n: number, metricKey: string | null): string {
  const out: string[] = [];
  for (const r of results) {
    const row = (metricKey ? r.rows.find((x) => x.metric.key === metricKey) : r.rows[0]) ?? null;
    if (!row) continue;
    const ranked = r.pages
      .filter((p) => row.folioScores.has(p.gold.id))
      .map((p) => ({ p, v: pageValue(row.folioScores.get(p.gold.id)!) }))
      .filter((x) => x.v < 1)
      .sort((a, b) => a.v - b.v || a.p.gold.id.localeCompare(b.p.gold.id))
      .slice(0, n);
    out.push(`\n### ${r.set}: ${n} worst folio pages by ${row.metric.label}${ranked.length ? '' : ' — none below 1'}\n`);
    for (const { p, v } of ranked) {
      const shown = row.metric.show(p.gold, p.folio.prediction);
      const crash = p.folio.crashed ? ` CRASH ${clip(p.folio.error, 120)}` : '';
      out.push(`- \`${p.gold.id}\` ${v.toFixed(3)}${crash}\n  - folio: ${shown.pred}\n  - gold:  ${shown.gold}`);
    }
  }
  return out.join('\n');
}

function perPageJson(results: SetResult[], opts: Options): unknown {
  return {
    corpus: opts.corpus,
    readability: opts.readability ? READABILITY_VERSION : null,
    sets: results.map((r) => ({
      set: r.set,
      timing: { folio_ms_median: r.folioMs, readability_ms_median: r.readabilityMs },
      metrics: r.rows.map((row) => ({
        key: row.metric.key,
        label: row.metric.label,
        pages: row.pages,
        folio: row.folio.value,
        readability: row.readability?.value ?? null,
      })),
      pages: r.pages.map((p) => ({
        id: p.gold.id,
        folio_ms: Math.round(p.folio.ms * 100) / 100,
        ...(p.folio.crashed ? { folio_crash: p.folio.error } : {}),
        ...(p.readability?.crashed ? { readability_crash: p.readability.error } : {}),
        scores: Object.fromEntries(
          r.rows
            .filter((row) => row.folioScores.has(p.gold.id))
            .map((row) => {
              const rd = row.readabilityScores.get(p.gold.id);
              return [row.metric.key, {
                folio: round(pageValue(row.folioScores.get(p.gold.id)!)),
                readability: rd ? round(pageValue(rd)) : null,
              }];
            }),
        ),
      })),
    })),
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!existsSync(opts.corpus)) {
    console.error(`corpus not found: ${opts.corpus} (use --corpus DIR)`);
    process.exit(2);
  }
  const available = listSets(opts.corpus);
  const sets = opts.sets ?? available;
  const unknown = sets.filter((s) => !available.includes(s));
  if (unknown.length) {
    console.error(`unknown set(s): ${unknown.join(', ')}; the corpus has ${available.join(', ')}`);
    process.exit(2);
  }

  const started = performance.now();
  const results: SetResult[] = [];
  for (const s of sets) results.push(await evaluateSet(opts, s));
  process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n\n`);

  console.log(table(results, opts.readability));
  console.log('');
  for (const line of notes(results, opts)) console.log(line);
  if (opts.worst > 0) console.log(worst(results, opts.worst, opts.metric));
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(perPageJson(results, opts), null, 1)}\n`);
    process.stderr.write(`per-page scores written to ${opts.json}\n`);
  }
}

await main();
