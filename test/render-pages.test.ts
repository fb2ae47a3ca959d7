// The list pages: paginated home, tag, date and site pages, previous/next on articles, the 404
// page, and stale pages removed when the archive shrinks.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentTitle } from '../src/render/head.ts';
import { brokenLinks, build, cardTitles, record, type Built } from './render-helpers.ts';

// Home order (newest first, by instant): dec-31 is later than jan-01 once both are in UTC.
const RECORDS = [
  record({ slug: 'feb-10', title: 'Harbour dredging starts', date: '2025-02-10', site: 'Harbour Gazette', tags: ['Port', 'Works'], lang: 'en' }),
  record({ slug: 'feb-03', title: 'Ferry timetable changes', date: '2025-02-03T09:00:00Z', site: 'Harbour Gazette', tags: ['Port'], lang: 'en' }),
  // 23:30 on 31 December in New York: 04:30 UTC on 1 January, still filed under December 2024.
  record({ slug: 'dec-31', title: '港口跨年夜加班装卸', date: '2024-12-31T23:30:00-05:00', site: '港城日报', tags: ['港口'], lang: 'zh' }),
  // 00:30 on 1 January in Beijing: 16:30 UTC on 31 December, filed under January 2025.
  record({
    slug: 'jan-01', title: '新年第一船靠港', date: '2025-01-01T00:30:00+08:00', site: '港城日报', tags: ['港口', 'Port'], lang: 'zh',
    sources: [
      { url: 'https://gangcheng.example.cn/a/1.html', site: '港城日报', crawled_at: null },
      { url: 'https://zhuanzai.example.com/p/9.html', site: '转载网', crawled_at: null },
    ],
  }),
  record({ slug: 'mar-1998', title: 'Old harbour photo found', date: '1998-03', site: 'Harbour Gazette', tags: ['Port'], lang: 'en' }),
  record({ slug: 'no-date', title: '日期不详的码头故事', tags: ['港口'], lang: 'zh' }),
];

let en: Built;
let zh: Built;

beforeAll(async () => {
  en = await build(RECORDS, { pageSize: 2 });
  zh = await build(RECORDS, { pageSize: 2, lang: 'zh' });
});

afterAll(async () => {
  for (const site of [en, zh]) await rm(site.dir, { recursive: true, force: true });
});

describe('paginated home page', () => {
  it('puts page 1 at index.html and later pages at page/<n>/', async () => {
    expect(en.files.filter((f) => /^(index\.html|page\/)/.test(f))).toEqual(['index.html', 'page/2/index.html', 'page/3/index.html']);
    expect(cardTitles(await en.load('index.html'))).toEqual(['Harbour dredging starts', 'Ferry timetable changes']);
    expect(cardTitles(await en.load('page/2/index.html'))).toEqual(['港口跨年夜加班装卸', '新年第一船靠港']);
    expect(cardTitles(await en.load('page/3/index.html'))).toEqual(['Old harbour photo found', '日期不详的码头故事']);
  });

  it('links each page to its neighbours and numbers them', async () => {
    const first = await en.load('index.html');
    expect(first('.pager-prev')).toHaveLength(0);
    expect(first('.pager-next').attr('href')).toBe('./page/2/');
    expect(first('link[rel="next"]').attr('href')).toBe('./page/2/');
    expect(first('.pager-pages [aria-current="page"]').text()).toBe('1');
    expect(first('title').text()).toBe('Archive 存档');

    const middle = await en.load('page/2/index.html');
    expect(middle('.pager-prev').attr('href')).toBe('../../');
    expect(middle('.pager-next').attr('href')).toBe('../../page/3/');
    expect(middle('title').text()).toBe('Page 2 · Archive 存档');
    expect(middle('.pager-pages a').map((_, a) => middle(a).attr('href')).get()).toEqual(['../../', '../../page/3/']);

    const last = await en.load('page/3/index.html');
    expect(last('.pager-next')).toHaveLength(0);
    expect(last('link[rel="prev"]').attr('href')).toBe('../../page/2/');
  });

  it('has one page and no pager when everything fits (default page size 20)', async () => {
    const one = await build(RECORDS);
    try {
      expect(one.files.some((f) => f.includes('page/'))).toBe(false);
      const $ = await one.load('index.html');
      expect(cardTitles($)).toHaveLength(6);
      expect($('.pager')).toHaveLength(0);
    } finally {
      await rm(one.dir, { recursive: true, force: true });
    }
  });

  it('still writes a home page for an empty archive', async () => {
    const empty = await build([]);
    try {
      expect(empty.files).toContain('index.html');
      expect((await empty.load('index.html'))('.empty').text()).toBe('No articles yet.');
    } finally {
      await rm(empty.dir, { recursive: true, force: true });
    }
  });
});

describe('tag pages', () => {
  it('paginate at the boundary: 4 articles make 2 full pages, 2 make one', async () => {
    // "Port": feb-10, feb-03, jan-01, mar-1998 (4); "港口": dec-31, jan-01, no-date (3); "Works": 1.
    expect(en.files.filter((f) => f.startsWith('tags/port/'))).toEqual(['tags/port/index.html', 'tags/port/page/2/index.html']);
    expect(cardTitles(await en.load('tags/port/page/2/index.html'))).toEqual(['新年第一船靠港', 'Old harbour photo found']);
    const gangkou = en.files.filter((f) => f.startsWith('tags/gang-kou/'));
    expect(gangkou).toEqual(['tags/gang-kou/index.html', 'tags/gang-kou/page/2/index.html']);
    expect(cardTitles(await en.load('tags/gang-kou/page/2/index.html'))).toEqual(['日期不详的码头故事']);
    expect(en.files.filter((f) => f.startsWith('tags/works/'))).toEqual(['tags/works/index.html']);
  });

  it('keep the tag index with counts', async () => {
    const $ = await en.load('tags/index.html');
    expect($('.tag-index li').map((_, li) => `${$(li).find('a').text()}=${$(li).find('.count').text()}`).get())
      .toEqual(['Port=4', '港口=3', 'Works=1']);
  });
});

describe('previous / next on article pages', () => {
  it('follow the home page order: previous is older, next is newer', async () => {
    const order = ['feb-10', 'feb-03', 'dec-31', 'jan-01', 'mar-1998', 'no-date'];
    for (const [i, slug] of order.entries()) {
      const $ = await en.load(`articles/${slug}/index.html`);
      const prev = $('.prev-next a[rel="prev"]').attr('href') ?? null;
      const next = $('.prev-next a[rel="next"]').attr('href') ?? null;
      expect(prev, slug).toBe(order[i + 1] ? `../../articles/${order[i + 1]}/` : null);
      expect(next, slug).toBe(i > 0 ? `../../articles/${order[i - 1]}/` : null);
    }
    const $ = await zh.load('articles/dec-31/index.html');
    expect($('.prev-next .prev .label').text()).toContain('上一篇');
    expect($('.prev-next .prev .prev-next-title').text()).toBe('新年第一船靠港');
  });
});

describe('date archives', () => {
  it('file each article under its year and month in its own time zone', async () => {
    expect(cardTitles(await en.load('archive/2024/12/index.html'))).toEqual(['港口跨年夜加班装卸']);
    expect(cardTitles(await en.load('archive/2025/01/index.html'))).toEqual(['新年第一船靠港']);
    expect(cardTitles(await en.load('archive/1998/03/index.html'))).toEqual(['Old harbour photo found']);
    expect(en.files.filter((f) => f.startsWith('archive/2025/'))).toEqual([
      'archive/2025/01/index.html', 'archive/2025/02/index.html', 'archive/2025/index.html', 'archive/2025/page/2/index.html',
    ]);
  });

  it('index years and months newest first, with counts, and say how many are undated', async () => {
    const $ = await en.load('archive/index.html');
    expect($('.archive-years > li > h2 a').map((_, a) => $(a).text()).get()).toEqual(['2025', '2024', '1998']);
    expect($('.archive-years .archive-months a').map((_, a) => `${$(a).text()}=${$(a).next('.count').text()}`).get())
      .toEqual(['February 2025=2', 'January 2025=1', 'December 2024=1', 'March 1998=1']);
    expect($('main .lead').text()).toBe('Without a date, so not in the date archive: 1');
    const year = await zh.load('archive/2025/index.html');
    expect(year('.archive-months a').map((_, a) => year(a).text()).get()).toEqual(['2025年2月', '2025年1月']);
    expect(year('title').text()).toBe('2025 · Archive 存档');
  });
});

describe('site pages', () => {
  it('list every site, also those of merged copies, with counts', async () => {
    const $ = await en.load('sites/index.html');
    expect($('.site-index li').map((_, li) => `${$(li).find('a').text()}=${$(li).find('.count').text()}`).get())
      .toEqual(['Harbour Gazette=3', '港城日报=2', '转载网=1']);
    expect(cardTitles(await en.load('sites/zhuan-zai-wang/index.html'))).toEqual(['新年第一船靠港']);
    expect(en.files).toContain('sites/harbour-gazette/page/2/index.html');
  });

  it('are linked from the article meta line', async () => {
    const $ = await en.load('articles/jan-01/index.html');
    expect($('.article-header .meta a.site').attr('href')).toBe('../../sites/gang-cheng-ri-bao/');
    expect((await en.load('articles/no-date/index.html'))('.meta .site')).toHaveLength(0);
  });
});

describe('every page', () => {
  it('has the header navigation to home, tags, archive and sites', async () => {
    for (const file of ['index.html', 'page/2/index.html', 'articles/feb-10/related/index.html', 'archive/2025/01/index.html']) {
      const $ = await en.load(file);
      const root = file.split('/').slice(0, -1).map(() => '../').join('') || './';
      expect($('.site-nav a').map((_, a) => $(a).attr('href')).get(), file).toEqual([root, `${root}tags/`, `${root}archive/`, `${root}sites/`]);
    }
    const $ = await en.load('archive/index.html');
    expect($('.site-nav a[aria-current="page"]').text()).toBe('Archive');
  });

  it('links only to files that exist', async () => {
    expect(await brokenLinks(en)).toEqual([]);
    expect(await brokenLinks(zh)).toEqual([]);
  });

  it('includes a 404 page that links from the site root', async () => {
    const $ = await en.load('404.html');
    expect($('h1').text()).toBe('Page not found');
    expect($('link[rel="stylesheet"]').attr('href')).toBe('./assets/style.css');
    const sub = await build(RECORDS, { baseUrl: 'https://host.example/sub/' });
    try {
      // A host serves 404.html at any missing address, however deep: only links from the root path work there.
      const page = await sub.load('404.html');
      expect(page('link[rel="stylesheet"]').attr('href')).toBe('/sub/assets/style.css');
      expect(page('.not-found-links a').first().attr('href')).toBe('/sub/');
    } finally {
      await rm(sub.dir, { recursive: true, force: true });
    }
  });
});

describe('rebuilds', () => {
  it('remove list pages that no longer exist, and keep the rest', async () => {
    const dir = join(en.dir, '..', `${en.dir.split('/').at(-1)}-rebuild`);
    try {
      await build(RECORDS, { pageSize: 2 }, dir);
      expect(existsSync(join(dir, 'page/3/index.html'))).toBe(true);
      await build(RECORDS.filter((r) => r.slug !== 'mar-1998' && r.slug !== 'no-date'), { pageSize: 2 }, dir);
      expect(existsSync(join(dir, 'page/3'))).toBe(false);
      expect(existsSync(join(dir, 'archive/1998'))).toBe(false);
      expect(existsSync(join(dir, 'tags/gang-kou/page/2'))).toBe(false);
      expect(existsSync(join(dir, 'tags/port/page/2/index.html'))).toBe(true);
      expect(existsSync(join(dir, 'page/2/index.html'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the <title>', () => {
  it('drops the site name, then cuts at a word, to stay within 70 characters', () => {
    expect(documentTitle('Short', 'Archive')).toBe('Short · Archive');
    expect(documentTitle(null, 'Archive')).toBe('Archive');
    const long = 'Commissioners put library levy on November ballot after heated hearing';
    expect(documentTitle(long, 'The Millbrook Archive')).toBe(long);
    const longer = `${long} in the county seat on Wednesday`;
    const cut = documentTitle(longer, 'Archive');
    expect(cut).toBe('Commissioners put library levy on November ballot after heated…');
    expect([...cut].length).toBeLessThanOrEqual(70);
    const zh = '港'.repeat(80);
    expect(documentTitle(zh, '存档')).toBe(`${'港'.repeat(69)}…`);
  });
});
