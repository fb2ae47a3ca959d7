// Broken and hostile input through the CLI (`folio build <dir> --content … --out …`): empty and
// binary files named .html, a 50 MB page (all text, and SingleFile-style with an embedded image),
// 100,000-deep nesting, invalid UTF-8, lying charsets, NUL bytes, unterminated comments and
// scripts, frameset and redirect-only pages, a 10,000-character title, and titles, addresses and
// tags that try to escape their folders. Each page gives one clear line or a correct record, the
// build completes and counts it, exit code 2 only when a page failed, and nothing is written
// outside content/ and dist/. Also: the per-page time budget stops a page whose parse never ends,
// in small jobs too (every page parses on a worker).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/content/index.ts';
import type { ArticleRecord, ParsedPage } from '../src/model/index.ts';
import { keepParseWorkers, parseAll } from '../src/cli/parse-pool.ts';
import { folio } from './helpers.ts';
import { prose } from './xss-pages.ts';

let seed = 0;
/** An ordinary English article page; `title` and `extra` are raw HTML, `head` goes into <head>. */
function article(title: string, { extra = '', head = '<meta charset="utf-8">', h1 = title } = {}): string {
  seed++;
  return `<!DOCTYPE html><html lang="en"><head>${head}<title>${title}</title><meta property="og:type" content="article">` +
    `<meta property="article:published_time" content="2025-05-${String(seed % 28 + 1).padStart(2, '0')}T08:00:00Z"></head>` +
    `<body><article><h1>${h1}</h1><p>${prose(seed * 11, 5)}</p><p>${prose(seed * 11 + 1, 5)}</p>${extra}<p>${prose(seed * 11 + 2, 4)}</p></article></body></html>`;
}

/** Deterministic bytes: the same "binary file" every run. */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** `html` with `bytes` in place of its "@@". */
function withBytes(html: string, bytes: number[]): Buffer {
  const [before, after] = html.split('@@');
  return Buffer.concat([Buffer.from(before!), Buffer.from(bytes), Buffer.from(after!)]);
}

const LONG_TITLE = `${'Harbour council budget vote '.repeat(357)}end`.slice(0, 10_000);

interface Case {
  file: string;
  bytes: () => Buffer | string;
  /** failed: one ✗ line with this text; skipped: one "skipped" note; record: a record with this title. */
  expect: { failed: string } | { skipped: true } | { record: string | ((title: string) => boolean) };
}

const CASES: Case[] = [
  { file: 'empty.html', bytes: () => '', expect: { failed: 'the file is empty' } },
  { file: 'photo.html', bytes: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(20_000)]), expect: { failed: 'not an HTML page but a PNG image' } },
  { file: 'noise.html', bytes: () => noise(50_000), expect: { failed: 'not an HTML page but binary data' } },
  { file: 'huge-text.html', bytes: () => article('A page of fifty megabytes', { extra: `<p>${'Ferry timetable talks went on. '.repeat(1_650_000)}</p>` }), expect: { failed: 'the page is too big: 51 million characters' } },
  { file: 'huge-singlefile.html', bytes: () => article('Harbour photo essay saved with SingleFile', { extra: `<img src="data:image/jpeg;base64,${'QUJD'.repeat(12_500_000)}" alt="Harbour">` }), expect: { record: 'Harbour photo essay saved with SingleFile' } },
  { file: 'deep.html', bytes: () => article('Deeply nested page', { extra: `${'<div>'.repeat(100_000)}<p>Text at the bottom of the nesting.</p>${'</div>'.repeat(100_000)}` }), expect: { record: 'Deeply nested page' } },
  { file: 'invalid-utf8.html', bytes: () => withBytes(article('Broken bytes in the text', { extra: '<p>Before the bad bytes: @@ after them.</p>' }), [0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), expect: { record: 'Broken bytes in the text' } },
  { file: 'declared-gb2312-is-utf8.html', bytes: () => article('港口理事会通过新预算', { head: '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' }), expect: { record: '港口理事会通过新预算' } },
  { file: 'declared-utf8-is-gbk.html', bytes: () => iconv.encode(article('渡轮时刻表明年调整', { head: '<meta charset="utf-8">' }), 'gbk'), expect: { record: '渡轮时刻表明年调整' } },
  { file: 'nul-bytes.html', bytes: () => article('Null\u0000 bytes in the\u0000 headline', { extra: '<p>Text\u0000 with NUL\u0000 bytes.</p>' }), expect: { record: 'Null bytes in the headline' } },
  { file: 'unterminated-comment.html', bytes: () => `${article('Comment left open after the story').replace('</body></html>', '')}<!-- <div>the rest of the page`, expect: { record: 'Comment left open after the story' } },
  { file: 'unterminated-script.html', bytes: () => article('Script left open before the story').replace('<article>', '<script>var story = "') , expect: { skipped: true } },
  { file: 'frameset.html', bytes: () => '<!DOCTYPE html><html><head><title>Harbour Post</title></head><frameset cols="25%,75%"><frame src="menu.html"><frame src="story.html"></frameset></html>', expect: { skipped: true } },
  { file: 'redirect.html', bytes: () => '<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=https://harbour.example/story"><title>Redirecting…</title></head><body><p>Redirecting to <a href="https://harbour.example/story">the story</a>.</p></body></html>', expect: { skipped: true } },
  { file: 'long-title.html', bytes: () => article(LONG_TITLE), expect: { record: (title) => title === LONG_TITLE.trim() } },
  { file: 'escape-dots.html', bytes: () => article('../../x', { head: '<meta charset="utf-8"><link rel="canonical" href="https://harbour.example/../../x"><meta property="article:tag" content="../../etc"><meta property="og:site_name" content="../..">' }), expect: { record: '../../x' } },
  { file: 'escape-con.html', bytes: () => article('CON', { head: '<meta charset="utf-8"><meta property="article:tag" content="NUL">' }), expect: { record: 'CON' } },
  { file: 'escape-slash.html', bytes: () => article('a/b', { head: '<meta charset="utf-8"><link rel="canonical" href="https://harbour.example/a/b/%2e%2e/%2e%2e/%2e%2e/etc/passwd"><meta property="article:tag" content="a/b">' }), expect: { record: 'a/b' } },
  { file: 'escape-encoded.html', bytes: () => article('%2e%2e%2f%2e%2e%2fx', { head: '<meta charset="utf-8"><meta property="article:tag" content="%2e%2e"><meta property="og:site_name" content="..\\..\\windows">' }), expect: { record: '%2e%2e%2f%2e%2e%2fx' } },
  { file: 'escape-nul.html', bytes: () => article('x\u0000/../../y', { head: '<meta charset="utf-8"><meta property="article:tag" content="t\u0000/..">' }), expect: { record: 'x/../../y' } },
  { file: 'escape-long.html', bytes: () => article(`${'../'.repeat(300)}${'x'.repeat(400)}`), expect: { record: (title) => title.startsWith('../../../../') } },
];

let work: string;
let scraped: string;
let build: Awaited<ReturnType<typeof folio>>;
let records: ArticleRecord[];
let before: string[];

/** Every path under `dir`, relative, folders included. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      out.push(relative(dir, path));
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'folio-bad-'));
  scraped = join(work, 'scraped');
  mkdirSync(scraped);
  for (const c of CASES) writeFileSync(join(scraped, c.file), c.bytes());
  before = tree(work);
  build = await folio(['build', scraped, '--content', join(work, 'out/content'), '--out', join(work, 'out/dist')]);
  records = (await readRecords(join(work, 'out/content'))).records;
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The stderr lines that name a file. */
function linesAbout(file: string): string[] {
  return build.stderr.split('\n').filter((line) => line.includes(join(scraped, file)));
}

describe('folio build of broken and hostile pages', () => {
  it('completes, counts the failed and skipped pages in its summary, and exits with 2', () => {
    const failed = CASES.filter((c) => 'failed' in c.expect).length;
    const skipped = CASES.filter((c) => 'skipped' in c.expect).length;
    expect(build.stderr).toMatch(new RegExp(`^Built \\d+ pages from ${CASES.length - failed - skipped} articles \\(${skipped} skipped, ${failed} failed, 0 merged, 0 conflicts\\)`, 'm'));
    expect(build.code, build.stderr).toBe(2);
  });

  it.each(CASES.map((c) => [c.file, c] as const))('%s: one clear line or a correct record', (file, c) => {
    const lines = linesAbout(file);
    if ('failed' in c.expect) {
      expect(lines, build.stderr).toHaveLength(1);
      // file: problem; what happens and what to do
      expect(lines[0]).toMatch(new RegExp(`✗ ${join(scraped, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+; .+`));
      expect(lines[0]).toContain(c.expect.failed);
    } else if ('skipped' in c.expect) {
      expect(lines, build.stderr).toEqual([`  skipped ${join(scraped, file)}: not an article (index, list or error page)`]);
    } else {
      expect(lines, build.stderr).toEqual([]);
      const want = c.expect.record;
      const found = records.filter((r) => (typeof want === 'string' ? r.title === want : want(r.title)));
      expect(found.map((r) => r.title), records.map((r) => r.title).join('\n')).toHaveLength(1);
    }
  });

  it('keeps the text of pages it reads despite broken bytes and nesting', () => {
    const byTitle = (title: string) => records.find((r) => r.title === title)!;
    expect(byTitle('Deeply nested page').body).toContain('Text at the bottom of the nesting.');
    expect(byTitle('Broken bytes in the text').body).toMatch(/Before the bad bytes: .* after them\./);
    expect(byTitle('Null bytes in the headline').body).toContain('Text with NUL bytes.');
    expect(byTitle('Harbour photo essay saved with SingleFile').images).toEqual([]);
    expect(JSON.stringify(records)).not.toContain('\u0000');
  });

  it('writes nothing outside content/ and dist/, and only plain names inside them', () => {
    const added = tree(work).filter((path) => !before.includes(path));
    expect(added.filter((path) => !/^out(\/(content|dist)(\/.*)?)?$/.test(path))).toEqual([]);
    const names = added.filter((path) => path.startsWith('out/')).flatMap((path) => path.split('/'));
    expect(names.filter((name) => !/^[a-zA-Z0-9._-]+$/.test(name) || name === '..' || name === '.')).toEqual([]);
    for (const record of records) expect(record.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(records.map((r) => r.slug).filter((slug) => /^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug))).toEqual([]);
  });

  it('exits with 0 when no page failed, skipped pages included', async () => {
    const dir = join(work, 'no-failures');
    mkdirSync(dir);
    for (const c of CASES.filter((c) => !('failed' in c.expect) && !c.file.startsWith('huge'))) writeFileSync(join(dir, c.file), readFileSync(join(scraped, c.file)));
    const result = await folio(['build', dir, '--content', join(work, 'ok/content'), '--out', join(work, 'ok/dist'), '-q']);
    expect(result.stderr).toMatch(/\(3 skipped, 0 failed/);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
});

describe('the per-page time budget', () => {
  it('is also checked between parse stages (here on the main thread, as inside a worker)', async () => {
    const pages: ParsedPage[] = [];
    const files = ['nul-bytes.html', 'escape-con.html'].map((file) => join(scraped, file));
    await parseAll(files, { budgetMs: 0, inline: true }, (page) => pages.push(page));
    expect(pages.map((p) => [p.file, p.ok, p.error])).toEqual(files.map((file) => [file, false, 'could not parse: parsing took longer than its time budget and was stopped']));
  });

  it('stops a big page on its worker, even in a small job', async () => {
    const pages: ParsedPage[] = [];
    const file = join(scraped, 'huge-singlefile.html');
    await parseAll([file], { budgetMs: 1 }, (page) => pages.push(page));
    expect(pages).toMatchObject([{ file, ok: false, error: 'parsing took longer than 0.001 s and was stopped' }]);
  }, 60_000);

  describe('a page whose parse never returns (FOLIO_TEST_HANG, see parse-file.ts)', () => {
    const MARKER = 'folio-test-hang-4b1d';
    let files: string[];
    beforeAll(() => {
      process.env['FOLIO_TEST_HANG'] = MARKER;
      const dir = join(work, 'hang');
      mkdirSync(dir);
      files = ['before.html', 'stuck.html', 'after.html'].map((name) => join(dir, name));
      writeFileSync(files[0]!, article('Harbour ferry timetable changes for the winter'));
      writeFileSync(files[1]!, article('A page that never finishes parsing', { extra: `<p>${MARKER}</p>` }));
      writeFileSync(files[2]!, article('Library opens on Sundays again from March'));
    });
    afterAll(() => {
      delete process.env['FOLIO_TEST_HANG'];
    });

    /** The pages of one job, with a budget long enough for a worker to start on a busy machine. */
    async function job(): Promise<ParsedPage[]> {
      const pages: ParsedPage[] = [];
      await parseAll(files, { budgetMs: 8000 }, (page) => pages.push(page));
      return pages;
    }

    it('is stopped in a small job; the pages before and after it are parsed', async () => {
      const pages = await job();
      expect(pages.map((p) => [p.file, p.ok, p.error ?? null])).toEqual([
        [files[0], true, null], [files[1], false, 'parsing took longer than 8 s and was stopped'], [files[2], true, null],
      ]);
      expect(pages[2]!.title).toBe('Library opens on Sundays again from March');
    }, 60_000);

    it('is stopped on the workers a long-lived process keeps, which then go on parsing', async () => {
      const close = keepParseWorkers();
      try {
        for (let round = 0; round < 2; round++) expect((await job()).map((p) => p.ok)).toEqual([true, false, true]);
      } finally {
        await close();
      }
    }, 90_000);
  });
});
