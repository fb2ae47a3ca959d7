// The sample archive in a real browser (Debian's Chromium through playwright-core), served on
// 127.0.0.1 under a sub-path: home -> tag -> article -> related page, no console errors, no serious
// or critical axe-core violations, and screenshots at 390 and 1280 px for a person to look at
// (.scratch/screenshots/). Skipped where /usr/bin/chromium is missing (`.ci/run` installs it).

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/content/index.ts';
import { ROOT } from './helpers.ts';
import { build, type Built } from './render-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const SUB = '/sub/';
const SHOTS = join(ROOT, '.scratch/screenshots');
const MISSING = 'no/such/page/';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain' };
// A 1×1 transparent GIF for hot-linked images: the test must not depend on (or reach) the live web.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

let site: Built;
let server: Server;
let origin: string;
let profile: string;
let context: BrowserContext;
const problems: string[] = [];

/** dist/ under /sub/, as a static host would serve it (folders -> index.html, else 404.html). */
function serve(dir: string): Promise<Server> {
  const httpServer = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB)) return void response.writeHead(404).end();
    let file = normalize(join(dir, path.slice(SUB.length)));
    if (!file.startsWith(dir)) return void response.writeHead(403).end();
    if (path.endsWith('/')) file = join(file, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (body !== null) response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    else response.writeHead(404, { 'content-type': TYPES['.html']! }).end(await readFile(join(dir, '404.html')));
  });
  return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer)));
}

async function open(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status(), url).toBe(200);
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugger, not added as an inline <script>: the pages' policy refuses those.
  await page.evaluate(await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  type Violation = { id: string; impact: string; nodes: { target: string[] }[] };
  const results = await page.evaluate(async () => (window as unknown as { axe: { run: () => Promise<{ violations: Violation[] }> } }).axe.run());
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe.skipIf(!existsSync(CHROMIUM))('the site in Chromium', () => {
  beforeAll(async () => {
    const { records } = await readRecords(join(ROOT, 'content'));
    site = await build(records, { lang: 'auto', pageSize: 5, baseUrl: 'https://archive.example.org/sub/' });
    server = await serve(site.dir);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = await mkdtemp(join(tmpdir(), 'folio-chromium-'));
    await mkdir(SHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await context.route((url) => url.origin !== origin, (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL }));
    context.on('page', (page) => watch(page));
    for (const page of context.pages()) watch(page);
  }, 120_000);

  function watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The one error we cause on purpose: the status of the missing address itself.
      if (message.location().url === `${origin}${SUB}${MISSING}` && message.text().includes('404')) return;
      problems.push(`${page.url()} (${message.location().url}): ${message.text()}`);
    });
    page.on('pageerror', (error) => void problems.push(`${page.url()}: ${error.message}`));
  }

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    for (const dir of [profile, site?.dir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('goes home -> tag -> article -> related page by clicking, without console errors or serious axe violations', async () => {
    const page = await context.newPage();
    const visited: string[] = [];
    const check = async () => {
      visited.push(new URL(page.url()).pathname);
      expect(await axeViolations(page), page.url()).toEqual([]);
    };
    await open(page, `${origin}${SUB}`);
    await check();
    await page.locator('.article-list .card .tag-list a').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/sub\/tags\/[a-z0-9-]+\/$/);
    await check();
    await page.locator('.article-list .card-title a').first().click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/sub\/articles\/[a-z0-9-]+\/$/);
    await expect(page.locator('article h1').count()).resolves.toBe(1);
    await check();
    await page.locator('.related-box .more a').click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/sub\/articles\/[a-z0-9-]+\/related\/$/);
    await check();
    for (const path of ['archive/', 'sites/', 'page/2/', 'tags/', MISSING]) {
      await page.goto(`${origin}${SUB}${path}`);
      visited.push(path);
      expect(await axeViolations(page), path).toEqual([]);
    }
    // The 404 page, served for a deep missing address, still has its stylesheet.
    expect(await page.evaluate(() => getComputedStyle(document.body).lineHeight)).not.toBe('normal');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it('writes screenshots at 390 and 1280 px wide', async () => {
    const page = await context.newPage();
    const article = site.files.find((f) => /^articles\/[^/]+\/index\.html$/.test(f) && f.includes('lao-lou'))
      ?? site.files.find((f) => /^articles\/[^/]+\/index\.html$/.test(f))!;
    const shots: string[] = [];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, path] of [['home', ''], ['article', article.replace(/index\.html$/, '')], ['related', article.replace(/index\.html$/, 'related/')], ['archive', 'archive/']] as const) {
        await open(page, `${origin}${SUB}${path}`);
        // No horizontal scrolling on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
        const file = join(SHOTS, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
      }
    }
    for (const file of shots) expect(existsSync(file), file).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
