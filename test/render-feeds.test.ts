// Machine-readable output and the base URL: Atom and JSON feeds, sitemap.xml, robots.txt,
// canonical / OpenGraph / JSON-LD, links under a sub-path, and nothing absolute without a base URL.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/cli/config.ts';
import { folio, ROOT } from './helpers.ts';
import { build, record, type Built } from './render-helpers.ts';

const BASE = 'https://host.example/sub/';
const HOSTILE_TITLE = 'Breaking </script><script>alert(1)</script> ]]> & <!-- news';

// 34 dated articles (one a day in July 2025, three in August) and one undated.
const RECORDS = [
  ...Array.from({ length: 31 }, (_, i) => record({
    slug: `day-${String(i + 1).padStart(2, '0')}`, title: `Harbour notes, July ${i + 1}`, date: `2025-07-${String(i + 1).padStart(2, '0')}`,
    tags: ['Harbour'], lang: 'en', summary: `What happened on July ${i + 1}.`, author: i % 2 ? ['Ann Lee'] : [],
  })),
  record({
    slug: 'gang-kou-xin-wen', title: '港口新闻：冷链航线开通', date: '2025-08-02T09:30:00+08:00', author: ['王小明'], site: '港城日报',
    url: 'https://gangcheng.example.cn/a/1.html', tags: ['港口'], lang: 'zh', summary: '首条冷链航线开通。',
    images: [{ src: 'https://img.example.cn/ship.jpg', alt: '货轮', caption: null }], body: '正文。\n',
  }),
  record({ slug: 'hostile', title: HOSTILE_TITLE, date: '2025-08-03', summary: '</script><b>bold</b>', tags: ['</script>'], lang: 'en' }),
  record({ slug: 'ampersand', title: 'Q&A: "quotes" & <tags>', date: '2025-08-01', tags: ['R&D "lab"'], lang: 'en' }),
  record({ slug: 'undated', title: 'Undated note', lang: 'en' }),
];

const parseXml = (xml: string): Document => {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror'), xml.slice(0, 200)).toHaveLength(0);
  return doc;
};

let site: Built;
let plain: Built;

beforeAll(async () => {
  site = await build(RECORDS, { baseUrl: BASE });
  plain = await build(RECORDS);
});

afterAll(async () => {
  for (const built of [site, plain]) await rm(built.dir, { recursive: true, force: true });
});

describe('with a base URL under a sub-path', () => {
  it('writes an Atom feed of the newest articles with absolute links', async () => {
    const doc = parseXml(await site.text('feed.xml'));
    const entries = [...doc.getElementsByTagName('entry')];
    expect(entries).toHaveLength(30);
    const links = entries.map((entry) => entry.getElementsByTagName('link')[0]!.getAttribute('href'));
    expect(links.slice(0, 4)).toEqual([`${BASE}articles/hostile/`, `${BASE}articles/gang-kou-xin-wen/`, `${BASE}articles/ampersand/`, `${BASE}articles/day-31/`]);
    expect(links.at(-1)).toBe(`${BASE}articles/day-05/`);
    expect(links).not.toContain(`${BASE}articles/undated/`);
    // type="html": the reader unescapes once and shows the title as text.
    expect(entries[0]!.getElementsByTagName('title')[0]!.textContent)
      .toBe(HOSTILE_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    // The library leaves "<", ">" and '"' unescaped in attributes, so they are dropped from Atom categories.
    expect([...entries[0]!.getElementsByTagName('category')].map((c) => c.getAttribute('term'))).toEqual(['/script']);
    const ampersand = entries.find((entry) => entry.getElementsByTagName('id')[0]!.textContent!.endsWith('/ampersand/'));
    expect(ampersand?.getElementsByTagName('category')[0]!.getAttribute('label')).toBe('R&D lab');
    expect(doc.documentElement.getElementsByTagName('updated')[0]!.textContent).toBe('2025-08-03T00:00:00.000Z');
    const self = [...doc.documentElement.children].find((el) => el.tagName === 'link' && el.getAttribute('rel') === 'self');
    expect(self?.getAttribute('href')).toBe(`${BASE}feed.xml`);
  });

  it('writes a JSON Feed with the same articles', async () => {
    const feed = JSON.parse(await site.text('feed.json')) as { version: string; home_page_url: string; feed_url: string; items: { url: string; title: string; content_html?: string; author?: { name: string } }[] };
    expect(feed.version).toMatch(/^https:\/\/jsonfeed\.org\/version\//);
    expect(feed.home_page_url).toBe(BASE);
    expect(feed.feed_url).toBe(`${BASE}feed.json`);
    expect(feed.items).toHaveLength(30);
    expect(feed.items[0]!.title).toBe(HOSTILE_TITLE);
    expect(feed.items[0]!.content_html).toBe('&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(feed.items[1]).toMatchObject({ url: `${BASE}articles/gang-kou-xin-wen/`, title: '港口新闻：冷链航线开通', author: { name: '王小明' } });
  });

  it('lists every page in sitemap.xml, and robots.txt points at it', async () => {
    const doc = parseXml(await site.text('sitemap.xml'));
    const locs = [...doc.getElementsByTagName('loc')].map((loc) => loc.textContent);
    const pages = site.files.filter((f) => f.endsWith('.html') && f !== '404.html').map((f) => `${BASE}${f.replace(/index\.html$/, '')}`);
    expect([...locs].sort()).toEqual([...pages].sort());
    expect(locs.length).toBeGreaterThan(40);
    expect(await site.text('robots.txt')).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE}sitemap.xml\n`);
    expect(site.summary.files).toEqual(['feed.json', 'feed.xml', 'robots.txt', 'sitemap.xml']);
  });

  it('gives article pages a canonical link, OpenGraph tags and a NewsArticle', async () => {
    const $ = await site.load('articles/gang-kou-xin-wen/index.html');
    const url = `${BASE}articles/gang-kou-xin-wen/`;
    expect($('link[rel="canonical"]').attr('href')).toBe(url);
    const og = Object.fromEntries($('meta[property]').map((_, m) => [[$(m).attr('property'), $(m).attr('content')]]).get());
    expect(og).toMatchObject({
      'og:type': 'article', 'og:url': url, 'og:title': '港口新闻：冷链航线开通', 'og:image': 'https://img.example.cn/ship.jpg',
      'article:published_time': '2025-08-02T09:30:00+08:00', 'og:site_name': 'Archive 存档',
    });
    const ld = JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org', '@type': 'NewsArticle', headline: '港口新闻：冷链航线开通', datePublished: '2025-08-02T09:30:00+08:00',
      author: [{ '@type': 'Person', name: '王小明' }], publisher: { '@type': 'Organization', name: '港城日报' }, url, isBasedOn: 'https://gangcheng.example.cn/a/1.html',
    });
  });

  it('keeps JSON-LD inert when a title tries to close the script', async () => {
    const html = await site.text('articles/hostile/index.html');
    const $ = await site.load('articles/hostile/index.html');
    // Besides the JSON-LD, the page loads only folio's own search script.
    expect($('script[src]').toArray().map((s) => s.attribs['src'])).toEqual(['../../assets/search.js']);
    expect($('script:not([src])')).toHaveLength(1);
    expect($('script:not([src])').attr('type')).toBe('application/ld+json');
    expect((html.match(/<\/script/gi) ?? []).length).toBe(2);
    expect(html).not.toMatch(/<script>/i);
    const ld = JSON.parse($('script:not([src])').text()) as { headline: string; description: string; keywords: string[] };
    expect(ld.headline).toBe(HOSTILE_TITLE);
    expect(ld.description).toBe('</script><b>bold</b>');
    expect(ld.keywords).toEqual(['</script>']);
    // A real HTML parser agrees: one script element, whose text is the whole JSON.
    const dom = new JSDOM(html);
    const inline = [...dom.window.document.scripts].filter((s) => !s.src);
    expect(inline).toHaveLength(1);
    expect(JSON.parse(inline[0]!.textContent!).headline).toBe(HOSTILE_TITLE);
  });

  it('has relative links that resolve under the sub-path, and absolute ones only inside it', async () => {
    const problems: string[] = [];
    const exists = (url: URL) => {
      if (!url.href.startsWith(BASE)) return false;
      const path = decodeURIComponent(url.pathname.slice(new URL(BASE).pathname.length));
      return existsSync(join(site.dir, path.endsWith('/') || path === '' ? `${path}index.html` : path));
    };
    for (const file of site.files.filter((f) => f.endsWith('.html'))) {
      const $ = await site.load(file);
      const pageUrl = new URL(file.replace(/index\.html$/, ''), BASE);
      $('[href], [src]').each((_, el) => {
        const value = $(el).attr('href') ?? $(el).attr('src')!;
        if (/^https?:/.test(value) && !value.startsWith('https://host.example')) return; // the original articles, off-site
        if (/^https?:/.test(value) && $(el).attr('rel') !== 'canonical') problems.push(`${file}: absolute internal link ${value}`);
        if (!exists(new URL(value, pageUrl))) problems.push(`${file}: ${value}`);
      });
      $('meta[property="og:url"]').each((_, el) => void (exists(new URL($(el).attr('content')!)) || problems.push(`${file}: og:url`)));
    }
    expect(problems).toEqual([]);
  });
});

describe('without a base URL', () => {
  it('writes no feeds or sitemap, and robots.txt without a Sitemap line', async () => {
    for (const file of ['feed.xml', 'feed.json', 'sitemap.xml']) expect(plain.files).not.toContain(file);
    expect(await plain.text('robots.txt')).toBe('User-agent: *\nAllow: /\n');
    expect(plain.summary.files).toEqual(['robots.txt']);
  });

  it('leaves out canonical, og:url and feed links, and invents no host', async () => {
    for (const file of ['index.html', 'articles/gang-kou-xin-wen/index.html', 'tags/index.html']) {
      const $ = await plain.load(file);
      expect($('link[rel="canonical"]'), file).toHaveLength(0);
      expect($('meta[property="og:url"]'), file).toHaveLength(0);
      expect($('link[rel="alternate"]'), file).toHaveLength(0);
      expect($('meta[property="og:title"]'), file).toHaveLength(1);
    }
    const ld = JSON.parse((await plain.load('articles/gang-kou-xin-wen/index.html'))('script').text()) as Record<string, unknown>;
    expect(ld['url']).toBeUndefined();
    for (const file of plain.files.filter((f) => f.endsWith('.html'))) expect(await plain.text(file), file).not.toContain('host.example');
  });

  it('removes the feeds and sitemap of an earlier build that had one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-feeds-'));
    try {
      await build(RECORDS, { baseUrl: BASE }, dir);
      expect(existsSync(join(dir, 'feed.xml'))).toBe(true);
      await build(RECORDS, {}, dir);
      for (const file of ['feed.xml', 'feed.json', 'sitemap.xml']) expect(existsSync(join(dir, file)), file).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('base URL and page size in the config layers', () => {
  let dir: string;
  const saved = process.env['FOLIO_BASE_URL'];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folio-config-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['FOLIO_BASE_URL'];
    else process.env['FOLIO_BASE_URL'] = saved;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads the file, then the environment, then the flag, and adds the trailing slash', async () => {
    const file = join(dir, 'folio.config.json');
    await writeFile(file, JSON.stringify({ baseUrl: 'https://file.example/archive', pageSize: 5 }));
    delete process.env['FOLIO_BASE_URL'];
    expect((await loadConfig({ config: file })).site).toMatchObject({ baseUrl: 'https://file.example/archive/', pageSize: 5 });
    process.env['FOLIO_BASE_URL'] = 'https://env.example/';
    expect((await loadConfig({ config: file })).site.baseUrl).toBe('https://env.example/');
    expect((await loadConfig({ config: file, baseUrl: 'https://flag.example/sub' })).site.baseUrl).toBe('https://flag.example/sub/');
  });

  it('rejects what cannot be a base URL or a page size, saying what to give', async () => {
    await expect(loadConfig({ config: join(dir, 'none.json'), baseUrl: '/sub/' })).rejects.toBeInstanceOf(ConfigError);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ baseUrl: 'javascript:alert(1)' }));
    await expect(loadConfig({ config: bad })).rejects.toThrow(/not a usable base URL.*e\.g\. https:\/\//);
    await writeFile(bad, JSON.stringify({ pageSize: 0 }));
    await expect(loadConfig({ config: bad })).rejects.toThrow(/"pageSize" must be a whole number from 1/);
  });
});

describe('folio render --base-url', () => {
  it('writes feeds and sitemap under the given address, and says once when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-cli-base-'));
    try {
      const content = join(ROOT, 'content');
      const withBase = await folio(['render', '--content', content, '--out', join(dir, 'a'), '--base-url', 'https://cli.example/news']);
      expect(withBase.code, withBase.stderr).toBe(0);
      expect(withBase.stderr).not.toContain('no base URL');
      const feed = JSON.parse(await readFile(join(dir, 'a/feed.json'), 'utf8')) as { items: { url: string }[] };
      expect(feed.items.length).toBeGreaterThan(5);
      for (const item of feed.items) expect(item.url).toMatch(/^https:\/\/cli\.example\/news\/articles\/[a-z0-9-]+\/$/);

      const without = await folio(['render', '--content', content, '--out', join(dir, 'b')]);
      expect(without.code).toBe(0);
      expect(without.stderr.match(/no base URL set/g)).toHaveLength(1);
      expect(existsSync(join(dir, 'b/feed.xml'))).toBe(false);

      const bad = await folio(['render', '--content', content, '--out', join(dir, 'c'), '--base-url', 'example.org']);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toMatch(/--base-url: "example\.org" is not a usable base URL/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
