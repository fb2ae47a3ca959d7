// Pictures saved beside scraped pages: a browser's "save page" folder (`<title>_files/`) and a
// wget-style mirror (`<host>/<path>`, the page's own host and a CDN's) are found, kept in
// content/media/ (mapped from their original address in content/media.json) and shown from
// dist/media/; a file that is not an image, a symbolic link out of the input folder and an address
// whose encoded "/" would climb out are not taken, and a picture nobody saved is a link to the
// original unless `remoteImages` is on. Records keep the original addresses, and `folio render`
// finds the copies from content/ alone. In Chromium the pages show the kept pictures from the
// archive, served and from disk, and ask no other host for anything.

import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { deflateSync, crc32 } from 'node:zlib';
import * as cheerio from 'cheerio';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagePlaces, imageType } from '../src/content/media.ts';
import { filesUnder, folio, ROOT } from './helpers.ts';
import { serveStatic } from './static-server.ts';
import { distProblems } from './xss-checks.ts';

const CHROMIUM = '/usr/bin/chromium';
const JPEG = readFileSync(join(ROOT, 'examples/scraped/www.linxinews.com/images/2025-08/17/6630412_1.jpg'));
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PNG = png(24, 16);

/** A small opaque PNG (one colour), written here so the fixture needs no image tool. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** An article page; `lead` and `close` are its own paragraphs, so two pages are never one story. */
function page(url: string, title: string, [lead, close]: [string, string], body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="canonical" href="${url}">` +
    `<meta property="og:type" content="article"><meta property="article:published_time" content="2025-06-02T09:00:00Z"></head>` +
    `<body><article><h1>${title}</h1><p>${lead}</p>${body}<p>${close}</p></article></body></html>`;
}

function put(file: string, bytes: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, 24);

let work: string;
let saved: string;
let mirror: string;
const FERRY = 'https://news.example/2025/ferry/Harbour%20ferry_files/ferry.jpg';
const BRIDGE = 'https://news.example/img/bridge.png';
const QUAY = 'https://cdn.example/p/quay.gif';
const REMOTE = 'https://elsewhere.example/remote.jpg';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'folio-images-'));
  saved = join(work, 'saved');
  mirror = join(work, 'mirror');
  // A browser's "save page": the page, and its pictures in a folder beside it.
  put(join(saved, 'Harbour ferry.html'), page('https://news.example/2025/ferry/', 'Harbour ferry to run every twenty minutes', [
    'The harbour ferry will cross every twenty minutes from Monday, the operator said, doubling the service during the summer months.',
    'Season tickets bought before the change stay valid, and the first crossing of the day moves to half past six in the morning.',
  ],
    '<figure><img src="Harbour ferry_files/ferry.jpg" alt="The ferry at the quay"><figcaption>The ferry at the quay.</figcaption></figure>' +
    '<p>Traders say the change will help.</p><p><img src="Harbour ferry_files/notes.jpg" alt="Notes"></p>' +
    '<p><img src="Harbour ferry_files/linked/secret.jpg" alt="Linked"></p><p><img src="..%2F..%2Foutside%2Fsecret.jpg" alt="Climbing"></p>' +
    `<p><img src="${REMOTE}" alt="A picture nobody saved"></p>`));
  put(join(saved, 'Harbour ferry_files/ferry.jpg'), JPEG);
  // Named .jpg, but a page: not an image, never copied.
  put(join(saved, 'Harbour ferry_files/notes.jpg'), '<script>alert(1)</script>');
  // A link out of the input folder, to a real image: not followed.
  put(join(work, 'outside/secret.jpg'), JPEG);
  symlinkSync(join(work, 'outside'), join(saved, 'Harbour ferry_files/linked'));
  // A mirror: the page at its own path under its host, a picture of the same host and one of a CDN.
  put(join(mirror, 'news.example/2025/bridge/index.html'), page('https://news.example/2025/bridge/', 'Swing bridge to close for eight weeks', [
    'Engineers will close the old swing bridge for eight weeks of repairs to its turning gear, which has jammed twice since March.',
    'Walkers can use the temporary footbridge by the lifeboat station, which opens a day before the works start and stays until they end.',
  ],
    `<figure><img src="/img/bridge.png" alt="The swing bridge"></figure><p>The ferry will run instead.</p><figure><img src="${QUAY}" alt="Quay Street"></figure>`));
  put(join(mirror, 'news.example/img/bridge.png'), PNG);
  put(join(mirror, 'cdn.example/p/quay.gif'), GIF);
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function build(name: string, extra: string[] = []): Promise<{ content: string; dist: string; stderr: string }> {
  const content = join(work, name, 'content');
  const dist = join(work, name, 'dist');
  const result = await folio(['build', saved, mirror, '--content', content, '--out', dist, '--no-cache', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return { content, dist, stderr: result.stderr };
}

function article(dist: string, slugStart: string): cheerio.CheerioAPI {
  const file = filesUnder(join(dist, 'articles'), 'index.html').find((f) => f.includes(`/articles/${slugStart}`) && !f.includes('/related/'));
  expect(file, slugStart).toBeDefined();
  return cheerio.load(readFileSync(file!, 'utf8'));
}

describe('where a saved picture may be', () => {
  it('is beside the page (relative to its folder) and under the input folder as <host>/<path>', () => {
    const places = imagePlaces('https://news.example/img/a%20b.png?w=2', { file: '/in/news.example/2025/x/index.html', url: 'https://news.example/2025/x/' }, '/in');
    expect(places).toEqual(['/in/news.example/img/a b.png', '/in/news.example/img/a b.png?w=2']);
    expect(imagePlaces('https://cdn.example/p/q.gif', { file: '/in/site/p.html', url: 'https://news.example/p.html' }, '/in')).toEqual(['/in/cdn.example/p/q.gif']);
    expect(imagePlaces('https://news.example/a%2F..%2F..%2Fx.png', { file: '/in/p.html', url: 'https://news.example/' }, '/in')).toEqual([]);
  });

  it('is taken only when its first bytes are an image', () => {
    expect([JPEG, PNG, GIF].map((bytes) => imageType(bytes))).toEqual(['jpg', 'png', 'gif']);
    expect(imageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(imageType(Buffer.from('<script>alert(1)</script>'))).toBeNull();
  });
});

describe('a build of pages with saved pictures (default config)', () => {
  let built: { content: string; dist: string; stderr: string };
  beforeAll(async () => {
    built = await build('default');
  }, 120_000);

  it('keeps the saved pictures in content/, mapped from their original addresses; records keep those addresses', () => {
    const index = JSON.parse(readFileSync(join(built.content, 'media.json'), 'utf8')) as Record<string, string>;
    expect(index).toEqual({ [BRIDGE]: `media/${sha(PNG)}.png`, [QUAY]: `media/${sha(GIF)}.gif`, [FERRY]: `media/${sha(JPEG)}.jpg` });
    expect(filesUnder(join(built.content, 'media')).map((f) => f.slice(built.content.length + 1)).sort()).toEqual(Object.values(index).sort());
    expect(readFileSync(join(built.content, index[FERRY]!))).toEqual(JPEG);
    const records = filesUnder(built.content, '.md').map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const url of [FERRY, BRIDGE, QUAY, REMOTE]) expect(records).toContain(`src: "${url}"`);
    expect(records).not.toContain('media/');
    expect(built.stderr).toContain('images: 3 found beside their pages');
  });

  it('shows kept pictures from dist/media/ and the others as links to their originals', () => {
    expect(filesUnder(join(built.dist, 'media')).map((f) => f.slice(built.dist.length + 1)).sort()).toEqual([`media/${sha(GIF)}.gif`, `media/${sha(JPEG)}.jpg`, `media/${sha(PNG)}.png`].sort());
    const ferry = article(built.dist, 'harbour-ferry');
    expect(ferry('.article-body img').map((_, img) => ferry(img).attr('src')).get()).toEqual([`../../media/${sha(JPEG)}.jpg`]);
    expect(ferry('.article-body figure').first().find('figcaption').text()).toBe('The ferry at the quay.');
    const links = ferry('.article-body a.image-not-saved').map((_, a) => ferry(a).attr('href')).get();
    expect(links).toEqual([
      'https://news.example/2025/ferry/Harbour%20ferry_files/notes.jpg', 'https://news.example/2025/ferry/Harbour%20ferry_files/linked/secret.jpg',
      'https://news.example/2025/ferry/..%2F..%2Foutside%2Fsecret.jpg', REMOTE,
    ]);
    expect(ferry('.article-body a.image-not-saved').last().text()).toContain('A picture nobody saved');
    const bridge = article(built.dist, 'swing-bridge');
    expect(bridge('.article-body img').map((_, img) => bridge(img).attr('src')).get()).toEqual([`../../media/${sha(PNG)}.png`, `../../media/${sha(GIF)}.gif`]);
    expect(distProblems(built.dist)).toEqual([]);
  }, 30_000);

  it('finds the kept pictures again from content/ alone (folio render)', async () => {
    const again = join(work, 'default', 'again');
    const result = await folio(['render', '--content', built.content, '--out', again, '--no-cache', '-q']);
    expect(result.code, result.stderr).toBe(0);
    for (const file of [...filesUnder(join(built.dist, 'articles'), '.html'), ...filesUnder(join(built.dist, 'media'))]) {
      expect(readFileSync(file.replace(built.dist, again)), file).toEqual(readFileSync(file));
    }
  }, 60_000);

  describe.skipIf(!existsSync(CHROMIUM))('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the kept pictures, served and from disk, and asks no other host for anything', async () => {
      const site = await serveStatic(built.dist, '/');
      const context = await browser.newContext();
      const problems: string[] = [];
      try {
        const tab = await context.newPage();
        await tab.route((url) => url.protocol !== 'file:' && url.hostname !== '127.0.0.1', (route) => {
          problems.push(`request to ${route.request().url()}`);
          return route.abort();
        });
        tab.on('console', (message) => void (message.type() === 'error' && problems.push(`console error ${message.text()}`)));
        const pages = filesUnder(join(built.dist, 'articles'), 'index.html').filter((f) => !f.includes('/related/'));
        for (const file of pages) {
          const path = file.slice(built.dist.length + 1);
          for (const address of [`${site.url}${path}`, pathToFileURL(file).href]) {
            await tab.goto(address, { waitUntil: 'load' });
            // Body pictures load lazily, maybe after the load event: each is brought into view and waited for (a failed one stays incomplete).
            await tab.$$eval('.article-body img', (images) => Promise.all(images.map((img) => {
              img.scrollIntoView();
              return (img as HTMLImageElement).decode().catch(() => undefined);
            })));
            const shown = await tab.$$eval('.article-body img', (images) => images.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
            expect(shown.length, address).toBeGreaterThan(0);
            expect(shown, address).not.toContain(false);
            // The stylesheet loads under the policy from disk too.
            expect(await tab.evaluate(() => getComputedStyle(document.body).fontFamily), address).not.toBe('');
          }
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await site.close();
      }
    }, 120_000);
  });
});

describe('with "remoteImages": true', () => {
  it('shows a picture nobody saved from its original host, allowed by the page\'s policy, with no referrer', async () => {
    const config = join(work, 'remote.config.json');
    writeFileSync(config, JSON.stringify({ remoteImages: true }));
    const built = await build('remote', ['--config', config]);
    const ferry = article(built.dist, 'harbour-ferry');
    const remote = ferry(`.article-body img[src="${REMOTE}"]`);
    expect(remote.attr('referrerpolicy')).toBe('no-referrer');
    expect(ferry(`.article-body img[src="../../media/${sha(JPEG)}.jpg"]`)).toHaveLength(1);
    expect(ferry('.article-body a.image-not-saved')).toHaveLength(0);
    expect(ferry('meta[http-equiv="Content-Security-Policy"]').attr('content')).toContain("img-src 'self' data: https: http:");
  }, 120_000);

  it('must be true or false', async () => {
    const config = join(work, 'bad.config.json');
    writeFileSync(config, JSON.stringify({ remoteImages: 'yes' }));
    const result = await folio(['build', saved, '--content', join(work, 'bad/content'), '--out', join(work, 'bad/dist'), '--config', config]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('"remoteImages" must be true or false');
  }, 60_000);
});

describe('a kept builder (folio watch)', () => {
  it('shows a picture saved after the first build once its page is built again', async () => {
    const { Builder } = await import('../src/build/builder.ts');
    const { defaultConfig } = await import('../src/cli/config.ts');
    const dir = join(work, 'watching');
    const scraped = join(dir, 'scraped');
    const pageFile = join(scraped, 'Tide tables.html');
    const html = page('https://news.example/2025/tides/', 'Tide tables move online', [
      'The harbour office will publish its tide tables online from next month and stop printing the yearly booklet, it said on Friday.',
      'Printed copies already ordered by schools will still be sent, and the office will keep a few at the front desk for visitors.',
    ], '<figure><img src="Tide tables_files/tides.png" alt="The tide board"></figure>');
    put(pageFile, html);
    const config = { ...defaultConfig(), content: join(dir, 'content'), out: join(dir, 'dist'), cacheDir: join(dir, 'cache') };
    const silent = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
    const builder = new Builder(config, silent, { inputs: [scraped], deferSearch: true });
    await (await builder.build()).search;
    const shown = () => article(config.out, 'tide').root().find('img').map((_, img) => img.attribs['src']).get();
    expect(shown()).toEqual([]);

    // The picture is saved, and the page saved again with it.
    put(join(scraped, 'Tide tables_files/tides.png'), PNG);
    put(pageFile, html.replace('</article>', '<p>Updated with the tide board.</p></article>'));
    await (await builder.build({ paths: [pageFile] })).search;
    expect(shown()).toEqual([`../../media/${sha(PNG)}.png`]);
    expect(existsSync(join(config.out, 'media', `${sha(PNG)}.png`))).toBe(true);
  }, 60_000);
});
