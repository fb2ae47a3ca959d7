// A render that keeps its model and fingerprints for the next one (folio watch: RenderMemo) must
// write exactly what a fresh render writes, after any sequence of changes to the records: titles
// that other pages show (tag, site, date and home lists, neighbours, related links, "more like
// this"), tags, dates, sites, related links, additions and removals, and template edits.

import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, SiteConfig } from '../src/model/index.ts';
import { renderSite } from '../src/render/index.ts';
import { siteLanguage } from '../src/render/site.ts';
import { collectSite } from '../src/render/collect.ts';
import { MediaLibrary } from '../src/render/images.ts';
import { mightReadListArticles, mightReadViewLists } from '../src/render/fingerprint.ts';
import { labelsFor } from '../src/render/labels.ts';
import { RenderMemo, sameView } from '../src/render/memo.ts';
import { planPages, READS_ALL, type ListReading, type PagePlan } from '../src/render/pages.ts';
import type { ArticleView } from '../src/render/views.ts';
import { SimilarIndex } from '../src/render/similar.ts';
import { fileTree, seededRandom } from './helpers.ts';
import { record, TEMPLATES } from './render-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'folio-render-memo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const WORDS = ['harbour', 'council', 'budget', 'rail', 'school', 'storm', 'clinic', 'bridge', 'market', 'river', 'vote', 'fire'];
const TAGS = ['City', 'city', 'Transport', 'Schools', 'Weather', 'Health'];
const SITES = ['Daily Post', 'Evening Wire', 'Harbour Times'];

type Random = () => number;
const pick = <T,>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const words = (next: Random, count: number) => Array.from({ length: count }, () => pick(next, WORDS)).join(' ');
/** A month of 2024 or 2025, about one article each: months come and go as articles do. */
const month = (next: Random) => `${2024 + Math.floor(next() * 2)}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}`;
const url = (n: number) => `https://news.example/story-${n}`;

function article(n: number, next: Random): ArticleRecord {
  return record({
    slug: `story-${n}`,
    title: words(next, 4),
    summary: words(next, 8),
    body: `${words(next, 20)}.\n\n${words(next, 20)}.`,
    date: next() < 0.9 ? `${month(next)}-1${Math.floor(next() * 9)}` : null,
    site: pick(next, SITES),
    url: url(n),
    tags: TAGS.filter(() => next() < 0.3),
    related: next() < 0.5 ? [{ title: next() < 0.5 ? '' : words(next, 3), summary: null, url: url(Math.floor(next() * (n + 3))) }] : [],
    // About as many in each language, so that edits can turn the interface language ("auto") over.
    lang: pick(next, ['en', 'en', 'zh', 'zh', null]),
  });
}

/** One random change to the records, in place; returns its name. */
function change(records: ArticleRecord[], next: Random, made: () => number): string {
  const at = Math.floor(next() * records.length);
  const old = records[at]!;
  const roll = next();
  if (roll < 0.15) return records.push(article(made(), next)), 'add';
  if (roll < 0.25 && records.length > 8) return records.splice(at, 1), 'remove';
  const edits: [string, Partial<ArticleRecord>][] = [
    ['title', { title: words(next, 4) }],
    ['summary', { summary: words(next, 8) }],
    ['body', { body: `${old.body}\n\n${words(next, 10)}.` }],
    ['tags', { tags: TAGS.filter(() => next() < 0.3) }],
    ['date', { date: next() < 0.2 ? null : `${month(next)}-2${Math.floor(next() * 9)}` }],
    ['site', { site: pick(next, SITES) }],
    ['related', { related: [{ title: '', summary: words(next, 2), url: url(Math.floor(next() * records.length)) }] }],
    ['url', { url: url(Math.floor(next() * 1000) + 1000) }],
    ['lang', { lang: pick(next, ['en', 'zh', null]) }],
  ];
  if (roll > 0.95) return 'nothing';
  const [name, fields] = pick(next, edits);
  records[at] = { ...old, ...fields };
  return name;
}

describe('a render kept between builds (RenderMemo)', () => {
  it('writes what a fresh render writes after random changes', async () => {
    for (const seed of [3, 4]) {
      // One seed with the interface language set, one with the language most records are in. Seed 3's
      // home page and year are split by date (more than five pages: SPLIT_LIST_PAGES), seed 4's tags
      // and sites too, by month.
      const site: SiteConfig = { title: 'Archive', description: 'Test', lang: seed === 3 ? 'en' : 'auto', pageSize: seed === 3 ? 4 : 1, baseUrl: 'https://archive.example/' };
      const next = seededRandom(seed);
      let made = 0;
      const records = Array.from({ length: 24 }, () => article(made++, next));
      const templatesDir = join(work, `templates-${seed}`);
      cpSync(TEMPLATES, templatesDir, { recursive: true });
      // Seed 4's tag and month pages also show their whole list's first and last titles: every page of a list then depends on all of it.
      if (seed === 4) {
        const add = (file: string, markup: string) => writeFileSync(join(templatesDir, file), readFileSync(join(templatesDir, file), 'utf8').replace('{% endblock %}', `${markup}\n{% endblock %}`));
        add('tag.liquid', '<p class="ends">{{ tag.articles.first.title }} / {{ tag.articles.last.title }}</p>');
        // A loop over the month object itself: its last pair is its articles.
        add('month.liquid', '{%- for pair in month %}{% if forloop.last %}<p class="newest">{{ pair[1].first.title }}</p>{% endif %}{% endfor %}');
      }
      const kept = { outDir: join(work, `kept-${seed}`), memo: new RenderMemo(), similar: new SimilarIndex() };
      const render = (outDir: string, keep?: typeof kept) =>
        renderSite(records, {
          outDir, templatesDir, site, codeVersion: 'test',
          ...(keep ? { memo: keep.memo, similar: keep.similar, output: { live: true, trustFiles: true } } : {}),
        });
      await render(kept.outDir, kept);
      let rewritten = 0;
      for (let step = 0; step < 30; step++) {
        // Now and then a template changes instead: every page is rendered again.
        const name = step % 10 === 9 ? 'template' : change(records, next, () => made++);
        if (name === 'template') appendFileSync(join(templatesDir, step % 20 === 9 ? 'article.liquid' : 'tag.liquid'), `\n<!-- step ${step} -->\n`);
        const summary = await render(kept.outDir, kept);
        rewritten += summary.written;
        const fresh = join(work, `fresh-${seed}-${step}`);
        await render(fresh);
        const label = `seed ${seed}, step ${step} (${name})`;
        const expected = fileTree(fresh);
        const actual = fileTree(kept.outDir);
        expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
        for (const [file, bytes] of expected) expect(actual.get(file) === bytes, `${label}: ${file}`).toBe(true);
        rmSync(fresh, { recursive: true, force: true });
      }
      // The kept render skipped most pages: a change rewrites a few pages, not the site.
      expect(rewritten).toBeGreaterThan(30);
      // The lists were split: the archive's months link on, and seed 4's sites have month parts.
      const files = [...fileTree(kept.outDir).keys()];
      expect(files.some((file) => file.startsWith('archive/undated/'))).toBe(true);
      if (seed === 4) expect(files.some((file) => /^sites\/[^/]+\/202[45]\/\d\d\/index\.html$/.test(file))).toBe(true);
    }
  }, 120_000);
});

describe('a render kept between builds, when only the pictures content/ keeps change', () => {
  it('renders the article pages that now show a kept copy, as a fresh render does', async () => {
    const site: SiteConfig = { title: 'Archive', description: 'Test', lang: 'en', pageSize: 4 };
    const next = seededRandom(5);
    const records = Array.from({ length: 6 }, (_, n) => ({ ...article(n, next), images: [{ src: `https://news.example/p${n}.png`, alt: null, caption: null }] }));
    const content = join(work, 'pictures-content');
    mkdirSync(join(content, 'media'), { recursive: true });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
    writeFileSync(join(content, 'media', 'p2.png'), png);
    const kept = { outDir: join(work, 'pictures-kept'), memo: new RenderMemo(), similar: new SimilarIndex() };
    const render = (outDir: string, media: MediaLibrary, keep?: typeof kept) =>
      renderSite(records, { outDir, templatesDir: TEMPLATES, site, codeVersion: 'test', media, ...(keep ? { memo: keep.memo, similar: keep.similar, output: { live: true, trustFiles: true } } : {}) });
    await render(kept.outDir, await MediaLibrary.load(content), kept);
    // The same records; content/media.json now keeps the picture of story-2.
    writeFileSync(join(content, 'media.json'), JSON.stringify({ 'https://news.example/p2.png': 'media/p2.png' }));
    const summary = await render(kept.outDir, await MediaLibrary.load(content), kept);
    expect(summary.written).toBeGreaterThan(0);
    const fresh = join(work, 'pictures-fresh');
    await render(fresh, await MediaLibrary.load(content));
    const expected = fileTree(fresh);
    const actual = fileTree(kept.outDir);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, bytes] of expected) expect(actual.get(file) === bytes, file).toBe(true);
  });
});

describe('collectSite with a memo', () => {
  it('shows a tag under its new spelling on every article when a retag makes another spelling the most used', () => {
    const records = ['city', 'city', 'city', 'City', 'City'].map((tag, n) => record({ slug: `story-${n}`, title: `story ${n}`, date: `2025-03-1${n}`, tags: [tag, 'Rail'], url: url(n) }));
    const memo = new RenderMemo();
    const similar = new SimilarIndex();
    const shown = (model: ReturnType<typeof collectSite>) => model.articles.map((entry) => entry.view.tags.map((tag) => tag.name).join(','));
    expect(shown(collectSite(records, 'en', similar, memo))).toEqual(Array(5).fill('city,Rail'));
    records[0] = { ...records[0]!, tags: ['City', 'Rail'] };
    records[1] = { ...records[1]!, tags: ['Rail'] };
    const model = collectSite(records, 'en', similar, memo);
    const fresh = collectSite(records, 'en', new SimilarIndex());
    expect(shown(model)).toEqual(shown(fresh));
    expect(model.tags).toEqual(fresh.tags);
    expect(model.tags.map((tag) => `${tag.name} ${tag.count}`)).toEqual(['Rail 5', 'City 4']);
  });

  it('gives the model a fresh collect gives when bodies, pictures, headlines, summaries and tags change (the quick path) between other changes', () => {
    const next = seededRandom(11);
    let made = 0;
    const records = Array.from({ length: 40 }, () => article(made++, next));
    // Related links to the addresses of copies that records gain and lose below.
    for (let k = 0; k < 6; k++) records[k * 6] = { ...records[k * 6]!, related: [{ title: '', summary: null, url: `https://mirror.example/copy-${k}` }] };
    const memo = new RenderMemo();
    const similar = new SimilarIndex();
    let previous = collectSite(records, 'en', similar, memo);
    let quick = 0;
    let moved = 0;
    let copies = 0;
    for (let step = 0; step < 80; step++) {
      const label = `step ${step}`;
      if (step % 8 === 7) change(records, next, () => made++);
      else {
        // New words at the start of one to three bodies ("more like this" reads the start), new
        // pictures, a new headline or summary (shown by neighbours, lists and related links), or new tags.
        for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
          const at = Math.floor(next() * records.length);
          const old = records[at]!;
          const roll = next();
          if (roll < 0.5) records[at] = { ...old, body: `${words(next, 12)}.\n\n${old.body}` };
          else if (roll < 0.65) records[at] = { ...old, images: [{ src: `https://news.example/p${step}.jpg`, alt: null, caption: null }] };
          else if (roll < 0.75) records[at] = { ...old, title: words(next, 4) };
          else if (roll < 0.82) records[at] = { ...old, summary: words(next, 8) };
          // New tags: one more or one fewer, a tag no article had, or a spelling of one that may become the shown one.
          else if (roll < 0.9) records[at] = { ...old, tags: next() < 0.3 ? [...old.tags, `Story ${step}`] : next() < 0.5 ? old.tags.slice(1) : [pick(next, TAGS), pick(next, TAGS)] };
          // A copy gained or lost (a duplicate page merged in, or its page deleted), mostly from the
          // record's own site; or another article's related link to such a copy's address.
          else {
            const copy = `https://mirror.example/copy-${Math.floor(next() * 6)}`;
            const other = Math.floor(next() * records.length);
            if (next() < 0.25) records[other] = { ...records[other]!, related: [{ title: '', summary: null, url: copy }] };
            else if (old.sources.some((source) => source.url === copy)) records[at] = { ...old, sources: old.sources.filter((source) => source.url !== copy) };
            else records[at] = { ...old, sources: [...old.sources, { url: copy, site: next() < 0.8 ? old.site : pick(next, SITES), crawled_at: null }] };
            copies++;
          }
        }
      }
      const model = collectSite(records, 'en', similar, memo);
      const fresh = collectSite(records, 'en', new SimilarIndex());
      expect(model.articles.map((entry) => entry.view), label).toEqual(fresh.articles.map((entry) => entry.view));
      expect(model.articles.map((entry) => entry.record), label).toEqual(fresh.articles.map((entry) => entry.record));
      expect({ tags: model.tags, sites: model.sites, years: model.years, warnings: model.warnings }, label).toEqual({ tags: fresh.tags, sites: fresh.sites, years: fresh.years, warnings: fresh.warnings });
      // The quick path keeps the entries of unchanged records as they were; a collect afresh makes new ones.
      if (model.articles.filter((entry, i) => entry === previous.articles[i]).length > records.length / 2) quick++;
      moved += model.articles.filter((entry, i) => previous.articles[i] && entry.view !== previous.articles[i]!.view && entry.record === previous.articles[i]!.record).length;
      previous = model;
    }
    expect(quick).toBeGreaterThan(40);
    expect(copies).toBeGreaterThan(5);
    // Some body changes moved other articles' "more like this" lists.
    expect(moved).toBeGreaterThan(10);
  });
});

describe('collectSite with a memo, as articles come and go', () => {
  it('gives the model a fresh collect gives when a few records are added or removed (the quick path)', () => {
    for (const seed of [5, 6, 7]) {
      const next = seededRandom(seed);
      let made = 0;
      const records = Array.from({ length: 40 }, () => article(made++, next));
      const memo = new RenderMemo();
      const similar = new SimilarIndex();
      let previous = collectSite(records, 'en', similar, memo);
      let quick = 0;
      for (let step = 0; step < 60; step++) {
        const label = `seed ${seed}, step ${step}`;
        const roll = next();
        // One or two records added (some with a new tag or a spelling of a kept one), or removed, or both.
        const adds = roll < 0.45 ? 1 + Math.floor(next() * 2) : roll < 0.55 ? 1 : 0;
        const removes = roll >= 0.45 ? 1 + Math.floor(next() * 2) : 0;
        for (let n = 0; n < removes && records.length > 10; n++) records.splice(Math.floor(next() * records.length), 1);
        for (let n = 0; n < adds; n++) {
          const record = article(made++, next);
          const tags = next() < 0.2 ? [...record.tags, next() < 0.5 ? `Story ${step}` : 'CITY'] : record.tags;
          records.splice(Math.floor(next() * (records.length + 1)), 0, { ...record, tags });
        }
        // Records are read in file-name order.
        records.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
        const before = new Set(previous.articles);
        const model = collectSite(records, 'en', similar, memo);
        const fresh = collectSite(records, 'en', new SimilarIndex());
        expect(model.articles.map((entry) => entry.view), label).toEqual(fresh.articles.map((entry) => entry.view));
        expect(model.articles.map((entry) => entry.record), label).toEqual(fresh.articles.map((entry) => entry.record));
        expect({ tags: model.tags, sites: model.sites, years: model.years, warnings: model.warnings }, label).toEqual({ tags: fresh.tags, sites: fresh.sites, years: fresh.years, warnings: fresh.warnings });
        // What the next build checks its records against: the slugs follow them (updated, not read again).
        expect(memo.usable?.slugs, label).toEqual(records.map((record) => record.slug));
        // The quick path keeps the entries of the records that stayed; a collect afresh makes new ones.
        if (model.articles.filter((entry) => before.has(entry)).length > records.length / 2) quick++;
        previous = model;
      }
      expect(quick, `seed ${seed}`).toBeGreaterThan(12);
    }
  }, 60_000);
});

describe('a render kept between builds, with templates that read a whole list', () => {
  it('renders every page of a month again when the title all of them show changes', async () => {
    const site: SiteConfig = { title: 'Archive', description: 'Test', lang: 'en', pageSize: 4 };
    const templatesDir = join(work, 'templates-whole');
    cpSync(TEMPLATES, templatesDir, { recursive: true });
    const add = (file: string, markup: string) => writeFileSync(join(templatesDir, file), readFileSync(join(templatesDir, file), 'utf8').replace('{% endblock %}', `${markup}\n{% endblock %}`));
    add('month.liquid', '{%- for pair in month %}{% if forloop.last %}<p class="newest">{{ pair[1].first.title }}</p>{% endif %}{% endfor %}');
    // Nothing alike (no shared tag or word), so no article lists another as "more like this": only the month's pages show each other's titles.
    const names = ['apple', 'boat', 'cloud', 'drum', 'engine', 'forest', 'glove', 'hammer', 'island', 'jacket', 'kettle', 'lamp'];
    const records = Array.from({ length: 10 }, (_, n) => record({ slug: `story-${n}`, title: names[n]!, body: names[n]!, summary: '', date: `2025-03-1${n}`, tags: [], site: null, url: url(n) }));
    const kept = { outDir: join(work, 'whole-kept'), memo: new RenderMemo(), similar: new SimilarIndex() };
    const render = (outDir: string, keep?: typeof kept) =>
      renderSite(records, { outDir, templatesDir, site, codeVersion: 'test', ...(keep ? { memo: keep.memo, similar: keep.similar, output: { live: true, trustFiles: true } } : {}) });
    // The default templates, which show a list's name and count only, beside them.
    const slim = { outDir: join(work, 'slim-kept'), memo: new RenderMemo(), similar: new SimilarIndex() };
    const renderSlim = () => renderSite(records, { outDir: slim.outDir, templatesDir: TEMPLATES, site, codeVersion: 'test', memo: slim.memo, similar: slim.similar, output: { live: true, trustFiles: true } });
    await render(kept.outDir, kept);
    await renderSlim();
    // The newest article, first on every page of the month, gets a new title.
    records[9] = { ...records[9]!, title: 'lamp' };
    const written = (await render(kept.outDir, kept)).written;
    const fresh = join(work, 'whole-fresh');
    await render(fresh);
    const expected = fileTree(fresh);
    const actual = fileTree(kept.outDir);
    expect(readFileSync(join(kept.outDir, 'archive/2025/03/page/3/index.html'), 'utf8')).toContain('<p class="newest">lamp</p>');
    for (const [file, bytes] of expected) expect(actual.get(file) === bytes, file).toBe(true);
    // With the default templates, the month's second and third pages are not rendered again.
    expect((await renderSlim()).written).toBeLessThanOrEqual(written - 2);
  });
});

describe('a render kept between builds, with cards that show an article\'s "more like this"', () => {
  it('renders the list pages whose cards show a changed title again, as a fresh render does', async () => {
    const site: SiteConfig = { title: 'Archive', description: 'Test', lang: 'en', pageSize: 3 };
    const templatesDir = join(work, 'templates-cards');
    cpSync(TEMPLATES, templatesDir, { recursive: true });
    const card = join(templatesDir, '_article-card.liquid');
    writeFileSync(card, readFileSync(card, 'utf8').replace('</li>', '{%- for item in article.similarPreview %}<p class="like">{{ item.title }}</p>{% endfor %}\n</li>'));
    // All alike (one tag, shared words): each lists the others as "more like this".
    const records = Array.from({ length: 9 }, (_, n) => record({ slug: `story-${n}`, title: `harbour council budget ${n}`, body: 'harbour council budget vote', date: `2025-03-1${n}`, tags: ['City'], site: null, url: url(n) }));
    const kept = { outDir: join(work, 'cards-kept'), memo: new RenderMemo(), similar: new SimilarIndex() };
    const render = (outDir: string, templates: string, keep?: typeof kept) =>
      renderSite(records, { outDir, templatesDir: templates, site, codeVersion: 'test', ...(keep ? { memo: keep.memo, similar: keep.similar, output: { live: true, trustFiles: true } } : {}) });
    const defaults = { outDir: join(work, 'cards-default'), memo: new RenderMemo(), similar: new SimilarIndex() };
    await render(kept.outDir, templatesDir, kept);
    await render(defaults.outDir, TEMPLATES, defaults);
    records[8] = { ...records[8]!, title: 'harbour council budget, retitled' };
    const written = (await render(kept.outDir, templatesDir, kept)).written;
    const fresh = join(work, 'cards-fresh');
    await render(fresh, templatesDir);
    const expected = fileTree(fresh);
    const actual = fileTree(kept.outDir);
    expect([...expected.values()].some((bytes) => bytes.includes('<p class="like">harbour council budget, retitled</p>'))).toBe(true);
    for (const [file, bytes] of expected) expect(actual.get(file) === bytes, file).toBe(true);
    // The default cards show no "more like this": fewer list pages are rendered again.
    expect((await render(defaults.outDir, TEMPLATES, defaults)).written).toBeLessThan(written);
  });
});

describe('planPages with a memo', () => {
  it("keeps a list's pages when its articles changed only in what their cards leave out, unless a template reads more", () => {
    const outcomes = ([{ slimLists: true, cards: true }, READS_ALL] as ListReading[]).map((reading) => {
      // All alike: each lists the others as "more like this", so a new title shows in all their views.
      const records = Array.from({ length: 9 }, (_, n) => record({ slug: `story-${n}`, title: `harbour council budget ${n}`, body: 'harbour council budget vote', date: `2025-03-1${n}`, tags: ['City'], site: null, url: url(n) }));
      const memo = new RenderMemo();
      const similar = new SimilarIndex();
      const plan = () => {
        const model = collectSite(records, 'en', similar, memo);
        const { pages } = memo.keepPlans(planPages(model, labelsFor('en'), 3, memo, reading), reading);
        return { views: model.articles.map((entry) => entry.view), tagPages: pages.filter((page) => page.kind === 'tag') };
      };
      const before = plan();
      records[8] = { ...records[8]!, title: 'harbour council budget, retitled' };
      const after = plan();
      // Every other article's view is new (its "more like this" shows the new title).
      expect(after.views.filter((view, i) => view !== before.views[i])).toHaveLength(9);
      const kept = (page: PagePlan) => before.tagPages.some((other) => other === page);
      return after.tagPages.map((page) => `${page.file}: ${kept(page) ? 'kept' : 'new'}`);
    });
    // Newest first, three a page: the first page shows the new title on a card.
    expect(outcomes[0]).toEqual(['tags/city/index.html: new', 'tags/city/page/2/index.html: kept', 'tags/city/page/3/index.html: kept']);
    expect(outcomes[1]).toEqual(['tags/city/index.html: new', 'tags/city/page/2/index.html: new', 'tags/city/page/3/index.html: new']);
  });
});

describe('keepPlans', () => {
  it("finds last build's plans at their places when planPages made equal ones again", () => {
    const records = Array.from({ length: 9 }, (_, n) => record({ slug: `story-${n}`, title: `harbour council budget ${n}`, body: 'harbour council budget vote', date: `2025-03-1${n}`, tags: ['City'], site: null, url: url(n) }));
    const memo = new RenderMemo();
    const similar = new SimilarIndex();
    const plan = () => memo.keepPlans(planPages(collectSite(records, 'en', similar, memo), labelsFor('en'), 3, memo, READS_ALL), READS_ALL);
    const first = plan();
    const second = plan();
    // The index pages are planned anew each time (they list every tag, site or year); equal, they are kept.
    expect(planPages(collectSite(records, 'en', similar, memo), labelsFor('en'), 3, memo, READS_ALL).find((page) => page.file === 'tags/index.html')).not.toBe(second.pages.find((page) => page.file === 'tags/index.html'));
    expect(second.pages).toEqual(first.pages);
    second.pages.forEach((page, i) => expect(page, page.file).toBe(first.pages[i]));
    expect([...second.places]).toEqual(second.pages.map((_, i) => i));
    for (const page of second.pages) expect(memo.plan(page.file), page.file).toBe(page);
  });
});

describe('mightReadListArticles', () => {
  it('says no for the default templates, and yes for any way a template can reach a list\'s articles', () => {
    for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith('.liquid'))) {
      expect(mightReadListArticles(readFileSync(join(TEMPLATES, file), 'utf8')), file).toBe(false);
    }
    const no = ['{{ t.articles }} {{ tag.count }}', '{% for article in articles %}{{ article.title }}{% endfor %}', '{% for month in year.months %}{{ month.name }}{% endfor %}', 'articles outside markup: tag.articles'];
    const yes = [
      '{{ tag.articles.size }}', '{{ year.months.first.articles | size }}', '{% assign list = outlet %}{{ list.articles.first.title }}', '{{ tags | map: "articles" }}',
      "{{ tag['articles'] }}", '{{ tag[key] }}', '{{ tag | json }}', '{% for pair in tag %}{{ pair[1] }}{% endfor %}', '{% for t in tags %}{{ t.articles.size }}{% endfor %}',
      '{% render "card", t: tag %}{{ t.articles }}', '{% for x in (1..3) %}{% endfor %}',
    ];
    for (const template of no) expect(mightReadListArticles(template), template).toBe(false);
    for (const template of yes) expect(mightReadListArticles(template), template).toBe(true);
  });
});

describe('mightReadViewLists', () => {
  it('says no for the default list templates, and yes for any way a template can reach an article\'s lists or neighbours', () => {
    for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith('.liquid') && name !== 'article.liquid' && name !== 'related.liquid')) {
      expect(mightReadViewLists(readFileSync(join(TEMPLATES, file), 'utf8')), file).toBe(false);
    }
    expect(mightReadViewLists(readFileSync(join(TEMPLATES, 'article.liquid'), 'utf8'))).toBe(true);
    const no = ['{{ pager.next }} {{ pager.prev }}', '{{ t.related }} {{ t.moreLikeThis }} {{ t.previousPage }}', '{% render "_pager", pager: pager %}{{ article.title }}'];
    const yes = [
      '{{ article.similarPreview.first.title }}', '{{ article.next.title }}', '{% for link in article.related %}{% endfor %}', '{{ article | json }}', '{{ article[field] }}',
      "{{ article['similar'] }}", '{% render "article" %}', '{% render "_x", pager: article %}{{ pager.next.title }}', '{% for pair in article %}{% endfor %}',
    ];
    for (const template of no) expect(mightReadViewLists(template), template).toBe(false);
    for (const template of yes) expect(mightReadViewLists(template), template).toBe(true);
  });
});

describe('sameView', () => {
  it('notices a change to any field of a view', () => {
    const entry = collectSite([record({ slug: 'one', title: 'One', date: '2025-01-02', tags: ['City'], site: 'Daily Post', url: url(1) })]).articles[0]!;
    const view = entry.view;
    expect(sameView(view, { ...view })).toBe(true);
    for (const key of Object.keys(view) as (keyof ArticleView)[]) {
      const changed = { ...view, [key]: typeof view[key] === 'string' ? `${view[key]}!` : { changed: key } };
      expect(sameView(view, changed as ArticleView), key).toBe(false);
    }
    expect(Object.keys(view).length).toBeGreaterThan(20);
  });
});

describe('siteLanguage with a memo', () => {
  it('follows the records as a fresh count does when languages change, records come and go, or none has one', () => {
    const memo = new RenderMemo();
    const withLang = (slug: string, lang: string | null) => record({ slug, title: slug, lang });
    let records = [withLang('a', 'en'), withLang('b', 'en'), withLang('c', 'zh')];
    const steps: ArticleRecord[][] = [
      records,
      (records = [withLang('a', 'zh'), records[1]!, records[2]!]),
      (records = [records[0]!, withLang('b', null), records[2]!]),
      (records = [records[0]!, records[1]!]),
      (records = [withLang('a', null), records[1]!]),
      (records = [records[0]!, withLang('b', 'en')]),
    ];
    const seen = steps.map((step) => {
      const kept = siteLanguage('auto', step, memo);
      expect(kept).toBe(siteLanguage('auto', step));
      return kept;
    });
    expect(seen).toEqual(['en', 'zh', 'zh', 'zh', 'en', 'en']);
  });

  it('keeps counts equal to a fresh count through random additions, removals, edits and reorders', () => {
    const next = seededRandom(9);
    const langs = ['en', 'zh', 'ja', null];
    const memo = new RenderMemo();
    let made = 0;
    const fresh = () => record({ slug: `story-${made++}`, title: 'A story', lang: langs[Math.floor(next() * langs.length)]! });
    const records = Array.from({ length: 30 }, fresh);
    for (let step = 0; step < 200; step++) {
      const roll = next();
      const at = Math.floor(next() * records.length);
      if (roll < 0.3) records.splice(at, 0, fresh());
      else if (roll < 0.55 && records.length > 1) records.splice(at, 1);
      else if (roll < 0.8) records[at] = { ...records[at]!, lang: langs[Math.floor(next() * langs.length)]! };
      else if (roll < 0.9) records.sort((a, b) => (`${a.slug}.md` < `${b.slug}.md` ? -1 : 1));
      else records.reverse();
      // The same array, changed in place between calls, as a caller may do.
      siteLanguage('auto', records, memo);
      const counts = new Map<string, number>();
      for (const { lang } of records) if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
      expect(memo.languages?.counts, `step ${step}`).toEqual(counts);
    }
  });
});
