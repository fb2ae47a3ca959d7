// folio watch in a real browser (Debian's Chromium through playwright-core): the open page reloads
// itself after a rebuild, and shows a page that failed to parse in an overlay.
// Skips, saying so, only when /usr/bin/chromium is missing (`.ci/run` installs it).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';
import { watchSite, writePage, type WatchedSite } from './watch-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const hasChromium = existsSync(CHROMIUM);
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

if (!hasChromium) console.warn(`watch browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);

let site: WatchedSite;
let context: BrowserContext;

beforeAll(async () => {
  if (!hasChromium) return;
  site = await watchSite(2);
  context = await chromium.launchPersistentContext(join(site.dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // Tests run offline: anything not from the preview server is refused.
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
});

describe.skipIf(!hasChromium)('folio watch in Chromium', () => {
  it('reloads the open page after a rebuild and shows a broken page in an overlay', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(new URL('articles/ferry-story-number-1/', site.session.url).href);
    await expect.poll(() => page.locator('.article-body').textContent()).toContain('The first version of story 1.');
    // Wait until the client is listening, then mark this document: a reload starts a new one without the mark.
    await page.locator('html[data-folio-watch="listening"]').waitFor({ state: 'attached' });
    await page.evaluate(() => ((window as unknown as { beforeRebuild: boolean }).beforeRebuild = true));

    writePage(site.scraped, 1, { title: 'Ferry story number 1', sentence: 'Story 1 as edited while the page was open.' });
    await page.waitForFunction(() => document.body.textContent?.includes('Story 1 as edited while the page was open.'), undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { beforeRebuild?: boolean }).beforeRebuild)).toBeUndefined();

    writeFileSync(join(site.scraped, 'story-2.html'), '');
    const overlay = page.locator('#__folio-problems');
    await overlay.waitFor({ timeout: 30_000 });
    expect(await overlay.textContent()).toContain('story-2.html: could not parse: the file is empty');
    // The page under it is still the last good one.
    expect(await page.locator('.article-body').textContent()).toContain('Story 1 as edited while the page was open.');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'watch-overlay-1280.png') });

    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
