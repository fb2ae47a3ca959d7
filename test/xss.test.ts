// Hostile pages through the whole CLI: one scraped page per vector of test/xss-vectors.ts (scripts,
// event handlers, URL schemes and their obfuscations, dangerous elements, SVG/MathML, CSS,
// parser-confusion markup, template syntax, YAML, Unicode, DOM clobbering), built with a base URL
// so feeds, sitemap, canonical links and JSON-LD are written too. Then:
//  - every page of dist/, the feeds, the sitemap and every record in content/ are checked
//    structurally (test/xss-checks.ts) for anything that runs, loads, submits or re-bases;
//  - headlines holding markup or template syntax come out as exactly that text;
//  - every page carries folio's Content-Security-Policy, word for word, and nothing that loads
//    from another host (the articles' pictures are links to their originals by default);
//  - Chromium opens every page of dist/ (served on 127.0.0.1), hovers, tabs and searches: no
//    dialog, no console error (a policy violation is one), no request to any host but
//    127.0.0.1/localhost; a self-test shows that check catching a hot-linked picture. Skipped,
//    saying so, only when /usr/bin/chromium is missing.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cheerio from 'cheerio';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, folio } from './helpers.ts';
import { serveStatic, type StaticSite } from './static-server.ts';
import { distProblems, feedProblems, isSafeAddress, pageProblems, policyProblems, recordProblems, sitemapProblems } from './xss-checks.ts';
import { headline, writeHostilePages } from './xss-pages.ts';
import { ALL_VECTORS, VECTORS, type NumberedVector } from './xss-vectors.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BASE_URL = 'https://archive.example/news/';
/** Hosts a page of the archive may ask for anything: the archive's own. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
/** Pages opened at once. */
const TABS = 3;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`XSS browser checks skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

let work: string;
let dist: string;
let content: string;
let buildLog: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'folio-xss-'));
  dist = join(work, 'dist');
  content = join(work, 'content');
  await writeHostilePages(join(work, 'scraped'));
  const result = await folio(['build', join(work, 'scraped'), '--content', content, '--out', dist, '--base-url', BASE_URL]);
  buildLog = result.stderr;
  expect(result.code, result.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

let articles: Map<number, { file: string; $: cheerio.CheerioAPI }> | null = null;

/** The article page built from a vector's page, found by the case number its headline starts with. */
function articleFor(vector: NumberedVector): { file: string; $: cheerio.CheerioAPI } | null {
  if (articles === null) {
    articles = new Map();
    for (const file of filesUnder(join(dist, 'articles'), 'index.html')) {
      if (file.endsWith('/related/index.html')) continue;
      const $ = cheerio.load(readFileSync(file, 'utf8'));
      const id = /^Case (\d+): /.exec($('article h1').text())?.[1];
      if (id !== undefined) articles.set(Number(id), { file, $ });
    }
  }
  return articles.get(vector.id) ?? null;
}

describe('the vector table', () => {
  it('holds at least 100 vectors, at least 5 of every kind', () => {
    expect(ALL_VECTORS.length).toBeGreaterThanOrEqual(100);
    for (const [kind, vectors] of Object.entries(VECTORS)) expect(vectors.length, kind).toBeGreaterThanOrEqual(5);
  });

  it('is checked by checks that do catch each kind of leak', () => {
    const leaks = [
      '<script>alert(1)</script>',
      '<div class="article-body"><img src="x" onerror="alert(1)"></div>',
      '<a href="java\tscript:alert(1)">x</a>',
      '<a href=" JAVASCRIPT:alert(1)">x</a>',
      '<img srcset="https://ok.example/a.png 1x, javascript:alert(1) 2x">',
      '<video poster="vbscript:x"></video>',
      '<svg><a xlink:href="javascript:alert(1)"></a></svg>',
      '<base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
      '<object data="x"></object>', '<embed src="x">', '<iframe src="https://evil.example/"></iframe>',
      '<form action="https://evil.example/"></form>', '<button formaction="data:text/html,x">x</button>',
      '<p style="background:url(https://evil.example/x.png)">x</p>', '<p style="width:expression(alert(1))">x</p>',
      '<style>p{color:red}</style>', '<math href="javascript:alert(1)">x</math>',
      '<a href="https://ok.example/" target="_blank">x</a>',
      '<div class="article-body"><h2 id="related-heading">x</h2></div>',
      '<head><script type="application/ld+json">{"url":"javascript:alert(1)"}</script></head>',
      '<head><script type="application/ld+json">{"headline":"</script><script>alert(1)</script>"}</script></head>',
      '<div class="article-body"><figure><img src="https://tracker.example/pixel.gif"></figure></div>',
      '<img src="//tracker.example/pixel.gif">', '<img srcset="media/a.jpg 1x, https://tracker.example/b.jpg 2x">',
      '<video poster="https://tracker.example/p.jpg"></video>', '<head><link rel="icon" href="https://tracker.example/favicon.ico"></head>',
      '<head><meta http-equiv="Content-Security-Policy" content="default-src *"><meta http-equiv="refresh" content="0"></head>',
    ];
    for (const html of leaks) expect(pageProblems(`<!DOCTYPE html><html>${html}</html>`), html).not.toEqual([]);
    expect(pageProblems('<!DOCTYPE html><html><body><img src="../../media/a.jpg"><link rel="canonical" href="https://archive.example/x/"></body></html>')).toEqual([]);
    const policy = (content: string) => `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${content}"></head></html>`;
    const folio = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
    expect(policyProblems(policy(folio))).toEqual([]);
    expect(policyProblems('<!DOCTYPE html><html><head></head></html>')).not.toEqual([]);
    expect(policyProblems(policy(folio.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")))).not.toEqual([]);
    expect(policyProblems(policy(folio.replace("img-src 'self' data:", "img-src 'self' data: https:")))).not.toEqual([]);
    expect(policyProblems(policy(folio.replace("; base-uri 'none'", '')))).not.toEqual([]);
    expect(isSafeAddress('\u0001javascript:alert(1)')).toBe(false);
    expect(isSafeAddress('https://ok.example/a:b')).toBe(true);
    expect(isSafeAddress('../tags/x/')).toBe(true);
  });
});

describe('a build of hostile pages', () => {
  it('takes every page as an article: each vector really went through the pipeline', () => {
    expect(buildLog).toMatch(new RegExp(`from ${ALL_VECTORS.length} articles \\(0 skipped, 0 failed, 0 merged`));
    const missing = ALL_VECTORS.filter((vector) => articleFor(vector) === null).map((v) => `${v.id} ${v.name}`);
    expect(missing).toEqual([]);
  });

  it('writes no page with a script, handler, unsafe address, dangerous element or CSS, nor one loading from another host or without folio\'s policy', () => {
    expect(distProblems(dist)).toEqual([]);
  }, 60_000);

  it('writes feeds whose titles and summaries stay text, and a sitemap of its own addresses', () => {
    const atom = readFileSync(join(dist, 'feed.xml'), 'utf8');
    const json = readFileSync(join(dist, 'feed.json'), 'utf8');
    expect(atom).toContain('<entry>');
    expect(feedProblems(atom, json)).toEqual([]);
    expect(sitemapProblems(readFileSync(join(dist, 'sitemap.xml'), 'utf8'), BASE_URL)).toEqual([]);
  });

  it('writes records with no raw HTML in the body and only http(s) addresses', () => {
    expect(filesUnder(content, '.md')).toHaveLength(ALL_VECTORS.length);
    expect(recordProblems(content)).toEqual([]);
  }, 60_000);

  it('shows headlines with markup or template syntax as that very text, in the page, its og:title and its JSON-LD', () => {
    const differ: string[] = [];
    // Headlines are tidied: control characters dropped, runs of whitespace (zero-width too) made one space.
    const tidy = (text: string) => text.replace(/[\u0000-\u0008\u000e-\u001f]/g, '').replace(/[\s\u200b\ufeff]+/g, ' ').trim();
    for (const vector of ALL_VECTORS) {
      const page = articleFor(vector);
      if (!page) continue;
      const expected = tidy(headline(vector));
      const shown = tidy(page.$('article h1').text());
      const data = JSON.parse(page.$('script[type="application/ld+json"]').text()) as { headline: string };
      // The headline may lose what reads as a site suffix (" | x", " - x"), never gain or change text.
      const prefix = `Case ${vector.id}: `;
      if (!expected.startsWith(shown) || shown.length < Math.min(expected.length, prefix.length + 8)) differ.push(`${vector.id} ${vector.name}: h1 ${JSON.stringify(shown)}`);
      if (tidy(data.headline) !== shown) differ.push(`${vector.id} ${vector.name}: JSON-LD headline ${JSON.stringify(data.headline)}`);
      if (!tidy(page.$('meta[property="og:title"]').attr('content') ?? '').startsWith(shown)) differ.push(`${vector.id} ${vector.name}: og:title differs`);
    }
    expect(differ).toEqual([]);
  });

  it('renders template syntax from records as text, never evaluated', () => {
    for (const vector of VECTORS.template.map((v) => ALL_VECTORS.find((n) => n.html === v.html)!)) {
      const page = articleFor(vector)!;
      const body = page.$('.article-body').text();
      // The vector's text is the paragraph the page held: its markup is gone, its braces are not.
      const paragraph = cheerio.load(vector.html)('p').text();
      expect(body, vector.name).toContain(paragraph);
    }
  });
});

describe.skipIf(!hasChromium)('the hostile archive in Chromium', () => {
  let browser: Browser;
  let site: StaticSite;

  beforeAll(async () => {
    site = await serveStatic(dist, new URL(BASE_URL).pathname);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** A tab that records what goes wrong in it; a request to any other host is one (and is stopped). */
  async function watchedTab(context: BrowserContext, problems: string[], url = () => site.url): Promise<{ page: Page; visit: (file: string) => Promise<void> }> {
    const page = await context.newPage();
    let current = '';
    await page.route((address) => !LOCAL_HOSTS.has(address.hostname), async (route) => {
      const request = route.request();
      problems.push(`${current}: ${request.resourceType()} request to ${request.url()}`);
      return route.abort();
    });
    page.on('dialog', (dialog) => {
      problems.push(`${current}: ${dialog.type()} dialog "${dialog.message()}"`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${current}: console error ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${current}: uncaught ${error.message}`));
    page.on('popup', (popup) => problems.push(`${current}: popup ${popup.url()}`));
    const visit = async (file: string) => {
      current = file;
      await page.goto(`${url()}${file}`, { waitUntil: 'load' });
      // Handlers that need a reader: hover over the page and move the focus through it.
      await page.mouse.move(300, 300);
      await page.mouse.move(600, 500);
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      if (page.url() !== `${url()}${file}`) problems.push(`${file}: navigated to ${page.url()}`);
    };
    return { page, visit };
  }

  it('catches a page that asks another host for a picture (a self-test of the check below)', async () => {
    const folder = join(work, 'self-test');
    await mkdir(folder, { recursive: true });
    // As the archive once was: a hot-linked picture in an article, and no policy to stop it.
    await writeFile(join(folder, 'hot-linked.html'), '<!DOCTYPE html><html><head><title>x</title></head><body><p>x</p><img src="http://pictures.remote.example/harbour.jpg" alt=""></body></html>');
    // With folio's policy the browser refuses it before it is sent: a console error says so.
    await writeFile(join(folder, 'refused.html'), `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="img-src 'self'"><title>x</title></head><body><img src="http://pictures.remote.example/quay.jpg" alt=""></body></html>`);
    const selfTest = await serveStatic(folder, '/');
    try {
      const context = await browser.newContext();
      const problems: string[] = [];
      const tab = await watchedTab(context, problems, () => selfTest.url);
      await tab.visit('hot-linked.html');
      await tab.visit('refused.html');
      await tab.page.waitForTimeout(200);
      expect(problems).toContain('hot-linked.html: image request to http://pictures.remote.example/harbour.jpg');
      expect(problems).toContainEqual(expect.stringMatching(/^refused\.html: console error .*pictures\.remote\.example\/quay\.jpg/));
      // The policy stopped that one before it was sent.
      expect(problems.filter((problem) => problem.startsWith('refused.html: image request'))).toEqual([]);
      await context.close();
    } finally {
      await selfTest.close();
    }
  }, 60_000);

  it('opens every page with no dialog, no console error and no request to any host but 127.0.0.1', async () => {
    const context = await browser.newContext();
    const problems: string[] = [];
    const files = filesUnder(dist, '.html').map((file) => relative(dist, file));
    const queue = [...files];
    const tabs = await Promise.all(Array.from({ length: TABS }, () => watchedTab(context, problems)));
    await Promise.all(tabs.map(async (tab) => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) await tab.visit(file);
    }));
    const { page } = tabs[0]!;

    // Search results show hostile titles and excerpts: through the header box, as a reader would.
    await page.goto(site.url);
    await page.locator('#site-search-input').fill('onerror');
    await page.locator('#site-search-input').press('Enter');
    await page.locator('.site-search-results li a').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.site-search-results li').count()).toBeGreaterThan(0);
    expect(await page.locator('.site-search-results *:not(li, a, p, mark)').count()).toBe(0);

    await page.waitForTimeout(300);
    console.log(`XSS suite: ${files.length} pages opened in Chromium`);
    expect(problems).toEqual([]);
    expect(site.failures.filter((failure) => !failure.endsWith('.map'))).toEqual([]);
    await context.close();
  }, 600_000);
});
