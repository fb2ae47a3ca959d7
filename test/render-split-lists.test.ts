// Long lists split by date (SPLIT_LIST_PAGES): the home page, a long year, and a long tag's or
// site's pages. Every article is still reachable from the list's first page, in order, and an
// article added moves the pages of its own year or month only.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, SiteConfig } from '../src/model/index.ts';
import { renderSite } from '../src/render/index.ts';
import { RenderMemo } from '../src/render/memo.ts';
import { SimilarIndex } from '../src/render/similar.ts';
import { fileTree } from './helpers.ts';
import { brokenLinks, build, cardTitles, record, TEMPLATES, type Built } from './render-helpers.ts';

const PAGE_SIZE = 2;

/** 4 stories in 2023, 24 in 2024 (January to March), 8 in 2025, 4 undated: all tagged Port, most from the Gazette. */
function records(): ArticleRecord[] {
  const dates: (string | null)[] = [
    ...Array.from({ length: 4 }, (_, n) => `2023-06-0${n + 1}`),
    ...Array.from({ length: 24 }, (_, n) => `2024-0${1 + (n % 3)}-${String(10 + Math.floor(n / 3)).padStart(2, '0')}`),
    ...Array.from({ length: 8 }, (_, n) => `2025-05-0${n + 1}`),
    null, null, null, null,
  ];
  return dates.map((date, n) => record({
    slug: `story-${String(n).padStart(2, '0')}`, title: `Story ${String(n).padStart(2, '0')}`, date,
    tags: ['Port'], site: n % 4 === 3 ? 'Other Post' : 'Gazette', lang: 'en',
  }));
}

let site: Built;
let added: Built;

beforeAll(async () => {
  site = await build(records(), { pageSize: PAGE_SIZE });
  // One more story in February 2024, in the middle of the tag's and the site's lists.
  added = await build([...records(), record({ slug: 'story-new', title: 'Story new', date: '2024-02-15', tags: ['Port'], site: 'Gazette', lang: 'en' })], { pageSize: PAGE_SIZE });
});

afterAll(async () => {
  for (const built of [site, added]) await rm(built.dir, { recursive: true, force: true });
});

/** Where a link on `file`'s page goes, as a file of the site. */
function target(file: string, href: string): string {
  const path = join(file, '..', href);
  return path === '.' ? 'index.html' : `${path.replace(/\/$/, '')}/index.html`.replace(/^\.\//, '');
}

/**
 * The titles a reader sees following the list from `start`: each page's cards, then its pager's
 * next page, or at a part's last page the link to the next part ("older").
 */
async function walk(built: Built, start: string): Promise<string[]> {
  const seen: string[] = [];
  const visited = new Set<string>();
  let file: string | null = start;
  while (file !== null && !visited.has(file)) {
    visited.add(file);
    const $ = await built.load(file);
    seen.push(...cardTitles($));
    const next = $('.pager-next').attr('href') ?? $('.list-older').attr('href');
    file = next === undefined ? null : target(file, next);
  }
  return seen;
}

describe('a long archive', () => {
  it('shows the newest articles on the home page and links on to the month that goes on', async () => {
    expect(site.files.filter((file) => file.startsWith('page/'))).toEqual([]);
    const home = await site.load('index.html');
    expect(cardTitles(home)).toEqual(['Story 35', 'Story 34']);
    expect(home('.list-older').attr('href')).toBe('./archive/2025/05/page/2/');
  });

  it('reaches every article from the home page once, in the home page\'s order, undated last', async () => {
    const order = [...Array.from({ length: 8 }, (_, n) => 35 - n), 27, 24, 21, 18, 15, 12, 9, 6, 26, 23, 20, 17, 14, 11, 8, 5, 25, 22, 19, 16, 13, 10, 7, 4, 3, 2, 1, 0];
    const undated = [36, 37, 38, 39].map((n) => `Story ${n}`);
    expect(await walk(site, 'index.html')).toEqual([...order.map((n) => `Story ${String(n).padStart(2, '0')}`), ...undated]);
    const archive = await site.load('archive/index.html');
    expect(archive('a[href="../archive/undated/"]').text()).toContain('4');
  });

  it('gives a long year its months and no list of its own, and a short year its list', async () => {
    const long = await site.load('archive/2024/index.html');
    expect(long('.article-list')).toHaveLength(0);
    expect(long('.archive-months a').map((_, a) => long(a).text()).get()).toEqual(['March 2024', 'February 2024', 'January 2024']);
    expect(cardTitles(await site.load('archive/2023/index.html'))).toEqual(['Story 03', 'Story 02']);
    expect(site.files).toContain('archive/2023/page/2/index.html');
  });
});

describe('a long tag or site', () => {
  it('shows its newest articles and its years on its first page', async () => {
    const tag = await site.load('tags/port/index.html');
    expect(cardTitles(tag)).toEqual(['Story 35', 'Story 34']);
    expect(tag('.archive-months li').map((_, li) => tag(li).text().replace(/\s+/g, ' ')).get()).toEqual(['2025 8', '2024 24', '2023 4', 'Date unknown 4']);
    expect(tag('.lead').text()).toBe('40 articles');
    expect(tag('.pager')).toHaveLength(0);
  });

  it('splits a long year by month and keeps a short one whole', async () => {
    const year = await site.load('tags/port/2024/index.html');
    expect(year('.article-list')).toHaveLength(0);
    expect(year('.archive-months a').map((_, a) => year(a).attr('href')).get()).toEqual(['03', '02', '01'].map((month) => `../../../tags/port/2024/${month}/`));
    const month = await site.load('tags/port/2024/02/index.html');
    expect(month('h1').text()).toBe('Tagged: Port · February 2024');
    expect(month('.breadcrumb a').map((_, a) => month(a).text()).get()).toEqual(['Port', '2024']);
    expect(month('.lead').text()).toBe('8 articles');
    expect(month('.list-newer').attr('href')).toBe('../../../../tags/port/2024/03/');
    expect(month('.list-older').attr('href')).toBe('../../../../tags/port/2024/01/');
    expect(site.files).toContain('tags/port/2024/02/page/4/index.html');
    expect(site.files).not.toContain('tags/port/2024/02/page/5/index.html');
    expect(site.files).toContain('tags/port/2023/page/2/index.html');
    expect(site.files).not.toContain('tags/port/2025/05/index.html');
  });

  it('reaches every article of the list once, in order, from its first page', async () => {
    expect(await walk(site, 'tags/port/index.html')).toEqual(await walk(site, 'index.html'));
    const gazette = await walk(site, 'sites/gazette/index.html');
    const home = await walk(site, 'index.html');
    expect(gazette).toEqual(home.filter((title) => Number(title.slice(6)) % 4 !== 3));
  });

  it('keeps a short site in one paged list', async () => {
    expect(site.files.filter((file) => file.startsWith('sites/other-post/'))).toEqual(['sites/other-post/index.html', ...[2, 3, 4, 5].map((n) => `sites/other-post/page/${n}/index.html`)]);
  });

  it('has no broken links', async () => {
    expect(await brokenLinks(site)).toEqual([]);
  });
});

describe('an article added to a long archive', () => {
  it('changes the pages of its own month and the lists\' first pages, not the other years\' or months\'', async () => {
    const changed: string[] = [];
    for (const file of added.files.filter((name) => name.endsWith('.html') && !name.startsWith('articles/'))) {
      const before = site.files.includes(file) ? await readFile(join(site.dir, file), 'utf8') : null;
      if (before !== (await readFile(join(added.dir, file), 'utf8'))) changed.push(file);
    }
    for (const file of changed) {
      expect(file, file).toMatch(/^((tags|sites)\/index\.html|tags\/port\/(index\.html|2024\/(index\.html|02\/))|sites\/gazette\/(index\.html|2024\/(index\.html|02\/))|archive\/(index\.html|2024\/(index\.html|02\/)))/);
    }
    // The month's pages from the new story on, in the tag, the site and the archive; the lists' and years' first pages.
    expect(changed.filter((file) => file.startsWith('tags/port/2024/02/')).length).toBeGreaterThan(1);
    expect(changed).toContain('archive/2024/02/page/2/index.html');
    expect(changed.length).toBeLessThan(25);
  });
});

describe('a list that grows past the limit and shrinks back, rebuilt with the last build kept (folio watch)', () => {
  it('writes what a fresh render writes at each step', async () => {
    const work = await mkdtemp(join(tmpdir(), 'folio-split-'));
    // 40 stories at 8 a page: the home page and the tag just fit in five pages.
    const site: SiteConfig = { title: 'Archive', description: 'Test', lang: 'en', pageSize: 8 };
    const kept = { memo: new RenderMemo(), similar: new SimilarIndex(), outDir: join(work, 'kept') };
    const base = records();
    const extra = (n: number) => record({ slug: `extra-${n}`, title: `Extra ${n}`, date: n % 2 ? '2024-02-15' : null, tags: ['Port'], site: 'Gazette', lang: 'en' });
    const steps: ArticleRecord[][] = [base, [...base, extra(1)], base, [...base, extra(2)], [...base.slice(1), extra(2)], [...base, extra(1), extra(2)], base.slice(0, 30)];
    try {
      for (const [n, step] of steps.entries()) {
        const options = { templatesDir: TEMPLATES, site, codeVersion: 'test' };
        await renderSite(step, { ...options, outDir: kept.outDir, memo: kept.memo, similar: kept.similar, output: { live: true, trustFiles: true } });
        const fresh = join(work, `fresh-${n}`);
        await renderSite(step, { ...options, outDir: fresh });
        const expected = fileTree(fresh);
        const actual = fileTree(kept.outDir);
        expect([...actual.keys()].sort(), `step ${n}`).toEqual([...expected.keys()].sort());
        for (const [file, bytes] of expected) expect(actual.get(file) === bytes, `step ${n}: ${file}`).toBe(true);
        // The steps go back and forth across the limit.
        expect(expected.has('page/2/index.html'), `step ${n}`).toBe(step.length <= 40);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
