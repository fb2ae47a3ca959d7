// What is measured on which set: the gold record, the common prediction shape both tools are
// mapped to, and one Metric per table row. Pure (no I/O).
import {
  aggregateBody,
  aggregateSnippets,
  authorsEqual,
  bodyCounts,
  datesEqual,
  mean,
  normSet,
  parseIsoDate,
  pageF1,
  setF1,
  setsEqual,
  snippetCounts,
  titlesEqual,
  urlSet,
  urlsEqual,
  type Counts,
  type SnippetCounts,
} from './score.ts';

/** One line of a set's truth.jsonl (fields as in the corpus README; most are optional). */
export interface Gold {
  id: string;
  file: string;
  url?: string | null;
  lang?: string;
  encoding?: string;
  is_article?: boolean;
  body?: string;
  body_includes_title?: boolean;
  title?: string | null;
  author?: string[];
  published?: string | null;
  published_precision?: string | null;
  with?: string[];
  without?: string[];
  smoke?: boolean;
  site?: string | null;
  source?: string | null;
  category?: string | null;
  tags?: string[];
  crawled_at?: string | null;
  images?: { src: string; caption: string | null }[];
  related?: { title: string; url: string; summary: string | null }[];
}

/**
 * What a tool extracted from one page. A field left undefined is one the tool does not produce
 * (Readability has no related links, tags, …): its rows print "—".
 */
export interface Prediction {
  text: string;
  title: string | null;
  author: string[];
  published: string | null;
  is_article: boolean;
  site?: string | null;
  source?: string | null;
  category?: string | null;
  tags?: string[];
  url?: string | null;
  crawled_at?: string | null;
  related?: string[];
  images?: string[];
}

/** One page's score for one metric. */
export type PageScore =
  | { kind: 'body'; counts: Counts }
  | { kind: 'snippet'; counts: SnippetCounts }
  | { kind: 'acc'; ok: boolean }
  | { kind: 'f1'; f1: number };

export interface Aggregate {
  /** The headline number (F1, accuracy or share). */
  value: number;
  /** The table cell. */
  cell: string;
}

export interface Metric {
  key: string;
  /** Row label in the table. */
  label: string;
  /** Prediction field the metric needs; a tool without it prints "—". */
  needs: keyof Prediction;
  /** Whether the page is scored for this metric. */
  applies(g: Gold): boolean;
  /** A gold value that cannot be scored (malformed); such pages are skipped and reported. */
  invalid?(g: Gold): string | null;
  score(g: Gold, p: Prediction): PageScore;
  /** Predicted vs gold, shortened, for --worst. */
  show(g: Gold, p: Prediction): { pred: string; gold: string };
}

// ---------------------------------------------------------------------------------------------

const isArticle = (g: Gold) => g.is_article !== false;
const has = (g: Gold, field: keyof Gold) => Object.prototype.hasOwnProperty.call(g, field);

export function clip(s: string | null | undefined, n = 160): string {
  if (s === null || s === undefined) return 'null';
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n)}…` : one;
}

const json = (v: unknown) => JSON.stringify(v ?? null);

/** The text a body metric scores: for daniel-zh the predicted title goes in front. */
export function bodyText(g: Gold, p: Prediction): string {
  return g.body_includes_title && p.title ? `${p.title}\n${p.text}` : p.text;
}

function bodyMetric(): Metric {
  return {
    key: 'body',
    label: 'body F1',
    needs: 'text',
    // Non-articles have body "" in gold; they are scored by is_article, not here.
    applies: (g) => has(g, 'body') && isArticle(g),
    score: (g, p) => ({ kind: 'body', counts: bodyCounts(g.body ?? '', bodyText(g, p)) }),
    show: (g, p) => ({ pred: clip(bodyText(g, p)), gold: clip(g.body) }),
  };
}

function accMetric(
  key: string,
  label: string,
  needs: keyof Prediction,
  field: keyof Gold,
  equal: (g: Gold, p: Prediction) => boolean,
  show: (g: Gold, p: Prediction) => { pred: string; gold: string },
  allPages = false,
  invalid?: (g: Gold) => string | null,
): Metric {
  return {
    key,
    label,
    needs,
    applies: (g) => has(g, field) && (allPages || isArticle(g)) && !invalid?.(g),
    score: (g, p) => ({ kind: 'acc', ok: equal(g, p) }),
    show,
    ...(invalid ? { invalid } : {}),
  };
}

/** A gold date that is neither null nor parseable (trafilatura has one: `2022-25-10`). */
const badDate = (field: 'published' | 'crawled_at') => (g: Gold): string | null => {
  const v = g[field];
  return typeof v === 'string' && parseIsoDate(v) === null ? `${field} ${JSON.stringify(v)}` : null;
};

function setF1Metric(
  key: string,
  label: string,
  needs: 'related' | 'images',
  gold: (g: Gold) => string[],
): Metric {
  return {
    key,
    label,
    needs,
    applies: (g) => has(g, needs) && isArticle(g),
    score: (g, p) => ({ kind: 'f1', f1: setF1(urlSet(gold(g)), urlSet(p[needs] ?? [])).f1 }),
    show: (g, p) => {
      const gs = urlSet(gold(g));
      const ps = urlSet(p[needs] ?? []);
      const missing = [...gs].filter((u) => !ps.has(u));
      const extra = [...ps].filter((u) => !gs.has(u));
      return { pred: `extra ${json(extra)}`, gold: `missing ${json(missing)}` };
    },
  };
}

/** All metrics by key. Scope: article pages, except site/url/crawled_at and is_article (all pages). */
export const METRICS: Record<string, Metric> = {
  body: bodyMetric(),
  snippets: {
    key: 'snippets',
    label: 'snippet F1 (micro)',
    needs: 'text',
    applies: (g) => has(g, 'with') || has(g, 'without'),
    score: (g, p) => ({ kind: 'snippet', counts: snippetCounts(p.text, g.with ?? [], g.without ?? []) }),
    show: (g, p) => {
      const c = snippetCounts(p.text, g.with ?? [], g.without ?? []);
      const text = p.text.replace(/\s+/g, ' ');
      const missed = (g.with ?? []).filter((s) => !text.includes(s.replace(/\s+/g, ' ').trim()));
      const leaked = (g.without ?? []).filter((s) => text.includes(s.replace(/\s+/g, ' ').trim()));
      return {
        pred: `TP ${c.tp} FP ${c.fp}; leaked ${json(leaked)}; text ${clip(p.text, 100)}`,
        gold: `FN ${c.fn}; missed ${json(missed)}`,
      };
    },
  },
  smoke: {
    key: 'smoke',
    label: 'title & body non-empty',
    needs: 'text',
    applies: (g) => g.smoke === true,
    score: (_g, p) => ({ kind: 'acc', ok: Boolean(p.title?.trim()) && Boolean(p.text.trim()) }),
    show: (_g, p) => ({ pred: `title ${json(p.title)}; text ${clip(p.text, 80)}`, gold: 'non-empty' }),
  },
  title: accMetric(
    'title', 'title acc', 'title', 'title',
    (g, p) => titlesEqual(g.title, p.title),
    (g, p) => ({ pred: json(p.title), gold: json(g.title) }),
  ),
  author: accMetric(
    'author', 'author acc', 'author', 'author',
    (g, p) => authorsEqual(g.author ?? [], p.author),
    (g, p) => ({ pred: json(p.author), gold: json(g.author) }),
  ),
  date: accMetric(
    'date', 'date acc', 'published', 'published',
    (g, p) => datesEqual(g.published, p.published, g.published_precision),
    (g, p) => ({ pred: json(p.published), gold: `${json(g.published)} (${g.published_precision ?? '-'})` }),
    false,
    badDate('published'),
  ),
  site: accMetric(
    'site', 'site acc', 'site', 'site',
    (g, p) => titlesEqual(g.site, p.site),
    (g, p) => ({ pred: json(p.site), gold: json(g.site) }),
    true,
  ),
  source: accMetric(
    'source', 'source acc', 'source', 'source',
    (g, p) => titlesEqual(g.source, p.source),
    (g, p) => ({ pred: json(p.source), gold: json(g.source) }),
  ),
  category: accMetric(
    'category', 'category acc', 'category', 'category',
    (g, p) => titlesEqual(g.category, p.category),
    (g, p) => ({ pred: json(p.category), gold: json(g.category) }),
  ),
  tags: accMetric(
    'tags', 'tags acc (set equality)', 'tags', 'tags',
    (g, p) => setsEqual(normSet(g.tags ?? []), normSet(p.tags ?? [])),
    (g, p) => ({ pred: json(p.tags), gold: json(g.tags) }),
  ),
  url: accMetric(
    'url', 'url acc', 'url', 'url',
    (g, p) => urlsEqual(g.url, p.url),
    (g, p) => ({ pred: json(p.url), gold: json(g.url) }),
    true,
  ),
  crawled_at: accMetric(
    'crawled_at', 'crawled_at acc', 'crawled_at', 'crawled_at',
    (g, p) => datesEqual(g.crawled_at, p.crawled_at, 'minute'),
    (g, p) => ({ pred: json(p.crawled_at), gold: json(g.crawled_at) }),
    true,
    badDate('crawled_at'),
  ),
  is_article: accMetric(
    'is_article', 'is_article acc', 'is_article', 'is_article',
    (g, p) => (g.is_article !== false) === p.is_article,
    (g, p) => ({ pred: json(p.is_article), gold: json(g.is_article) }),
    true,
  ),
  related: setF1Metric('related', 'related F1 (URL sets, per page)', 'related', (g) =>
    (g.related ?? []).map((r) => r.url),
  ),
  images: setF1Metric('images', 'images F1 (src sets, per page)', 'images', (g) =>
    (g.images ?? []).map((i) => i.src),
  ),
};

/** The rows of each set, in order (the corpus README says which gold each set has). */
export const SET_METRICS: Record<string, string[]> = {
  scrapinghub: ['body'],
  'daniel-zh': ['body'],
  cwced: ['body', 'date', 'author'],
  htmldate: ['date'],
  trafilatura: ['snippets', 'title', 'author', 'date'],
  'gne-smoke': ['smoke'],
  'handmade-dev': [
    'body', 'title', 'date', 'author', 'related', 'site', 'source', 'category', 'tags', 'url',
    'crawled_at', 'is_article', 'images',
  ],
};

/** Metrics for a set: the fixed list for known sets, else inferred from the gold fields present. */
export function metricsFor(set: string, golds: readonly Gold[]): Metric[] {
  const keys = SET_METRICS[set] ?? inferMetrics(golds);
  return keys.map((k) => {
    const m = METRICS[k];
    if (!m) throw new Error(`unknown metric ${k}`);
    return m;
  });
}

function inferMetrics(golds: readonly Gold[]): string[] {
  const any = (f: keyof Gold) => golds.some((g) => has(g, f));
  const keys: string[] = [];
  if (any('body')) keys.push('body');
  if (any('with')) keys.push('snippets');
  if (golds.some((g) => g.smoke)) keys.push('smoke');
  for (const f of ['title', 'published', 'author'] as const) if (any(f)) keys.push(f === 'published' ? 'date' : f);
  return keys;
}

/** Per-page score as one number in [0, 1], for --worst (lower is worse). */
export function pageValue(s: PageScore): number {
  switch (s.kind) {
    case 'body':
      return pageF1(s.counts);
    case 'snippet': {
      const d = 2 * s.counts.tp + s.counts.fp + s.counts.fn;
      return d > 0 ? (2 * s.counts.tp) / d : 1;
    }
    case 'acc':
      return s.ok ? 1 : 0;
    case 'f1':
      return s.f1;
  }
}

const f3 = (x: number) => x.toFixed(3);

/** Aggregate one metric's page scores into the table cell. */
export function aggregate(metric: Metric, scores: readonly PageScore[]): Aggregate {
  if (scores.length === 0) return { value: 0, cell: 'n/a' };
  const kind = scores[0]!.kind;
  switch (kind) {
    case 'body': {
      const r = aggregateBody(scores.map((s) => (s as { counts: Counts }).counts));
      return { value: r.f1, cell: `${f3(r.f1)} (P ${f3(r.precision)} R ${f3(r.recall)})` };
    }
    case 'snippet': {
      const r = aggregateSnippets(scores.map((s) => (s as { counts: SnippetCounts }).counts));
      return { value: r.f1, cell: `${f3(r.f1)} (P ${f3(r.precision)} R ${f3(r.recall)})` };
    }
    case 'acc': {
      const ok = scores.filter((s) => s.kind === 'acc' && s.ok).length;
      const value = ok / scores.length;
      return metric.key === 'smoke'
        ? { value, cell: `${(100 * value).toFixed(1)}% (${ok}/${scores.length})` }
        : { value, cell: f3(value) };
    }
    case 'f1': {
      const value = mean(scores.map((s) => (s.kind === 'f1' ? s.f1 : 0)));
      return { value, cell: f3(value) };
    }
  }
}
