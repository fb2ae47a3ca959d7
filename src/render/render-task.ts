// One unit of page work in a render worker (bin/render-worker.js): a template rendered with its
// data, or an article body converted to HTML; or, in the body worker (bin/body-worker.js), a
// render's bodies converted in order. Failures come back as values, because an error crossing a
// thread loses its class (TemplateError) and its own wording.

import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { CacheStore } from '../cache/store.ts';
import { CLAIM, PROGRESS, type BodyAnswer, type BodyCacheEntry, type BodyJob } from './body-jobs.ts';
import { bodyHtml } from './markdown.ts';
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
  | ({ kind: 'body' } & BodyJob)
  /**
   * `count` bodies to convert in order, sent on `port` in arrays of BodyJob as the render goes on;
   * at most `lead` past the last one asked for (`progress`, PROGRESS); each is claimed in `claims`
   * (CLAIM) first, one the other thread claimed is skipped, and each answer is posted on `port`
   * (BodyAnswer).
   */
  | { kind: 'bodies'; count: number; claims: Int32Array; progress: Int32Array; lead: number; port: MessagePort };

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
async function cachedBody(task: BodyJob, entry: BodyCacheEntry): Promise<string> {
  let store = stores.get(entry.dir);
  if (!store) stores.set(entry.dir, (store = new CacheStore(entry.dir)));
  const cached = await store.readText(entry.kind, entry.key);
  if (cached !== null) return cached;
  const html = await bodyHtml(task.record, task.baseUrl, task.images);
  await store.writeText(entry.kind, entry.key, html);
  return html;
}

/** A body converted (through its cache entry, if it has one), or why it could not be. */
async function bodyOutcome(job: BodyJob): Promise<RenderOutcome> {
  try {
    return { ok: job.cache ? await cachedBody(job, job.cache) : await bodyHtml(job.record, job.baseUrl, job.images) };
  } catch (error) {
    return { failed: String(error) };
  }
}

/** A `bodies` task: every body not claimed by the other thread, in order, until the render stops it. */
async function convertInOrder(task: Extract<RenderTask, { kind: 'bodies' }>): Promise<RenderOutcome> {
  const { count, claims, progress, lead, port } = task;
  const jobs: BodyJob[] = [];
  const stopped = () => Atomics.load(progress, PROGRESS.stop) !== 0;
  for (let index = 0; index < count && !stopped(); index++) {
    // An answer waits in memory until its page is written: keep within the lead of the pages.
    let asked = Atomics.load(progress, PROGRESS.asked);
    while (!stopped() && (index > asked + lead || index >= jobs.length)) {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) jobs.push(...(message.message as BodyJob[]));
      if (index <= asked + lead && index < jobs.length) break;
      Atomics.wait(progress, PROGRESS.asked, asked, 100);
      asked = Atomics.load(progress, PROGRESS.asked);
    }
    // A body's source is not needed again, whoever converts it.
    const job = jobs[index]!;
    delete jobs[index];
    if (stopped() || Atomics.compareExchange(claims, index, CLAIM.free, CLAIM.worker) !== CLAIM.free) continue;
    port.postMessage({ index, outcome: await bodyOutcome(job) } satisfies BodyAnswer);
    Atomics.store(claims, index, CLAIM.posted);
    Atomics.notify(claims, index);
  }
  port.close();
  return { ok: '' };
}

export async function runWorkerTask(task: RenderTask): Promise<RenderOutcome> {
  try {
    if (task.kind === 'body') return await bodyOutcome(task);
    if (task.kind === 'bodies') return await convertInOrder(task);
    if (templates === null) throw new Error('this worker converts bodies only');
    const scope = decode(task.scope, objects) as object;
    return { ok: templates.render(task.template, scope, decode(task.globals, objects) as object, task.file) };
  } catch (error) {
    if (error instanceof TemplateError) return { templateError: { template: error.template, message: error.message } };
    return { failed: String(error) };
  }
}
