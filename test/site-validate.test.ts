// The sample site as a whole: every page is valid HTML (html-validate, .htmlvalidate.mjs) and a
// link checker crawling dist/ (linkinator, local mode) finds no broken internal link or asset.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HtmlValidate, type ConfigData } from 'html-validate';
import { LinkChecker, type LinkResult } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, folio, ROOT } from './helpers.ts';

let work: string;
let out: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'folio-validate-'));
  out = join(work, 'dist');
  const build = await folio(['build', '--content', join(work, 'content'), '--out', out, '-q']);
  expect(build.code, build.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function validator(): Promise<HtmlValidate> {
  const config = (await import(pathToFileURL(join(ROOT, '.htmlvalidate.mjs')).href)) as { default: ConfigData };
  return new HtmlValidate(config.default);
}

/** Crawl `dir` from its index.html with linkinator; links that leave the local server are skipped. */
async function checkLinks(dir: string): Promise<LinkResult[]> {
  const result = await new LinkChecker().check({
    path: dir,
    recurse: true,
    checkCss: true,
    checkFragments: true,
    // Only the site itself: original articles and hot-linked images live on other hosts.
    linksToSkip: async (link) => /^[a-z][a-z0-9+.-]*:/i.test(link) && !/^https?:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link),
  });
  return result.links;
}

describe('the sample site', () => {
  it('has no html-validate error on any page', async () => {
    const html = await validator();
    const pages = filesUnder(out, '.html');
    expect(pages.length).toBeGreaterThan(40);
    const errors: string[] = [];
    for (const page of pages) {
      const report = await html.validateFile(page);
      for (const result of report.results) {
        for (const m of result.messages) if (m.severity === 2) errors.push(`${relative(out, page)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('has no broken internal link, and the crawl reaches every page', async () => {
    const links = await checkLinks(out);
    const broken = links.filter((l) => l.state === 'BROKEN').map((l) => `${l.parent ?? '?'} -> ${l.url} (${l.status ?? 'no status'})`);
    expect(broken).toEqual([]);
    // Every page is reached from the home page through links (the 404 page is for the server to show).
    const reached = new Set(links.filter((l) => l.state === 'OK').map((l) => relative(out, l.url.replace(/^file:\/\//, '')).replace(/\/?$/, '/').replace(/^\/$/, '')));
    const unreached = filesUnder(out, '.html').map((f) => relative(out, f).replace(/index\.html$/, '')).filter((p) => !reached.has(p) && !/^404(\.html)?\/?$/.test(p));
    expect(unreached).toEqual([]);
  }, 60_000);
});

describe('the checks themselves', () => {
  it('html-validate rejects a page with an error', async () => {
    const report = await (await validator()).validateString('<!doctype html><html lang="en"><head><title>x</title></head><body><p><div>x</div></body></html>');
    expect(report.valid).toBe(false);
  }, 30_000);

  it('the link check reports a missing page and a missing asset', async () => {
    const dir = join(work, 'broken');
    mkdirSync(join(dir, 'a'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title><a href="a/">a</a> <a href="missing/">m</a>');
    writeFileSync(join(dir, 'a/index.html'), '<!doctype html><title>a</title><link rel="stylesheet" href="../gone.css"><a href="https://example.org/">out</a>');
    const broken = (await checkLinks(dir)).filter((l) => l.state === 'BROKEN').map((l) => l.url.replace(/\/$/, '').replace(/^.*\//, ''));
    expect(broken.sort()).toEqual(['gone.css', 'missing']);
  }, 30_000);
});
