// Page rendering on several threads: templates and article bodies (the two costs that grow with
// the page count, after the site model is collected) run on this thread and on a pool of worker
// threads. A page goes to a worker while one has nothing queued, else it is rendered here, so no
// thread is asked to wait. Either way a page comes out byte for byte the same.
//
// Off unless asked for (`threads`): on the 2-core bench machine, shared with other jobs, a worker
// gave no steady gain (8001 records: 147 s -> 117 s once, 89 s -> 105 s another time) and cost
// about 10% more CPU and 200-260 MB more peak RSS (its copy of the site's views).
//
// Bodies alone go to a worker (BodyWorker) when a render converts many: a body is a string out
// and a string back, the worker needs no copy of the views, and converting them is the largest
// cost of a cold render after the site model.

import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { BODY_JOBS_PER_MESSAGE, BODY_WORKER_LEAD, BODY_WORKER_WAIT_MS } from './constants.ts';
import type { BodyImages } from './images.ts';
import { bodyHtml, type BodySource } from './markdown.ts';
import { encode, sharedObjects, sharedViews } from './page-refs.ts';
import { CLAIM, PROGRESS, type BodyAnswer, type BodyJob } from './body-jobs.ts';
import type { RenderOutcome, RenderTask, RenderWorkerData } from './render-task.ts';
import type { SiteModel } from './collect.ts';
import { TemplateError, Templates } from './templates.ts';

/** What site.ts renders pages with, on this thread or on workers. */
export interface PageRenderer {
  /** The templates this thread renders with. */
  readonly templates: Templates;
  /** Where templates are looked up, first match wins (the user's folder, then folio's defaults). */
  readonly dirs: string[];
  /** `name` (without `.liquid`) rendered for the page written to `file`; throws TemplateError. */
  render(name: string, scope: object, globals: object, file: string): Promise<string>;
  /** The record's body as sanitized HTML; `baseUrl` is its checked original address. */
  body(record: BodySource, baseUrl: string | null, images: BodyImages): Promise<string>;
  /** Stops the workers, if any; call once every page is done. */
  close(): Promise<void>;
}

export interface RendererOptions {
  /** What page data points into: sent to each worker once. */
  model: SiteModel;
  /** Threads rendering, this one included; default 1, this thread alone. */
  threads?: number;
  /** Templates to render with on this thread (a previous render's, with what they keep), else new ones from templatesDir. */
  templates?: Templates;
}

export function pageRenderer(templatesDir: string, options: RendererOptions): PageRenderer {
  const threads = options.threads ?? 1;
  const templates = options.templates ?? new Templates(templatesDir);
  const here: PageRenderer = {
    templates,
    dirs: templates.dirs,
    render: async (template, scope, globals, file) => templates.render(template, scope, globals, file),
    body: bodyHtml,
    close: async () => undefined,
  };
  if (threads <= 1) return here;

  const shared = sharedViews(options.model);
  const ids = new Map(sharedObjects(shared).map((object, id) => [object, id]));
  const workerData: RenderWorkerData = { templatesDir, shared };
  const workers = threads - 1;
  // The pool library is loaded only when asked for workers (parallel rendering is off by default).
  let pool: Piscina | null = null;
  const started = import('piscina').then(({ Piscina: Pool }) => {
    pool = new Pool({ filename: new URL('../../bin/render-worker.js', import.meta.url).href, maxThreads: workers, minThreads: workers, workerData });
    return pool;
  });
  const run = async (task: RenderTask): Promise<string> => unwrap((await (await started).run(task)) as RenderOutcome);
  // A worker with a task waiting takes the next page only once it has started that one.
  const workerFree = () => pool !== null && pool.queueSize < workers;
  return {
    templates,
    dirs: templates.dirs,
    render: (template, scope, globals, file) =>
      workerFree() ? run({ kind: 'page', template, scope: encode(scope, ids), globals: encode(globals, ids), file }) : here.render(template, scope, globals, file),
    body: (record, baseUrl, images) => (workerFree() ? run({ kind: 'body', record, baseUrl, images }) : here.body(record, baseUrl, images)),
    close: async () => (await started).destroy(),
  };
}

/**
 * Article bodies converted on one worker thread while this thread renders and writes pages. The
 * render hands over the bodies it will need (`prefetch`), in the order it will ask for them; the
 * worker converts them in that order, keeping at most BODY_WORKER_LEAD ahead of the last one asked
 * for (its answers wait in memory until then). This thread converts a body itself when the worker
 * has not got to it by the time its page asks, and, rather than wait while the worker is on the
 * one asked for, one further on. Each body is claimed by one side only (a shared array of claims),
 * and the worker's answers are read from its port synchronously when a page needs one: a render
 * writes its pages synchronously, and answers that came as events sat unread until it was over.
 * Until `start`, and on a machine with one core, every body is converted here. Same HTML either
 * way (bodyHtml on both threads).
 */
export class BodyWorker {
  private worker: Worker | null = null;
  private batch: BodyBatch | null = null;

  /** Starts the worker (once); a render calls it when it expects to convert many bodies. */
  start(): void {
    if (this.worker !== null || availableParallelism() < 2) return;
    const workerData: RenderWorkerData = { templatesDir: null, shared: null };
    this.worker = new Worker(new URL('../../bin/body-worker.js', import.meta.url), { workerData });
    // A worker that fails leaves its claimed body to the wait's time limit; the render goes on.
    this.worker.on('error', () => undefined);
  }

  /** Hands the worker these bodies (by name, in the order this thread will ask for them); once per render. */
  prefetch(jobs: ReadonlyMap<string, BodyJob>): void {
    if (this.worker === null || this.batch !== null || jobs.size === 0) return;
    const claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * jobs.size));
    const progress = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * 2));
    const { port1, port2 } = new MessageChannel();
    const task: RenderTask = { kind: 'bodies', count: jobs.size, claims, progress, lead: BODY_WORKER_LEAD, port: port2 };
    this.worker.postMessage(task, [port2]);
    const names = [...jobs.keys()];
    const batch: BodyBatch = { jobs: [...jobs.values()], sent: 0, names, index: new Map(names.map((name, i) => [name, i])), claims, progress, port: port1, answers: new Map(), ahead: new Map() };
    this.batch = batch;
    sendJobs(batch, BODY_WORKER_LEAD);
  }

  /**
   * The body named `name`: the worker's HTML when it has claimed that body, else `here(name)`, the
   * body converted on this thread (it is claimed here first). While the worker is still on the
   * body asked for, this thread converts one further on that the worker has not reached, rather
   * than wait: neither thread idles, and no body is converted twice.
   */
  async body(name: string, here: (name: string) => Promise<string>): Promise<string> {
    const batch = this.batch;
    const i = batch?.index.get(name);
    if (batch === undefined || batch === null || i === undefined) return here(name);
    if (i > Atomics.load(batch.progress, PROGRESS.asked)) {
      // The bodies the worker may now go on to are sent before it is told it may.
      sendJobs(batch, i + BODY_WORKER_LEAD);
      Atomics.store(batch.progress, PROGRESS.asked, i);
      Atomics.notify(batch.progress, PROGRESS.asked);
    }
    const ahead = batch.ahead.get(i);
    if (ahead !== undefined) {
      batch.ahead.delete(i);
      return ahead;
    }
    if (Atomics.compareExchange(batch.claims, i, CLAIM.free, CLAIM.here) === CLAIM.free) return here(name);
    const deadline = performance.now() + BODY_WORKER_WAIT_MS;
    for (;;) {
      for (let message = receiveMessageOnPort(batch.port); message; message = receiveMessageOnPort(batch.port)) {
        const answer = message.message as BodyAnswer;
        batch.answers.set(answer.index, answer.outcome);
      }
      const outcome = batch.answers.get(i);
      if (outcome !== undefined) {
        batch.answers.delete(i);
        return unwrap(outcome);
      }
      const left = deadline - performance.now();
      if (left <= 0) return here(name);
      const further = claimFurther(batch, i);
      if (further === null) {
        Atomics.wait(batch.claims, i, CLAIM.worker, left);
        continue;
      }
      const converted = here(batch.names[further]!);
      batch.ahead.set(further, converted);
      // Its failure is reported when its page asks for it.
      await converted.catch(() => undefined);
    }
  }

  /** How many of the bodies handed over the worker has converted so far. */
  get converted(): number {
    return this.batch === null ? 0 : this.batch.claims.filter((claim) => claim === CLAIM.posted).length;
  }

  /** Stops the worker, if one was started. */
  async close(): Promise<void> {
    if (this.batch !== null) {
      Atomics.store(this.batch.progress, PROGRESS.stop, 1);
      Atomics.notify(this.batch.progress, PROGRESS.asked);
      this.batch.port.close();
      this.batch = null;
    }
    await this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * Claims here the furthest body after `i` that the worker may go on to and has not reached, or
 * none (null): taken from the far end, it is the one the worker would get to last.
 */
function claimFurther(batch: BodyBatch, i: number): number | null {
  const last = Math.min(Atomics.load(batch.progress, PROGRESS.asked) + BODY_WORKER_LEAD, batch.sent - 1);
  for (let j = last; j > i; j--) {
    if (Atomics.compareExchange(batch.claims, j, CLAIM.free, CLAIM.here) === CLAIM.free) return j;
  }
  return null;
}

/** Sends the worker the bodies up to `last` it does not have yet, in messages of BODY_JOBS_PER_MESSAGE. */
function sendJobs(batch: BodyBatch, last: number): void {
  // A whole message at a time past `last`: the worker is rarely left waiting at a message's end.
  while (batch.sent <= last && batch.sent < batch.jobs.length) {
    const jobs = batch.jobs.slice(batch.sent, batch.sent + BODY_JOBS_PER_MESSAGE);
    batch.port.postMessage(jobs);
    batch.sent += jobs.length;
  }
}

interface BodyBatch {
  /** The bodies in the order they are asked for, and how many of them the worker has been sent. */
  jobs: BodyJob[];
  sent: number;
  names: string[];
  index: Map<string, number>;
  claims: Int32Array;
  progress: Int32Array;
  port: MessagePort;
  /** Answers read from the port before this thread asked for them. */
  answers: Map<number, RenderOutcome>;
  /** Bodies this thread converted while it waited for the worker, before their pages asked. */
  ahead: Map<number, Promise<string>>;
}

/** A failure from a task, printing as the original error did (site.ts puts String(error) in its warning). */
class RenderTaskError extends Error {
  override toString(): string {
    return this.message;
  }
}

function unwrap(outcome: RenderOutcome): string {
  if ('ok' in outcome) return outcome.ok;
  if ('templateError' in outcome) throw new TemplateError(outcome.templateError.template, outcome.templateError.message);
  throw new RenderTaskError(outcome.failed);
}
