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
import type { Piscina } from 'piscina';
import { BODY_WORKER_DEPTH } from './constants.ts';
import type { BodyImages } from './images.ts';
import { bodyHtml, type BodySource } from './markdown.ts';
import { encode, sharedObjects, sharedViews } from './page-refs.ts';
import type { BodyCacheEntry, RenderOutcome, RenderTask, RenderWorkerData } from './render-task.ts';
import type { SiteModel } from './collect.ts';
import { TemplateError, Templates } from './templates.ts';

/** What site.ts renders pages with, on this thread or on workers. */
export interface PageRenderer {
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
  /** Where bodies are converted when this thread alone renders pages; default here. */
  bodies?: BodyWorker;
}

export function pageRenderer(templatesDir: string, options: RendererOptions): PageRenderer {
  const threads = options.threads ?? 1;
  const templates = new Templates(templatesDir);
  const here: PageRenderer = {
    dirs: templates.dirs,
    render: async (template, scope, globals, file) => templates.render(template, scope, globals, file),
    body: bodyHtml,
    close: async () => undefined,
  };
  if (threads <= 1) return options.bodies ? { ...here, body: (record, baseUrl, images) => options.bodies!.convert(record, baseUrl, images) } : here;

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
    dirs: templates.dirs,
    render: (template, scope, globals, file) =>
      workerFree() ? run({ kind: 'page', template, scope: encode(scope, ids), globals: encode(globals, ids), file }) : here.render(template, scope, globals, file),
    body: (record, baseUrl, images) => (workerFree() ? run({ kind: 'body', record, baseUrl, images }) : here.body(record, baseUrl, images)),
    close: async () => (await started).destroy(),
  };
}

/**
 * Article bodies converted on one worker thread while this thread renders and writes pages. A body
 * goes to the worker while it has fewer than BODY_WORKER_DEPTH; otherwise this thread converts it
 * rather than wait, so neither thread idles while bodies are left. Until `start`, and on a machine
 * with one core, every body is converted here. Same HTML either way (bodyHtml on both threads).
 */
export class BodyWorker {
  private pool: Promise<Piscina> | null = null;
  private inWorker = 0;

  /** Starts the worker (once); a render calls it when it expects to convert many bodies. */
  start(): void {
    if (this.pool !== null || availableParallelism() < 2) return;
    const workerData: RenderWorkerData = { templatesDir: null, shared: null };
    this.pool = import('piscina').then(({ Piscina: Pool }) =>
      new Pool({ filename: new URL('../../bin/render-worker.js', import.meta.url).href, minThreads: 1, maxThreads: 1, workerData }));
  }

  /** Whether `convert` would hand a body to the worker now. */
  get free(): boolean {
    return this.pool !== null && this.inWorker < BODY_WORKER_DEPTH;
  }

  /** With `cache`, the worker looks the body up there first and keeps it there when converted. */
  async convert(record: BodySource, baseUrl: string | null, images: BodyImages, cache?: BodyCacheEntry): Promise<string> {
    if (!this.free) return bodyHtml(record, baseUrl, images);
    this.inWorker++;
    try {
      // The body and its images alone: a whole record (related links, sources) is more to copy to the worker.
      const source: BodySource = { body: record.body, images: record.images };
      return unwrap((await (await this.pool!).run({ kind: 'body', record: source, baseUrl, images, cache } satisfies RenderTask)) as RenderOutcome);
    } finally {
      this.inWorker--;
    }
  }

  /** Stops the worker, if one was started. */
  async close(): Promise<void> {
    if (this.pool !== null) await (await this.pool).destroy();
  }
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
