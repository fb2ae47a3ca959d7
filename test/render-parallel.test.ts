// Rendering on worker threads must write exactly what one thread writes, and fail the same way.

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CacheStore } from '../src/cache/store.ts';
import { readRecords } from '../src/content/index.ts';
import { collectSite } from '../src/render/collect.ts';
import { renderSite, TemplateError } from '../src/render/index.ts';
import { decode, encode, sharedObjects, sharedViews } from '../src/render/page-refs.ts';
import { bodyHtml } from '../src/render/markdown.ts';
import type { ArticleRecord } from '../src/model/index.ts';
import type { BodyJob } from '../src/render/body-jobs.ts';
import { MANIFEST_FILE } from '../src/render/constants.ts';
import { BodyWorker, pageRenderer } from '../src/render/parallel.ts';
import { listFiles, record, TEMPLATES } from './render-helpers.ts';

const CONTENT = new URL('../content/', import.meta.url).pathname;
const SITE = { title: 'Archive', description: 'Test archive', lang: 'auto', baseUrl: 'https://archive.example/news/' };

describe('parallel rendering', () => {
  it('writes the same files, byte for byte, on two threads (one a worker) as on one', async () => {
    const { records } = await readRecords(CONTENT);
    expect(records.length).toBeGreaterThan(5);
    const root = await mkdtemp(join(tmpdir(), 'folio-parallel-'));
    const one = await renderSite(records, { outDir: join(root, 'one'), templatesDir: TEMPLATES, site: SITE, threads: 1 });
    const two = await renderSite(records, { outDir: join(root, 'two'), templatesDir: TEMPLATES, site: SITE, threads: 2 });
    // The article pages' hash is made when asked: compared by what it gives.
    const { articlePages: pagesOne, ...summaryOne } = one;
    const { articlePages: pagesTwo, ...summaryTwo } = two;
    expect(summaryTwo).toEqual(summaryOne);
    expect(pagesTwo()).toBe(pagesOne());
    const files = await listFiles(join(root, 'one'));
    expect(await listFiles(join(root, 'two'))).toEqual(files);
    for (const file of files) {
      const [a, b] = await Promise.all([readFile(join(root, 'one', file)), readFile(join(root, 'two', file))]);
      expect(b.equals(a), file).toBe(true);
    }
  }, 60_000);

  it('reports a template failing in a worker as a TemplateError naming the template and the page', async () => {
    const root = await mkdtemp(join(tmpdir(), 'folio-parallel-'));
    await writeFile(join(root, 'broken.liquid'), '{{ article | no_such_filter }}');
    const model = collectSite([record({ slug: 'one', title: 'One', body: 'Text.' })]);
    const renderer = pageRenderer(root, { model, threads: 2 });
    try {
      // The first page always goes to a worker (none has anything queued yet).
      const attempt = renderer.render('broken', {}, {}, 'articles/one/index.html');
      await expect(attempt).rejects.toBeInstanceOf(TemplateError);
      await expect(attempt).rejects.toThrow(/broken\.liquid failed while rendering articles\/one\/index\.html/);
    } finally {
      await renderer.close();
    }
  }, 60_000);

  it('fails a whole render with a broken template on two threads as on one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'folio-parallel-'));
    const broken = join(root, 'templates');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'related.liquid'), '{{ article | no_such_filter }}');
    const records = [record({ slug: 'one', title: 'One', body: 'Text.' })];
    const attempt = renderSite(records, { outDir: join(root, 'out'), templatesDir: broken, site: SITE, threads: 2 });
    await expect(attempt).rejects.toBeInstanceOf(TemplateError);
    await expect(attempt).rejects.toThrow(/related\.liquid failed while rendering articles\/one\/related\/index\.html/);
  }, 60_000);
});

describe('page data by reference', () => {
  const records = [
    record({ slug: 'a', title: 'A', date: '2024-01-02', tags: ['x', 'y'], site: 'S' }),
    record({ slug: 'b', title: 'B', date: '2024-02-03', tags: ['x'], site: 'S' }),
  ];
  const model = collectSite(records);
  const objects = sharedObjects(sharedViews(model));
  const ids = new Map(objects.map((object, id) => [object, id]));

  it('sends shared views as numbers and rebuilds the same data', () => {
    const tag = model.tags[0]!;
    const data = { tag, articles: tag.articles.slice(0, 1), pager: { number: 1, prev: null, pages: [{ path: '', gap: false }] }, note: undefined };
    const encoded = encode(data, ids);
    expect(JSON.stringify(encoded)).not.toContain('"title":"A"');
    const decoded = decode(structuredClone(encoded), objects) as typeof data;
    expect(decoded).toEqual(data);
    expect(decoded.tag).toBe(tag);
    expect(decoded.articles[0]).toBe(tag.articles[0]);
  });

  it('numbers the same objects the same way in a structured clone', () => {
    const copy = sharedObjects(structuredClone(sharedViews(model)));
    expect(copy).toEqual(objects);
    expect(copy.length).toBe(objects.length);
  });
});

describe('bodies on a worker', () => {
  const images = { local: {}, remote: false, notSaved: 'Image not saved ({name})' };
  const twoCores = availableParallelism() > 1;
  /** `count` stories of 30 paragraphs with emphasis, links and lists. */
  const stories = (count: number): ArticleRecord[] => {
    const paragraph = (i: number, p: number) => `Paragraph ${p} of story ${i}: *the council* met on **day ${p}**, and [the minutes](https://news.example/${i}/${p}) list ${i * p} items.`;
    return Array.from({ length: count }, (_, i) => record({
      slug: `story-${i}`, title: `Story ${i}`, url: `https://news.example/${i}`, date: `2025-0${1 + (i % 9)}-1${i % 10}`, tags: [`topic ${i % 7}`],
      body: Array.from({ length: 30 }, (_, p) => (p % 10 === 9 ? `- item ${p}\n- item ${p + 1}` : paragraph(i, p))).join('\n\n'),
    }));
  };
  const jobOf = (article: ArticleRecord, cache?: BodyJob['cache']): BodyJob => ({
    record: { body: article.body, images: article.images }, baseUrl: article.url ? new URL(article.url).href : null, images, ...(cache ? { cache } : {}),
  });

  it('gives each body the HTML this thread gives, whichever thread converted it', async () => {
    const { records } = await readRecords(CONTENT);
    const worker = new BodyWorker();
    worker.start();
    try {
      worker.prefetch(new Map(records.map((article) => [article.slug, jobOf(article)])));
      // Fewer bodies than the worker's lead: it converts them all without being asked.
      if (twoCores) await vi.waitFor(() => expect(worker.converted).toBe(records.length), { timeout: 30_000, interval: 20 });
      const here = vi.fn(async (slug: string) => bodyHtml(records.find((article) => article.slug === slug)!, null, images));
      for (const article of records) {
        const job = jobOf(article);
        expect(await worker.body(article.slug, here)).toBe(await bodyHtml(article, job.baseUrl, images));
      }
      expect(here).toHaveBeenCalledTimes(twoCores ? 0 : records.length);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('converts each body once, on one thread or the other, while both work', async () => {
    const records = stories(200);
    // The HTML each body should have, made first: asking then costs this thread nothing but its
    // own conversions, so it soon reaches the body the worker is on and converts further ones.
    const expected = new Map(await Promise.all(records.map(async (article) => [article.slug, await bodyHtml(article, jobOf(article).baseUrl, images)] as const)));
    const worker = new BodyWorker();
    worker.start();
    try {
      worker.prefetch(new Map(records.map((article) => [article.slug, jobOf(article)])));
      if (twoCores) await vi.waitFor(() => expect(worker.converted).toBeGreaterThan(0), { timeout: 30_000, interval: 20 });
      const convertedHere: string[] = [];
      const here = async (slug: string) => {
        convertedHere.push(slug);
        return bodyHtml(jobOf(records.find((article) => article.slug === slug)!).record, `https://news.example/${slug.slice('story-'.length)}`, images);
      };
      const given: string[] = [];
      for (const article of records) given.push(await worker.body(article.slug, here));
      expect(given).toEqual(records.map((article) => expected.get(article.slug)));
      expect(new Set(convertedHere).size).toBe(convertedHere.length);
      expect(worker.converted + convertedHere.length).toBe(records.length);
      if (twoCores) expect(convertedHere.length).toBeGreaterThan(0);
      // A body not handed over is this thread's.
      expect(await worker.body('not-handed-over', async () => '<p>here</p>')).toBe('<p>here</p>');
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('renders the same site when a render hands its bodies to the worker, and keeps them in the cache', async () => {
    // Enough bodies that the worker, started with the render, joins in before the pages are done.
    const records = stories(200);
    const root = await mkdtemp(join(tmpdir(), 'folio-body-worker-'));
    const cache = new CacheStore(join(root, 'cache'));
    let keptHere = 0;
    const bodies = {
      get: (key: string) => cache.readText('body-html', key),
      set: (key: string, html: string) => (keptHere++, cache.writeText('body-html', key, html)),
      cache: { dir: cache.dir!, kind: 'body-html' },
    };
    await renderSite(records, { outDir: join(root, 'here'), templatesDir: TEMPLATES, site: SITE });
    await renderSite(records, { outDir: join(root, 'both'), templatesDir: TEMPLATES, site: SITE, bodyWorkerFrom: 1, bodies, codeVersion: 'test' });
    const files = await listFiles(join(root, 'here'));
    expect(await listFiles(join(root, 'both'))).toEqual(expect.arrayContaining(files));
    // The manifest alone differs: with a renderer version, it holds each page's fingerprint.
    for (const file of files.filter((name) => name !== MANIFEST_FILE)) expect(await readFile(join(root, 'both', file), 'utf8'), file).toBe(await readFile(join(root, 'here', file), 'utf8'));
    // Every body is in the cache, and the worker converted (and kept) some of them.
    expect((await listFiles(join(root, 'cache'))).length).toBe(records.length);
    if (twoCores) expect(keptHere).toBeLessThan(records.length);
  }, 60_000);

  it('keeps a body it converts in the cache folder, and serves it from there next time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-body-cache-'));
    const cache = { dir, kind: 'body-html', key: 'a1b2c3' };
    const article = record({ slug: 'one', title: 'One', body: 'Some *text* and [a link](https://news.example/x).' });
    const convert = async (): Promise<string> => {
      const worker = new BodyWorker();
      worker.start();
      try {
        worker.prefetch(new Map([[article.slug, jobOf(article, cache)]]));
        if (twoCores) await vi.waitFor(() => expect(worker.converted).toBe(1), { timeout: 30_000, interval: 20 });
        return await worker.body(article.slug, async () => 'converted here');
      } finally {
        await worker.close();
      }
    };
    const html = await bodyHtml(article, null, images);
    expect(await convert()).toBe(twoCores ? html : 'converted here');
    const store = new CacheStore(dir);
    expect(await store.readText(cache.kind, cache.key)).toBe(twoCores ? html : null);
    await store.writeText(cache.kind, cache.key, '<p>kept</p>');
    expect(await convert()).toBe(twoCores ? '<p>kept</p>' : 'converted here');
  }, 60_000);
});
