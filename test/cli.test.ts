// The CLI end to end: the bundled sample built into a temp folder, parse --jsonl, exit codes,
// and the repository's content/ reproduced byte for byte by re-importing the sample.

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSED_PAGE_FIELDS } from '../src/model/index.ts';
import { normalizeUrl } from '../src/normalize/index.ts';
import { isProblem, LEDGER_FILE, parseRecord } from '../src/content/index.ts';
import { MEDIA_INDEX } from '../src/content/media.ts';
import { filesUnder, folio, internalLinks, read, resolveLink, ROOT } from './helpers.ts';

const SAMPLE = join(ROOT, 'examples/scraped');
const expectedSample = JSON.parse(readFileSync(join(ROOT, 'examples/expected.json'), 'utf8')) as {
  file: string; is_article: boolean; url: string | null; title: string; related: { url: string }[]; duplicate_of?: string | null;
}[];

let work: string;
let content: string;
let out: string;
let build: Awaited<ReturnType<typeof folio>>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'folio-cli-'));
  content = join(work, 'content');
  out = join(work, 'dist');
  build = await folio(['build', '--content', content, '--out', out]);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('folio build (bundled sample)', () => {
  it('succeeds with one summary line', () => {
    expect(build.stderr).toMatch(/^Built \d+ pages from \d+ articles \(\d+ skipped, 0 failed, \d+ merged, 0 conflicts\) in [\d.]+ s$/m);
    expect(build.code).toBe(0);
  });

  it('writes the home page, tag index and an article, tag and related page per record', () => {
    const records = filesUnder(content, '.md');
    expect(records.length).toBeGreaterThanOrEqual(12);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'tags/index.html'))).toBe(true);
    for (const record of records) {
      const slug = relative(content, record).replace(/\.md$/, '');
      expect(existsSync(join(out, 'articles', slug, 'index.html')), slug).toBe(true);
      expect(existsSync(join(out, 'articles', slug, 'related/index.html')), slug).toBe(true);
    }
    expect(filesUnder(join(out, 'tags'), '.html').length).toBeGreaterThan(3);
  });

  it('has no broken internal link or asset on any page', () => {
    const broken: string[] = [];
    for (const page of filesUnder(out, '.html')) {
      for (const link of internalLinks(read(page))) {
        if (!resolveLink(out, page, link)) broken.push(`${relative(out, page)} -> ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('points related links at the archived copy when the sample has the page', () => {
    const archivedUrls = new Set(expectedSample.filter((p) => p.is_article && p.url).map((p) => normalizeUrl(p.url!)));
    // A record's own URL (the page it keeps) and, for links, the URLs of every copy merged into it.
    const slugByUrl = new Map<string, string>();
    const slugByAnyUrl = new Map<string, string>();
    for (const file of filesUnder(content, '.md')) {
      const record = parseRecord(read(file), file);
      if (isProblem(record)) throw new Error(record.message);
      if (record.url) slugByUrl.set(normalizeUrl(record.url), record.slug);
      for (const url of [record.url, ...record.sources.map((s) => s.url)]) if (url) slugByAnyUrl.set(normalizeUrl(url), record.slug);
    }
    let checked = 0;
    for (const page of expectedSample.filter((p) => p.is_article && p.url)) {
      const slug = slugByUrl.get(normalizeUrl(page.url!));
      if (!slug) continue;
      const relatedPage = join(out, 'articles', slug, 'related/index.html');
      const html = read(relatedPage);
      for (const link of page.related.filter((r) => archivedUrls.has(normalizeUrl(r.url)))) {
        const target = slugByAnyUrl.get(normalizeUrl(link.url));
        if (!target || target === slug) continue;
        const hrefs = internalLinks(html).map((l) => resolveLink(out, relatedPage, l));
        expect(hrefs, `${slug} -> ${target}`).toContain(join('articles', target, 'index.html'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('merges each farm re-post into its original, as the sample\'s ground truth says', () => {
    const merges = [...build.stderr.matchAll(/merged (\S+) into (\S+) \(near duplicate/g)].map((m) => [relative(ROOT, m[1]!), relative(ROOT, m[2]!)]);
    const expected = expectedSample.filter((p) => p.duplicate_of).map((p) => [p.file, p.duplicate_of!]);
    expect(merges.sort()).toEqual(expected.sort());
  });

  it('lets nothing executable from a scraped page into dist/', () => {
    for (const page of filesUnder(out, '.html')) {
      // folio's own search script (templates/_search.liquid) is the one script a page may load.
      const html = read(page).replace(/<script src="(?:\.\/|(?:\.\.\/)+)assets\/search\.js" defer><\/script>/g, '');
      expect(html, page).not.toMatch(/<script(?![^>]*type="application\/(ld\+)?json")/i);
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, page).not.toMatch(/javascript:/i);
      expect(html, page).not.toMatch(/<iframe/i);
    }
  });
});

describe('content/ in the repository', () => {
  it('is what importing the bundled sample produces, byte for byte', () => {
    const committed = filesUnder(join(ROOT, 'content'), '.md').map((f) => relative(join(ROOT, 'content'), f));
    const fresh = filesUnder(content, '.md').map((f) => relative(content, f));
    expect(fresh).toEqual(committed);
    for (const name of fresh) expect(read(join(content, name)), name).toBe(read(join(ROOT, 'content', name)));
    expect(read(join(content, LEDGER_FILE))).toBe(read(join(ROOT, 'content', LEDGER_FILE)));
    // The pictures saved beside the sample's pages, and the map from their original addresses.
    expect(read(join(content, MEDIA_INDEX))).toBe(read(join(ROOT, 'content', MEDIA_INDEX)));
    const media = (dir: string) => filesUnder(join(dir, 'media')).map((f) => relative(dir, f));
    expect(media(content)).toEqual(media(join(ROOT, 'content')));
    expect(media(content)).toHaveLength(3);
    for (const name of media(content)) expect(readFileSync(join(content, name)).equals(readFileSync(join(ROOT, 'content', name))), name).toBe(true);
  });

  it('renders from the records alone the same site as the full build, byte for byte', async () => {
    const again = join(work, 'dist-render');
    expect((await folio(['render', '--content', content, '--out', again, '-q'])).code).toBe(0);
    const built = filesUnder(out).map((f) => relative(out, f));
    expect(filesUnder(again).map((f) => relative(again, f))).toEqual(built);
    for (const name of built) expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name))), name).toBe(true);
  }, 60_000);

  it('re-importing into the same folder changes nothing', async () => {
    const again = await folio(['import', SAMPLE, '--content', content]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/\(0 written, \d+ unchanged/);
  }, 60_000);
});

describe('folio parse --jsonl', () => {
  it('prints one JSON object per page with exactly the documented fields', async () => {
    const result = await folio(['parse', '--jsonl', SAMPLE]);
    const lines = result.stdout.trim().split('\n');
    expect(lines.length).toBe(filesUnder(SAMPLE).filter((f) => /\.html?$/.test(f)).length);
    for (const line of lines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).toEqual(PARSED_PAGE_FIELDS.filter((f) => f !== 'error'));
      expect(record['ok']).toBe(true);
      expect(Array.isArray(record['author']) && Array.isArray(record['tags']) && Array.isArray(record['related'])).toBe(true);
    }
  }, 60_000);
});

describe('bad input and bad usage', () => {
  it('reports a broken page in one line, builds the rest and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'folio-bad-'));
    try {
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in/empty.html'), '');
      writeFileSync(join(dir, 'in/good.html'), readFileSync(join(ROOT, 'test/fixtures/parse/farm-repost-singlefile/source.html')));
      const result = await folio(['build', join(dir, 'in'), '--content', join(dir, 'c'), '--out', join(dir, 'd')]);
      expect(result.code).toBe(2);
      const problems = result.stderr.split('\n').filter((l) => l.includes('empty.html'));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/empty\.html: .*empty.*; /);
      expect(result.stderr).toMatch(/^Built \d+ pages from 1 article \(0 skipped, 1 failed, 0 merged, 0 conflicts\)/m);
      expect(existsSync(join(dir, 'd/index.html'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 3 on an unknown command or a missing input', async () => {
    expect((await folio(['frobnicate'])).code).toBe(3);
    const missing = await folio(['parse', '/nonexistent/folder']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/\/nonexistent\/folder: no such file or directory/);
  }, 30_000);

  it('prints help for every verb and the version', async () => {
    for (const verb of ['parse', 'import', 'render', 'build']) {
      const help = await folio([verb, '--help']);
      expect(help.code, verb).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: folio ${verb}`));
    }
    expect((await folio(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 30_000);
});
