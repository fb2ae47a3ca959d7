// The Readability.js side of the evaluation: run @mozilla/readability on jsdom the way a user
// would (raw bytes in, jsdom sniffs the encoding), map its result to a Prediction, and cache the
// results per set (Readability takes ~200 ms a page; folio is what changes between runs).
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeHtml } from '../../src/parse/decode.ts';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Prediction } from './metrics.ts';
import { parseIsoDate } from './score.ts';

/** Bump when the mapping below changes, so old caches are not reused. */
const MAPPING_VERSION = 4; // 4: Readability is given the page decoded by folio's decoder

export interface ReadabilityRun {
  /** null when jsdom or Readability threw. */
  prediction: Prediction | null;
  /** Milliseconds for JSDOM construction + parse(). */
  ms: number;
  error?: string;
  /** The encoding jsdom decoded the bytes with. */
  charset?: string;
}


/**
 * Byline → author names: strip a leading "By"/"By:" (any case), split on " and ", "&", ",", "，"
 * and "、", trim, drop empties. Nothing else (role words such as "Staff writer" or "记者" stay),
 * which is what a user of Readability's byline would get.
 */
export function bylineToAuthors(byline: string | null | undefined): string[] {
  if (!byline) return [];
  const s = byline.replace(/\s+/g, ' ').trim().replace(/^by\b:?\s*/i, '');
  return s
    .split(/\s+and\s+|\s*&\s*|[,，、]/i)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/**
 * Readability's publishedTime is the raw meta/JSON-LD string. ISO-like values are kept as written
 * (offset and all); anything else that Date.parse understands becomes a UTC instant
 * (`…Z`); the rest is null.
 */
export function normalizeReadabilityDate(s: string | null | undefined): string | null {
  if (!s || !s.trim()) return null;
  const t = s.trim();
  if (parseIsoDate(t)) return t;
  // ISO date followed by something parseIsoDate does not know (e.g. "2019-10-16T10:00:00.000+0200 CEST")
  const lead = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/.exec(t);
  if (lead && parseIsoDate(lead[0])) return lead[0];
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Text → one block a line: whitespace collapsed within each line, empty lines dropped. */
export function textContentToLines(text: string | null | undefined): string {
  if (!text) return '';
  return text
    .split(/\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'CAPTION', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL',
  'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

/**
 * The article's textContent with a line break at every block boundary (p, li, td, br, …). Plain
 * textContent glues adjacent blocks ("<td>Crew</td><td>Time</td>" → "CrewTime"), which would
 * merge tokens that a reader sees apart; this is textContent "per paragraph".
 */
export function blockText(root: Node): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3 /* TEXT_NODE */) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1 /* ELEMENT_NODE */) return;
    const block = BLOCK.has((node as Element).tagName);
    if (block) parts.push('\n');
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
    if (block) parts.push('\n');
  };
  walk(root);
  return textContentToLines(parts.join(''));
}

const quietConsole = new VirtualConsole(); // jsdom's CSS/script errors are not ours to print

/** Run Readability on one page (never throws). */
export function runReadability(bytes: Uint8Array, url: string): ReadabilityRun {
  // jsdom alone sniffs only a 1024-byte prescan and reads 242 UTF-8 corpus pages as windows-1252;
  // published Readability figures come from correctly decoded text, so it gets the page decoded
  // the way folio decodes it (decoding is not what this comparison measures).
  const { text: html } = decodeHtml(bytes);
  let dom: JSDOM | undefined;
  const start = performance.now();
  try {
    dom = new JSDOM(html, { url, virtualConsole: quietConsole });
    const article = new Readability(dom.window.document).parse();
    const ms = performance.now() - start;
    let text = '';
    if (article?.content) {
      const div = dom.window.document.createElement('div');
      div.innerHTML = article.content;
      text = blockText(div);
    }
    const prediction: Prediction = article
      ? {
          text,
          title: article.title ?? null,
          author: bylineToAuthors(article.byline),
          published: normalizeReadabilityDate(article.publishedTime),
          is_article: true,
          site: article.siteName ?? null,
        }
      : { text: '', title: null, author: [], published: null, is_article: false, site: null };
    const charset = dom.window.document.characterSet;
    return { prediction, ms, charset };
  } catch (err) {
    return { prediction: null, ms: performance.now() - start, error: String((err as Error)?.message ?? err).slice(0, 300) };
  } finally {
    try {
      dom?.window.close();
    } catch {
      // ignore
    }
  }
}

/** Empty prediction with Readability's fields (used when it crashed). */
export function emptyReadabilityPrediction(): Prediction {
  return { text: '', title: null, author: [], published: null, is_article: false, site: null };
}

/** The Prediction fields Readability produces (others print "—"). */
export const READABILITY_FIELDS: ReadonlySet<keyof Prediction> = new Set<keyof Prediction>([
  'text', 'title', 'author', 'published', 'is_article', 'site',
]);

// ---------------------------------------------------------------------------------------------
// Cache: .cache/eval/readability-<set>.json, keyed by page id + file size + mtime.

interface CacheEntry extends ReadabilityRun {
  size: number;
  mtimeMs: number;
}

interface CacheFile {
  version: string;
  entries: Record<string, CacheEntry>;
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 6; i++) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? '?';
      }
      dir = dirname(dir);
    }
  } catch {
    // fall through
  }
  return '?';
}

/** Readability + jsdom versions (cache key and report). */
export const READABILITY_VERSION = `readability ${packageVersion('@mozilla/readability')}, jsdom ${packageVersion('jsdom')}`;
const CACHE_VERSION = `${READABILITY_VERSION}, mapping ${MAPPING_VERSION}`;

export class ReadabilityCache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = 0;
  readonly path: string;

  constructor(dir: string, set: string, fresh = false) {
    this.path = join(dir, `readability-${set}.json`);
    if (fresh || !existsSync(this.path)) return;
    try {
      const data = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile;
      if (data.version === CACHE_VERSION) this.entries = data.entries;
    } catch {
      // unreadable cache: start over
    }
  }

  get(id: string, size: number, mtimeMs: number): ReadabilityRun | undefined {
    const e = this.entries[id];
    return e && e.size === size && e.mtimeMs === mtimeMs ? e : undefined;
  }

  put(id: string, size: number, mtimeMs: number, run: ReadabilityRun): void {
    this.entries[id] = { ...run, size, mtimeMs };
    if (++this.dirty >= 50) this.save();
  }

  save(): void {
    if (this.dirty === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: CACHE_VERSION, entries: this.entries } satisfies CacheFile));
    renameSync(tmp, this.path);
    this.dirty = 0;
  }
}
