// One unit of page work in a render worker (bin/render-worker.js): a template rendered with its
// data, or an article body converted to HTML. Failures come back as values, because an error
// crossing a thread loses its class (TemplateError) and its own wording.

import { workerData } from 'node:worker_threads';
import { CacheStore } from '../cache/store.ts';
import type { BodyImages } from './images.ts';
import { bodyHtml, type BodySource } from './markdown.ts';
import { decode, sharedObjects, type Encoded, type SharedViews } from './page-refs.ts';
import { TemplateError, Templates } from './templates.ts';

/** What every worker is started with; a worker for bodies alone (BodyWorker) gets neither. */
export interface RenderWorkerData {
  templatesDir: string | null;
  shared: SharedViews | null;
}

export type RenderTask =
  /** `scope` and `globals` encoded against the shared views (page-refs.ts). */
  | { kind: 'page'; template: string; scope: Encoded; globals: Encoded; file: string }
  /** With `cache`: the converted body is looked up there first, and kept there when converted. */
  | { kind: 'body'; record: BodySource; baseUrl: string | null; images: BodyImages; cache?: BodyCacheEntry };

/** A converted body's entry in the cache folder (CacheStore's `dir`, the entries' kind, the body's key). */
export interface BodyCacheEntry {
  dir: string;
  kind: string;
  key: string;
}

export type RenderOutcome =
  | { ok: string }
  | { templateError: { template: string; message: string } }
  /** The error as String() printed it where it happened. */
  | { failed: string };

const started = workerData as RenderWorkerData;
/** A worker lives for one render, so a template edited between renders (folio watch) is always read anew. */
const templates = started.templatesDir === null ? null : new Templates(started.templatesDir);
const objects = started.shared === null ? [] : sharedObjects(started.shared);

/** The cache folders this worker reads and writes bodies in (one per build, in practice). */
const stores = new Map<string, CacheStore>();

/** What site.ts does with a BodyStore, here with the cache folder itself. */
async function cachedBody(task: { record: BodySource; baseUrl: string | null; images: BodyImages }, entry: BodyCacheEntry): Promise<string> {
  let store = stores.get(entry.dir);
  if (!store) stores.set(entry.dir, (store = new CacheStore(entry.dir)));
  const cached = await store.readText(entry.kind, entry.key);
  if (cached !== null) return cached;
  const html = await bodyHtml(task.record, task.baseUrl, task.images);
  await store.writeText(entry.kind, entry.key, html);
  return html;
}

export async function runWorkerTask(task: RenderTask): Promise<RenderOutcome> {
  try {
    if (task.kind === 'body') return { ok: task.cache ? await cachedBody(task, task.cache) : await bodyHtml(task.record, task.baseUrl, task.images) };
    if (templates === null) throw new Error('this worker converts bodies only');
    const scope = decode(task.scope, objects) as object;
    return { ok: templates.render(task.template, scope, decode(task.globals, objects) as object, task.file) };
  } catch (error) {
    if (error instanceof TemplateError) return { templateError: { template: error.template, message: error.message } };
    return { failed: String(error) };
  }
}
