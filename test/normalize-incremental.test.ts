// The normalizer kept between rebuilds (folio watch) must give what a fresh normalizePages gives on
// the same pages: the same records (slugs, tags, merged copies), the same pages behind each, the
// same merges, whatever pages were added, edited or removed before. Seeded random sequences with
// shared URLs, copied bodies, re-posts, tags spelled several ways and slugs already in content/.

import { describe, expect, it } from 'vitest';
import { emptyPage, type ParsedPage } from '../src/model/index.ts';
import { ArchiveNormalizer, normalizePages, type NormalizedArchive, type NormalizeOptions } from '../src/normalize/index.ts';
import { seededRandom } from './helpers.ts';

const WORDS = 'harbour council budget river bridge school farmers rain market train station mayor vote tax road museum festival hospital nurses doctors league match coach season water power grid wind solar price bread'.split(' ');
// Spellings of few tags, so that which spelling most pages use flips as pages come and go.
const TAGS = ['Harbour', 'harbour', ' #Harbour ', 'Ｈａｒｂｏｕｒ', 'Budget', 'budget', 'BUDGET', 'Rail', 'rail travel', 'Schools', 'schools'];
const TITLES = ['Council votes on the harbour budget', 'Rain delays the rail works', 'Schools reopen after the storm', 'Market prices rise again'];

function sentence(next: () => number): string {
  return Array.from({ length: 12 }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

function makePage(n: number, next: () => number, stories: string[][]): ParsedPage {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const story = pick(stories);
  const lines = [...story];
  const roll = next();
  // A re-post (one line changed or added), the same body, or a short brief.
  if (roll < 0.3) lines[Math.floor(next() * lines.length)] = sentence(next);
  else if (roll < 0.5) lines.push(sentence(next));
  else if (roll < 0.6) lines.length = 1;
  const text = lines.join('\n');
  // Few URLs, so that some pages share one; some pages have none.
  const url = next() < 0.15 ? null : `https://news${Math.floor(next() * 3)}.example/story-${Math.floor(next() * 14)}/`;
  return {
    ...emptyPage(`site${n % 3}/page-${n}.html`), is_article: true, url, title: pick(TITLES), text, markdown: text,
    published: next() < 0.8 ? `2025-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}` : null,
    tags: Array.from({ length: Math.floor(next() * 4) }, () => pick(TAGS)),
  };
}

/** A seeded sequence's start: its random numbers, 24 pages of five stories, and a maker of more such pages. */
function startSequence(seed: number) {
  const next = seededRandom(seed);
  const stories = Array.from({ length: 5 }, () => Array.from({ length: 8 }, () => sentence(next)));
  let counter = 0;
  const more = () => makePage(counter++, next, stories);
  const pages: ParsedPage[] = Array.from({ length: 24 }, more);
  return { next, more, pages };
}

/** What a build sees of a normalize result, with the map in a fixed order. */
function view(result: NormalizedArchive) {
  return { records: result.records, pagesOf: [...result.pagesOf].sort(([a], [b]) => (a < b ? -1 : 1)), merges: result.merges };
}

describe('ArchiveNormalizer between rebuilds', () => {
  it.each([5, 17, 23, 42])('gives what a fresh normalizePages gives after random changes (seed %i)', (seed) => {
    const { next, more, pages } = startSequence(seed);
    const kept = new ArchiveNormalizer();
    let merged = 0;
    for (let step = 0; step < 40; step++) {
      const roll = next();
      const at = Math.floor(next() * pages.length);
      if (roll < 0.3) pages.splice(at, 0, more());
      else if (roll < 0.5 && pages.length > 3) pages.splice(at, 1);
      // An edit: the same file parsed again into a new object (another body, another URL, other tags).
      else if (roll < 0.8) pages[at] = { ...more(), file: pages[at]!.file };
      else if (roll < 0.9) pages.push(pages[at]!); // the same page object given twice
      else if (roll < 0.95) pages[at] = pages[Math.floor(next() * pages.length)]!; // given twice, in another's place
      else if (roll < 0.98) pages[at] = pages[(at + 1) % pages.length] = more(); // a new page in two places
      // Slugs content/ already has: some of the current articles' URLs, and a few names taken by hand.
      const existing = new Map(pages.filter(() => next() < 0.3).flatMap((page) => (page.url ? [[page.url.replace(/^https:\/\//, '').replace(/\/$/, ''), `kept-${Math.floor(next() * 6)}`] as const] : [])));
      const options: NormalizeOptions = {
        existingSlugs: existing,
        reservedSlugs: new Set(next() < 0.5 ? ['council-votes-on-the-harbour-budget', 'kept-2'] : []),
        tagSynonyms: step > 30 ? { Rail: ['rail travel'] } : {},
      };
      const label = `seed ${seed}, step ${step}`;
      const result = view(kept.normalize(pages, options));
      expect(result, label).toEqual(view(normalizePages(pages, options)));
      merged += result.merges.length;
    }
    expect(merged, 'the sequences must merge copies to test anything').toBeGreaterThan(10);
  });

  it.each([5, 17, 23])('gives what a fresh normalizePages gives when content/ already names the articles, as after an import (seed %i)', (seed) => {
    const { next, more, pages } = startSequence(seed);
    const kept = new ArchiveNormalizer();
    const reservedSlugs = new Set(['council-votes-on-the-harbour-budget']);
    // The slugs content/ has: a watch import is given the same map while no record's pages change.
    let existingSlugs: ReadonlyMap<string, string> = new Map();
    for (let step = 0; step < 60; step++) {
      const roll = next();
      const at = Math.floor(next() * pages.length);
      // Mostly a page's text edited in place (the same address: the same article), sometimes a page added or removed.
      if (roll < 0.7) pages[at] = { ...more(), file: pages[at]!.file, url: pages[at]!.url };
      else if (roll < 0.85) pages.splice(at, 0, more());
      else if (pages.length > 3) pages.splice(at, 1);
      const options: NormalizeOptions = { existingSlugs, reservedSlugs };
      const result = kept.normalize(pages, options);
      expect(view(result), `seed ${seed}, step ${step}`).toEqual(view(normalizePages(pages, options)));
      if (step % 5 === 4) existingSlugs = new Map([...result.pagesOf].flatMap(([slug, keys]) => keys.map((key) => [key, slug] as const)));
    }
  });

  it.each([3, 11, 29])('gives what a fresh normalizePages gives when content/\'s slugs change in place between calls, as a watch import gives them (seed %i)', (seed) => {
    const { next, more, pages } = startSequence(seed);
    const kept = new ArchiveNormalizer();
    // One map for every call, changed in place after each, with a log of the keys whose slug changed.
    const existingSlugs = new Map<string, string>();
    const slugChanges: string[] = [];
    const change = (key: string, slug: string | undefined) => {
      if (existingSlugs.get(key) === slug) return;
      if (slug === undefined) existingSlugs.delete(key);
      else existingSlugs.set(key, slug);
      slugChanges.push(key);
    };
    for (let step = 0; step < 80; step++) {
      const roll = next();
      const at = Math.floor(next() * pages.length);
      if (roll < 0.5) pages[at] = { ...more(), file: pages[at]!.file, url: pages[at]!.url };
      else if (roll < 0.75) pages.splice(at, 0, more());
      else if (roll < 0.85 && pages.length > 3) pages.splice(at, 1);
      const reservedSlugs = new Set(next() < 0.3 ? ['council-votes-on-the-harbour-budget', 'rain-delays-the-rail-works'] : []);
      const options: NormalizeOptions = { existingSlugs, slugChanges, reservedSlugs };
      const result = kept.normalize(pages, options);
      const label = `seed ${seed}, step ${step}`;
      expect(view(result), label).toEqual(view(normalizePages(pages, { existingSlugs: new Map(existingSlugs), reservedSlugs })));
      // Mostly what an import writes (each record's pages name its slug, gone ones forgotten), sometimes a slug renamed by hand or a stray key.
      const now = new Map([...result.pagesOf].flatMap(([slug, keys]) => keys.map((key) => [key, slug] as const)));
      const r = next();
      if (r < 0.6) {
        for (const key of [...existingSlugs.keys()]) if (!now.has(key)) change(key, undefined);
        for (const [key, slug] of now) change(key, slug);
      } else if (r < 0.7 && now.size) change([...now.keys()][Math.floor(next() * now.size)]!, `renamed-${step}`);
      else if (r < 0.8) change(`https://elsewhere.example/${step}`, 'market-prices-rise-again');
    }
  });
});
