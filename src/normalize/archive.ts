// Many parsed pages -> the archive's records: one record per article (the same URL or the same
// body is one article), each with a slug that is unique and stable across runs and import order.

import type { ArticleRecord, ParsedPage } from '../model/index.ts';
import { identityKey, toRecord } from './record.ts';
import { shortHash } from './slug.ts';

export interface Merge {
  kept: string;
  dropped: string;
  reason: 'same url' | 'same body';
}

export interface NormalizedArchive {
  records: ArticleRecord[];
  merges: Merge[];
}

/**
 * `existingSlugs` maps an article's identity (normalized URL or text key) to the slug its record
 * already has in content/, so re-imports keep addresses stable.
 */
export function normalizePages(pages: ParsedPage[], existingSlugs: Map<string, string> = new Map()): NormalizedArchive {
  const merges: Merge[] = [];
  const byKey = new Map<string, ParsedPage>();
  const byBody = new Map<string, string>();
  // Deterministic whatever the input order: visit pages by identity.
  const ordered = [...pages].sort((a, b) => compare(identityKey(a), identityKey(b)) || compare(a.file, b.file));
  for (const page of ordered) {
    const key = identityKey(page);
    const bodyKey = page.text ? shortHash(page.text, 16) : null;
    const sameUrl = byKey.get(key);
    const sameBodyKey = bodyKey ? byBody.get(bodyKey) : undefined;
    const twin = sameUrl ?? (sameBodyKey ? byKey.get(sameBodyKey) : undefined);
    if (twin) {
      const keep = moreComplete(twin, page);
      const drop = keep === twin ? page : twin;
      merges.push({ kept: keep.file, dropped: drop.file, reason: sameUrl ? 'same url' : 'same body' });
      byKey.set(identityKey(twin), keep);
      continue;
    }
    byKey.set(key, page);
    if (bodyKey) byBody.set(bodyKey, key);
  }

  const records = [...byKey.entries()].map(([key, page]) => ({ key, record: toRecord(page) }));
  assignSlugs(records, existingSlugs);
  return { records: records.map((r) => r.record).sort((a, b) => compare(a.slug, b.slug)), merges };
}

function moreComplete(a: ParsedPage, b: ParsedPage): ParsedPage {
  if (a.text.length !== b.text.length) return a.text.length >= b.text.length ? a : b;
  return compare(a.file, b.file) <= 0 ? a : b;
}

/**
 * Existing records keep their slug. Among new records that want the same slug, the one with the
 * smallest identity key gets it plain and the others get `-<hash of identity>`: the same pages
 * always get the same slugs, in any import order.
 */
function assignSlugs(entries: { key: string; record: ArticleRecord }[], existing: Map<string, string>): void {
  const taken = new Set<string>();
  const pending: { key: string; record: ArticleRecord }[] = [];
  for (const entry of [...entries].sort((a, b) => compare(a.key, b.key))) {
    const slug = existing.get(entry.key);
    if (slug && !taken.has(slug)) {
      entry.record.slug = slug;
      taken.add(slug);
    } else pending.push(entry);
  }
  for (const entry of pending) {
    const base = entry.record.slug;
    let slug = base;
    for (let n = 0; taken.has(slug); n++) slug = `${base}-${shortHash(n ? `${entry.key}#${n}` : entry.key, 6)}`;
    entry.record.slug = slug;
    taken.add(slug);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

