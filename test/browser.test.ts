// The sample site in a real browser (Debian's Chromium through playwright-core), served over HTTP
// at a domain root and under a sub-path: navigation home → tag → article → related page, Chinese
// and English search through the header box, no console errors, no serious or critical axe-core
// violations, and screenshots at 390 px and 1280 px for a person to look at.
// Skips, saying so, only when /usr/bin/chromium is missing (`.ci/run` installs it).

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/content/index.ts';
import type { ArticleRecord } from '../src/model/index.ts';
import { folio, ROOT } from './helpers.ts';
import { serveStatic, type StaticSite } from './static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const WIDTHS = [390, 1280];
const hasChromium = existsSync(CHROMIUM);
/** Stands in for hot-linked pictures: the sample's news sites are invented and tests run offline. */
const PLACEHOLDER_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="#c8ccd2"/></svg>';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium fonts-noto-cjk)`);

let work: string;
let records: ArticleRecord[];
let context: BrowserContext;
const sites: Record<string, StaticSite> = {};
/** Requests that left 127.0.0.1, as `type url`. */
const external: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  work = mkdtempSync(join(tmpdir(), 'folio-browser-'));
  const out = join(work, 'dist');
  const build = await folio(['build', '--content', join(work, 'content'), '--out', out, '-q']);
  expect(build.code, build.stderr).toBe(0);
  records = (await readRecords(join(work, 'content'))).records;
  sites['root'] = await serveStatic(out, '/');
  sites['sub'] = await serveStatic(out, '/sub/');
  context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  await context.route((url) => url.hostname !== '127.0.0.1', async (route) => {
    const request = route.request();
    external.push(`${request.resourceType()} ${request.url()}`);
    if (request.resourceType() === 'image') await route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE });
    else await route.abort();
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  for (const site of Object.values(sites)) await site.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A page that records everything that went wrong in it: console errors, uncaught exceptions. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message} (${page.url()})`));
  return { page, errors };
}

/** Serious and critical axe-core violations on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the debugger, not added as an inline <script>: the pages' policy refuses those.
  await page.evaluate(await readFile(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${page.url()}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const path = join(SCREENSHOTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }
}

/** Host and path of an address: how the archive matches related links to records. */
function addressKey(url: string | null): string {
  if (!url) return '';
  const u = new URL(url);
  return `${u.host.toLowerCase()}${u.pathname.replace(/\/$/, '')}`;
}

function isChinese(record: ArticleRecord): boolean {
  return (record.lang ?? '').toLowerCase().startsWith('zh');
}

/** Chinese articles with tags and at least one related link the archive holds. */
function navigableArticles(): ArticleRecord[] {
  const held = new Set(records.flatMap((r) => [r.url, ...r.sources.map((s) => s.url)]).map(addressKey));
  return records
    .filter((r) => isChinese(r) && r.tags.length > 0 && r.related.some((link) => held.has(addressKey(link.url))))
    .sort((a, b) => (a.slug < b.slug ? -1 : 1));
}

/**
 * A search word for one article: a word of its title (as a word segmenter splits it) found in
 * no other article's title or text, so that article has to be the first result.
 */
function searchWordFor(chinese: boolean): { word: string; record: ArticleRecord } {
  const text = (r: ArticleRecord) => `${r.title}\n${r.body}`.toLowerCase();
  const segmenter = new Intl.Segmenter(chinese ? 'zh' : 'en', { granularity: 'word' });
  const candidates: { word: string; record: ArticleRecord }[] = [];
  for (const record of records.filter((r) => isChinese(r) === chinese)) {
    for (const { segment, isWordLike } of segmenter.segment(record.title)) {
      const word = segment.toLowerCase();
      const fits = chinese ? /^\p{Script=Han}{2,}$/u.test(word) : /^[a-z]{6,}$/.test(word);
      if (!isWordLike || !fits) continue;
      if (records.every((other) => other === record || !text(other).includes(word))) candidates.push({ word, record });
    }
  }
  candidates.sort((a, b) => b.word.length - a.word.length || (a.word < b.word ? -1 : 1));
  const best = candidates[0];
  if (!best) throw new Error(`no ${chinese ? 'Chinese' : 'English'} title word is unique to one article in the sample; the sample changed, pick another way to choose a query`);
  return best;
}

/** Type `query` into the header search box and return the result titles shown. */
async function search(page: Page, query: string): Promise<string[]> {
  const box = page.locator('#site-search-input');
  await box.fill(query);
  await box.press('Enter');
  await page.locator('.site-search-results li a').first().waitFor({ timeout: 20_000 });
  return page.locator('.site-search-results li a').allTextContents();
}

describe.skipIf(!hasChromium).each(['root', 'sub'])('the sample site in Chromium, served at the %s', (base) => {
  it('goes home → tag → article → related page → an archived related article', async () => {
    const site = sites[base]!;
    const { page, errors } = await openPage();
    const axe: string[] = [];
    const shoot = base === 'root';

    await page.goto(site.url);
    expect(await page.locator('form.site-search').isVisible(), 'the search box shows once its script ran').toBe(true);
    axe.push(...(await axeProblems(page)));
    if (shoot) await screenshot(page, 'home');
    await page.emulateMedia({ colorScheme: 'dark' });
    axe.push(...(await axeProblems(page)));
    if (shoot) await screenshot(page, 'home-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // An article the home page lists, so the walk starts from what a reader sees first.
    const onHome = new Set(await page.locator('a[href*="articles/"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href)));
    const article = navigableArticles().find((r) => [...onHome].some((href) => href.endsWith(`/articles/${r.slug}/`)));
    expect(article, 'a Chinese article with tags and archived related links on the home page').toBeDefined();
    const tag = article!.tags[0]!;

    await page.locator('a[rel="tag"]', { hasText: tag }).first().click();
    await page.waitForURL(/\/tags\/[^/]+\/$/);
    expect(await page.locator('h1').first().textContent()).toContain(tag);
    axe.push(...(await axeProblems(page)));
    if (shoot) await screenshot(page, 'tag');

    await page.locator(`a[href$="articles/${article!.slug}/"]`).first().click();
    await page.waitForURL(new RegExp(`/articles/${article!.slug}/$`));
    expect((await page.locator('article h1').textContent())?.trim()).toBe(article!.title);
    axe.push(...(await axeProblems(page)));
    if (shoot) await screenshot(page, 'article');

    await page.locator(`a[href$="articles/${article!.slug}/related/"]`).first().click();
    await page.waitForURL(new RegExp(`/articles/${article!.slug}/related/$`));
    const archived = page.locator('.is-archived a').first();
    expect(await page.locator('.is-archived a').count()).toBeGreaterThan(0);
    axe.push(...(await axeProblems(page)));
    if (shoot) await screenshot(page, 'related');

    const target = await archived.getAttribute('href');
    await archived.click();
    await page.waitForURL(/\/articles\/[^/]+\/$/);
    const slug = /articles\/([^/]+)\/$/.exec(page.url())![1];
    expect(records.map((r) => r.slug), `${target} leads to an article of the archive`).toContain(slug);
    expect(page.url().startsWith(site.url)).toBe(true);

    expect(errors).toEqual([]);
    expect(axe).toEqual([]);
    expect(site.failures).toEqual([]);
    // Only the articles' hot-linked pictures come from elsewhere: no script, style or font.
    expect(external.filter((request) => !request.startsWith('image '))).toEqual([]);
    await page.close();
  }, 180_000);

  it('finds a Chinese article with a Chinese query, and an English one with an English query', async () => {
    const site = sites[base]!;
    const { page, errors } = await openPage();
    const zh = searchWordFor(true);
    const en = searchWordFor(false);
    console.log(`search: "${zh.word}" should find ${zh.record.slug}; "${en.word}" should find ${en.record.slug}`);

    await page.goto(`${site.url}tags/`);
    const zhTitles = await search(page, zh.word);
    expect(zhTitles[0], `query "${zh.word}"`).toBe(zh.record.title);
    expect(await axeProblems(page)).toEqual([]);
    if (base === 'root') await screenshot(page, 'search-zh');

    await page.locator('.site-search-results li a').first().click();
    await page.waitForURL(new RegExp(`/articles/${zh.record.slug}/$`));
    expect(page.url().startsWith(site.url)).toBe(true);
    expect((await page.locator('article h1').textContent())?.trim()).toBe(zh.record.title);

    const enTitles = await search(page, en.word);
    expect(enTitles[0], `query "${en.word}"`).toBe(en.record.title);

    expect(errors).toEqual([]);
    expect(site.failures).toEqual([]);
    await page.close();
  }, 180_000);
});
