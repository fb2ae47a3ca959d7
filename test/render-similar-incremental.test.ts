// "More like this" computed with a SimilarIndex kept between renders (folio watch) must give the
// lists a fresh index gives, after any sequence of additions, edits, retags and removals.

import { describe, expect, it, vi } from 'vitest';
import type { ArticleRecord } from '../src/model/index.ts';
import { collectSite } from '../src/render/collect.ts';
import { RenderMemo } from '../src/render/memo.ts';
import { SimilarIndex } from '../src/render/similar.ts';
import { seededRandom } from './helpers.ts';
import { record } from './render-helpers.ts';

// Words from very common to rare, so some terms pass the share cap and cross it as articles come and go.
const WORDS = Array.from({ length: 160 }, (_, i) => `w${i.toString(36)}x`);
const TAGS = ['harbour', 'council', 'rail', 'schools', 'weather', 'health'];
/** Each tag's chance: the first is on about 50 of 70 articles, the share cap, so retags move it across. */
const TAG_CHANCE = [0.7, 0.4, 0.25, 0.25, 0.1, 0.1];

function tags(next: () => number): string[] {
  return TAGS.filter((_, k) => next() < TAG_CHANCE[k]!);
}

function pick(next: () => number): string {
  return WORDS[Math.floor(next() ** 3 * WORDS.length)]!;
}

function article(n: number, next: () => number): ArticleRecord {
  const words = (count: number) => Array.from({ length: count }, () => pick(next)).join(' ');
  return record({
    slug: `story-${n}`,
    title: words(5),
    summary: words(12),
    body: Array.from({ length: 3 }, () => `${words(25)}.`).join('\n\n'),
    date: `2025-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
    tags: tags(next),
    // Sometimes a link to another story, which then must not be listed as similar.
    related: next() < 0.2 ? [{ title: 'see also', summary: null, url: `https://post.example/story-${Math.floor(next() * n)}` }] : [],
    url: `https://post.example/story-${n}`,
  });
}

const lists = (records: ArticleRecord[], index?: SimilarIndex) =>
  collectSite(records, 'en', index).articles.map((entry) => [entry.view.slug, entry.view.similar.map((ref) => ref.slug), entry.view.similarPreview.length]);

describe('SimilarIndex between renders', () => {
  it('gives the lists of a fresh index after random additions, edits, retags and removals', () => {
    for (const seed of [7, 8]) {
      const next = seededRandom(seed);
      let made = 0;
      const records: ArticleRecord[] = Array.from({ length: 70 }, () => article(made++, next));
      const kept = new SimilarIndex();
      let listed = 0;
      for (let step = 0; step < 30; step++) {
        const roll = next();
        const at = Math.floor(next() * records.length);
        if (roll < 0.25) records.push(article(made++, next));
        else if (roll < 0.4 && records.length > 10) records.splice(at, 1);
        else if (roll < 0.6) records[at] = { ...records[at]!, body: `${records[at]!.body}\n\n${pick(next)} ${pick(next)} ${pick(next)}.` };
        else if (roll < 0.75) records[at] = { ...records[at]!, tags: tags(next) };
        else if (roll < 0.85) records[at] = { ...records[at]!, date: '2026-01-01' };
        // else: nothing changed (a rebuild for an unrelated file).
        const incremental = lists(records, kept);
        expect(incremental, `seed ${seed}, step ${step}`).toEqual(lists(records));
        listed += incremental.reduce((sum, [, list]) => sum + (list as string[]).length, 0);
      }
      expect(listed).toBeGreaterThan(1000);
    }
  }, 120_000);

  it('gives the lists of a fresh index when many articles are removed between additions and rewrites', () => {
    // A removal lowers the counts of its words: an article holding one without keeping it may now
    // keep it, and one over the share cap may come back within it.
    // Articles of forty words, each once: many words weigh the same in an article, so one whose
    // count falls by one overtakes the weakest kept. Of 90 words, half the articles; of 56 words,
    // all of them, so that each word is in about 50 articles, the cap, and crosses it.
    for (const [seed, vocabulary, evenShare] of [[5, 90, 0.5], [6, 90, 0.5], [7, 56, 1], [8, 56, 1]] as const) {
      const next = seededRandom(seed);
      let made = 0;
      const even = (n: number): ArticleRecord => {
        const words = WORDS.slice(40, 40 + vocabulary).sort(() => next() - 0.5).slice(0, 40);
        return record({ slug: `even-${n}`, title: '', body: `${words.join(' ')}.`, date: '2025-03-01', url: `https://post.example/even-${n}` });
      };
      const any = () => (next() < evenShare ? even(made++) : article(made++, next));
      const records: ArticleRecord[] = Array.from({ length: 70 }, any);
      const kept = new SimilarIndex();
      lists(records, kept);
      for (let step = 0; step < 60; step++) {
        const roll = next();
        const at = Math.floor(next() * records.length);
        // Mostly one article replaced by another, so the archive's size (and with it the IDF's
        // rounded size and the cap) stays and the index is kept, not remade, across many changes.
        if (roll < 0.6) records.splice(at, 1, any());
        else if (roll < 0.9) records[at] = { ...records[at]!, body: `${pick(next)} ${pick(next)} ${pick(next)}.\n\n${records[at]!.body}` };
        else records.splice(at, 1);
        expect(lists(records, kept), `seed ${seed}, step ${step}`).toEqual(lists(records));
      }
    }
  }, 120_000);

  it('gives the lists of a fresh index when the quick path hands it only the articles that changed in place', () => {
    for (const seed of [3, 4]) {
      const next = seededRandom(seed);
      let made = 0;
      const records: ArticleRecord[] = Array.from({ length: 70 }, () => article(made++, next));
      const kept = new SimilarIndex();
      const memo = new RenderMemo();
      let previous = collectSite(records, 'en', kept, memo);
      let inPlace = 0;
      for (let step = 0; step < 40; step++) {
        if (step % 10 === 9) records.push(article(made++, next));
        else {
          // New headlines (their old words get rarer: other articles' kept terms can move), new
          // words at the start of a body (a word no other article has, or a common one), new summaries.
          for (let n = 1 + Math.floor(next() * 2); n > 0; n--) {
            const at = Math.floor(next() * records.length);
            const old = records[at]!;
            const roll = next();
            if (roll < 0.5) records[at] = { ...old, title: Array.from({ length: 5 }, () => pick(next)).join(' ') };
            else if (roll < 0.8) records[at] = { ...old, body: `${next() < 0.5 ? `only${step}x` : pick(next)} ${pick(next)}.\n\n${old.body}` };
            else records[at] = { ...old, summary: Array.from({ length: 12 }, () => pick(next)).join(' ') };
          }
        }
        const model = collectSite(records, 'en', kept, memo);
        const listsOf = (articles: typeof model.articles) => articles.map((entry) => [entry.view.slug, entry.view.similar.map((ref) => ref.slug), entry.view.similarPreview.map((ref) => ref.title)]);
        expect(listsOf(model.articles), `seed ${seed}, step ${step}`).toEqual(listsOf(collectSite(records, 'en', new SimilarIndex()).articles));
        // The quick path keeps the entries of unchanged articles.
        if (model.articles.filter((entry, i) => entry === previous.articles[i]).length > records.length / 2) inPlace++;
        previous = model;
      }
      expect(inPlace).toBeGreaterThan(12);
    }
  }, 120_000);

  it('gives the lists of a fresh index when the quick path hands it only the articles that came or went', () => {
    // The index's own way for hinted changes, watched to know the test reaches it.
    const hinted = vi.spyOn(SimilarIndex.prototype as unknown as { updateTouched: () => unknown }, 'updateTouched');
    for (const seed of [5, 6, 7]) {
      const next = seededRandom(seed);
      let made = 0;
      const byFile = (a: ArticleRecord, b: ArticleRecord) => (`${a.slug}.md` < `${b.slug}.md` ? -1 : 1);
      const records: ArticleRecord[] = Array.from({ length: 70 }, () => article(made++, next)).sort(byFile);
      const kept = new SimilarIndex();
      const memo = new RenderMemo();
      collectSite(records, 'en', kept, memo);
      hinted.mockClear();
      for (let step = 0; step < 40; step++) {
        // One or two stories in or out, at once sometimes: common words cross the share cap, rare ones
        // lose their last holder, lists lose a story they showed or gain a better one.
        const roll = next();
        if (roll < 0.7) for (let n = 1 + Math.floor(next() * 2); n > 0; n--) records.splice(Math.floor(next() * records.length), 1);
        for (let n = roll > 0.3 ? 1 + Math.floor(next() * 2) : 0; n > 0; n--) {
          // A re-post sometimes: another's text, tags and date, so the two are side by side and score the
          // same in other lists (their places decide, after stories before them came or went).
          const story = article(made++, next);
          const copied = next() < 0.4 ? records[Math.floor(next() * records.length)]! : story;
          records.push({ ...story, title: copied.title, summary: copied.summary, body: copied.body, tags: copied.tags, date: copied.date });
        }
        // In the order readRecords gives them (content/'s file names).
        records.sort(byFile);
        const model = collectSite(records, 'en', kept, memo);
        const listsOf = (articles: typeof model.articles) => articles.map((entry) => [entry.view.slug, entry.view.similar.map((ref) => ref.slug), entry.view.similarPreview.map((ref) => ref.title)]);
        expect(listsOf(model.articles), `seed ${seed}, step ${step}`).toEqual(listsOf(collectSite(records, 'en', new SimilarIndex()).articles));
      }
      // The others cross a rounding of the archive's size (every weight moves: the whole way then).
      expect(hinted.mock.calls.length, `seed ${seed}`).toBeGreaterThan(20);
    }
    hinted.mockRestore();
  }, 120_000);
});
