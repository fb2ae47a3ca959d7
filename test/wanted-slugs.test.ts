// The slugs re-imports keep (wantedSlugs), made with the memo a watch keeps between imports, must
// be the map a call without it makes, after any change to the ledger or to content/'s records; a
// map changed in place must log every key whose slug changed.

import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../src/model/index.ts';
import { wantedSlugs, type Ledger, type SyncMemo } from '../src/content/sync.ts';
import { seededRandom } from './helpers.ts';
import { record } from './render-helpers.ts';

const urls = (item: ArticleRecord): string[] => [item.url, ...item.sources.map((copy) => copy.url)].flatMap((url) => (url ? [url] : []));

const byKey = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function memo(): SyncMemo {
  return { files: new Map(), fileHash: async () => null };
}

describe('wantedSlugs', () => {
  it('gives a page its record slug from the ledger, else from a record holding its address', () => {
    const ledger: Ledger = { 'harbour.md': { sha256: 'a', pages: ['portal/1.html', 'https://post.example/harbour'] } };
    const records = [
      record({ slug: 'harbour', title: 'Harbour', url: 'https://post.example/harbour' }),
      record({ slug: 'by-hand', title: 'By hand', url: 'https://post.example/by-hand' }),
    ];
    expect([...wantedSlugs(ledger, records, urls).slugs]).toEqual([
      ['portal/1.html', 'harbour'], ['https://post.example/harbour', 'harbour'], ['https://post.example/by-hand', 'by-hand'],
    ]);
  });

  it('with a memo, equals a call without one after random changes to the ledger and the records', () => {
    for (const seed of [1, 2, 3]) {
      const next = seededRandom(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      const address = () => `https://post.example/${Math.floor(next() * 30)}`;
      const page = () => `portal/${Math.floor(next() * 30)}.html`;
      let made = 0;
      const newRecord = (slug = `story-${made++}`) => record({ slug, title: slug, url: next() < 0.8 ? address() : null, sources: next() < 0.3 ? [{ url: address(), site: null, crawled_at: null }] : [] });
      let ledger: Ledger = {};
      let records: ArticleRecord[] = Array.from({ length: 12 }, () => newRecord());
      for (const item of records.slice(0, 8)) ledger[`${item.slug}.md`] = { sha256: 'x', pages: [page(), page()] };
      const kept = memo();
      let reused = 0;
      let inPlace = 0;
      for (let step = 0; step < 200; step++) {
        const roll = next();
        const names = Object.keys(ledger);
        // Most steps keep the count of records and of ledger entries, as a watch rebuild after an edit does.
        if (roll < 0.15) records = records.map((item) => (next() < 0.2 ? { ...item } : item));
        else if (roll < 0.3) records = records.map((item, i) => (i === Math.floor(next() * records.length) ? { ...item, url: address() } : item));
        else if (roll < 0.4) records = records.map((item, i) => (i === 0 ? newRecord() : item));
        else if (roll < 0.5) records = [...records.slice(1), records[0]!];
        else if (roll < 0.6 && names.length) ledger = { ...ledger, [pick(names)]: { sha256: 'y', pages: [page()] } };
        else if (roll < 0.7 && names.length) ledger = { ...ledger, [pick(names)]: { sha256: 'z', pages: [...ledger[pick(names)]!.pages] } };
        else if (roll < 0.78 && names.length) ledger = Object.fromEntries(Object.entries(ledger).reverse());
        else if (roll < 0.86) ledger = { ...ledger, [`${newRecord().slug}.md`]: { sha256: 'w', pages: [page()] } };
        else if (roll < 0.92 && names.length) {
          const { [pick(names)]: _gone, ...rest } = ledger;
          ledger = rest;
        } else if (roll < 0.96) records = [...records, newRecord()];
        else if (records.length > 2) records = records.slice(1);
        // else: nothing changed.
        const before = kept.slugs;
        const was = new Map(before?.slugs);
        const logged = before?.changes.length ?? 0;
        const { slugs, changes } = wantedSlugs(ledger, records, urls, kept);
        const label = `seed ${seed}, step ${step}`;
        expect([...slugs].sort(byKey), label).toEqual([...wantedSlugs(ledger, records, urls).slugs].sort(byKey));
        if (slugs !== before?.slugs) continue;
        reused++;
        const changed = [...new Set([...was.keys(), ...slugs.keys()])].filter((key) => was.get(key) !== slugs.get(key));
        expect(new Set(changes.slice(logged)), label).toEqual(new Set(changed));
        if (changed.length) inPlace++;
      }
      expect(reused).toBeGreaterThan(40);
      expect(inPlace, 'some maps must change in place').toBeGreaterThan(20);
    }
  });
});
