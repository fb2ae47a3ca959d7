// The bundled sample's records (content/) rendered with a base URL under a sub-path: every page
// passes html-validate, and linkinator, crawling dist/ over HTTP, finds no broken internal link.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { LinkChecker } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/content/index.ts';
import { build, type Built } from './render-helpers.ts';
import { ROOT } from './helpers.ts';

/** html-validate's recommended rules, as they come. */
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

let site: Built;

beforeAll(async () => {
  const { records, problems } = await readRecords(join(ROOT, 'content'));
  expect(problems).toEqual([]);
  site = await build(records, { baseUrl: 'https://archive.example.org/news/', lang: 'auto', pageSize: 5 });
}, 60_000);

afterAll(async () => {
  await rm(site.dir, { recursive: true, force: true });
});

describe('the sample archive, rendered', () => {
  it('has every page kind, some of them paginated', () => {
    for (const file of ['index.html', 'page/2/index.html', 'tags/index.html', 'archive/index.html', 'sites/index.html', '404.html', 'feed.xml', 'feed.json', 'sitemap.xml', 'robots.txt']) {
      expect(site.files, file).toContain(file);
    }
    expect(site.files.some((f) => /^archive\/\d{4}\/\d{2}\/index\.html$/.test(f))).toBe(true);
    expect(site.files.filter((f) => /^sites\/[^/]+\/index\.html$/.test(f)).length).toBeGreaterThan(3);
  });

  it('passes html-validate on every page', async () => {
    const errors: string[] = [];
    for (const file of site.files.filter((f) => f.endsWith('.html'))) {
      const report = await validator.validateString(await readFile(join(site.dir, file), 'utf8'), file);
      for (const result of report.results) {
        for (const message of result.messages) errors.push(`${file}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`);
      }
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('has no broken internal link when served over HTTP (linkinator)', async () => {
    const checker = new LinkChecker();
    const result = await checker.check({
      path: site.dir,
      recurse: true,
      checkFragments: true,
      // Only the archive itself: the originals are on the live web.
      linksToSkip: async (link) => !/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link),
    });
    const broken = result.links.filter((link) => link.state === 'BROKEN').map((link) => `${link.parent ?? ''} -> ${link.url} (${link.status})`);
    expect(broken).toEqual([]);
    // The crawl from index.html reached every page but 404.html (nothing links to it).
    // linkinator reports the pages it served as paths under the folder it was given.
    const reached = new Set(result.links.filter((link) => link.state === 'OK').map((link) => link.url.slice(site.dir.length + 1)));
    const pages = site.files.filter((f) => f.endsWith('.html') && f !== '404.html').map((f) => f.replace(/index\.html$/, ''));
    expect(pages.filter((page) => !reached.has(page))).toEqual([]);
  }, 120_000);
});
