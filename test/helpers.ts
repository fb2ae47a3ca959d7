// Shared test helpers: run the CLI, walk a built site, resolve its internal links.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ImportedRecord } from '../src/content/sync.ts';
import type { ArticleRecord } from '../src/model/index.ts';

export const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function folio(args: string[], cwd = ROOT): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin/folio.js'), ...args], { cwd, maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export function filesUnder(dir: string, ext?: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, ext));
    else if (!ext || entry.name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

/** Every href/src in a page that points inside the site (relative, no scheme). */
export function internalLinks(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const target = m[1]!.replace(/&amp;/g, '&');
    if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') || target.startsWith('#')) continue;
    links.push(target);
  }
  return links;
}

/** The file a relative link from `page` opens (a folder means its index.html), or null if none. */
export function resolveLink(siteRoot: string, page: string, link: string): string | null {
  const path = decodeURIComponent(link.replace(/[#?].*$/, ''));
  let target = resolve(dirname(page), path);
  if (!target.startsWith(siteRoot)) return null;
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
  return existsSync(target) ? relative(siteRoot, target) : null;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** A record for content tests: `slug` names it, `body` is its text and summary. */
export function record(slug: string, body: string): ArticleRecord {
  return {
    title: slug.replace(/-/g, ' '), slug, date: '2025-09-01', author: [], site: 'Example Post', source: null,
    url: `https://post.example/${slug}`, crawled_at: null, sources: [], category: null, tags: [], lang: 'en',
    summary: body, related: [], images: [], body,
  };
}

/** Records as import hands them to syncRecords, each from one page. */
export const imported = (...records: ArticleRecord[]): ImportedRecord[] => records.map((r) => ({ record: r, pages: [`post.example/${r.slug}`] }));

/** mulberry32: a small seeded generator, so a failing random sequence can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file under `dir` (hidden ones too) -> its bytes as a latin1 string (byte for byte, comparable with ===), by relative path. */
export function fileTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'latin1'));
  }
  return files;
}
