// Rendering on worker threads must write exactly what one thread writes, and fail the same way.

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore } from '../src/cache/store.ts';
import { readRecords } from '../src/content/index.ts';
import { collectSite } from '../src/render/collect.ts';
import { renderSite, TemplateError } from '../src/render/index.ts';
import { decode, encode, sharedObjects, sharedViews } from '../src/render/page-refs.ts';
import { bodyHtml } from '../src/render/markdown.ts';
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

  it('converts each body to the HTML this thread gives', async () => {
    const { records } = await readRecords(CONTENT);
    const worker = new BodyWorker();
    worker.start();
    try {
      for (const record of records) {
        // One at a time, so each goes to the worker (on a machine with one core, none does).
        expect(worker.free).toBe(availableParallelism() > 1);
        const url = record.url ? new URL(record.url).href : null;
        expect(await worker.convert(record, url, images)).toBe(await bodyHtml(record, url, images));
      }
    } finally {
      await worker.close();
    }
  }, 60_000);

  it('keeps a body it converts in the cache folder, and serves it from there next time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'folio-body-cache-'));
    const cache = { dir, kind: 'body-html', key: 'a1b2c3' };
    const article = record({ slug: 'one', title: 'One', body: 'Some *text* and [a link](https://news.example/x).' });
    const worker = new BodyWorker();
    worker.start();
    try {
      const html = await worker.convert(article, null, images, cache);
      expect(html).toBe(await bodyHtml(article, null, images));
      const store = new CacheStore(dir);
      expect(await store.readText(cache.kind, cache.key)).toBe(html);
      await store.writeText(cache.kind, cache.key, '<p>kept</p>');
      expect(await worker.convert(article, null, images, cache)).toBe(availableParallelism() > 1 ? '<p>kept</p>' : html);
    } finally {
      await worker.close();
    }
  }, 60_000);
});
