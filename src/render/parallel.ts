// Page rendering on every core: templates and article bodies (the two costs that grow with the
// page count, after the site model is collected) run on this thread and on a pool of worker
// threads, one per other core. A page goes to a worker while one has nothing queued, else it is
// rendered here, so no core waits and none is asked to run two threads. Small sites stay on this
// thread, where starting workers would cost more than it saves. Either way a page comes out byte
// for byte the same.

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ArticleRecord } from '../model/index.ts';
import { bodyHtml } from './markdown.ts';
import { encode, sharedObjects, sharedViews } from './page-refs.ts';
import type { RenderOutcome, RenderTask, RenderWorkerData } from './render-task.ts';
import type { SiteModel } from './collect.ts';
import { TemplateError, Templates } from './templates.ts';

/**
 * Below this many pages one thread is as fast: starting a worker costs about a second of CPU (the
 * TypeScript loader, liquidjs, the Markdown pipeline; measured on the bench machine) and a page
 * 1.5-3 ms, so a worker must take several hundred pages to pay for itself.
 */
export const MIN_PAGES_FOR_WORKERS = 1000;

/** What site.ts renders pages with, on this thread or on workers. */
export interface PageRenderer {
  /** Where templates are looked up, first match wins (the user's folder, then folio's defaults). */
  readonly dirs: string[];
  /** `name` (without `.liquid`) rendered for the page written to `file`; throws TemplateError. */
  render(name: string, scope: object, globals: object, file: string): Promise<string>;
  /** The record's body as sanitized HTML; `baseUrl` is its checked original address. */
  body(record: ArticleRecord, baseUrl: string | null): Promise<string>;
  /** Stops the workers, if any; call once every page is done. */
  close(): Promise<void>;
}

export interface RendererOptions {
  /** Pages the site will have: decides whether workers pay. */
  pages: number;
  /** What page data points into: sent to each worker once. */
  model: SiteModel;
  /** Threads rendering, this one included; default one per core for a site of MIN_PAGES_FOR_WORKERS pages or more. 1 renders on this thread alone. */
  threads?: number;
}

export function pageRenderer(templatesDir: string, options: RendererOptions): PageRenderer {
  const threads = options.threads ?? (options.pages >= MIN_PAGES_FOR_WORKERS ? availableParallelism() : 1);
  const templates = new Templates(templatesDir);
  const here: PageRenderer = {
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
  const pool = new Piscina({ filename: new URL('../../bin/render-worker.js', import.meta.url).href, maxThreads: workers, minThreads: workers, workerData });
  const run = async (task: RenderTask): Promise<string> => unwrap((await pool.run(task)) as RenderOutcome);
  // A worker with a task waiting takes the next page only once it has started that one.
  const workerFree = () => pool.queueSize < workers;
  return {
    dirs: templates.dirs,
    render: (template, scope, globals, file) =>
      workerFree() ? run({ kind: 'page', template, scope: encode(scope, ids), globals: encode(globals, ids), file }) : here.render(template, scope, globals, file),
    body: (record, baseUrl) => (workerFree() ? run({ kind: 'body', record, baseUrl }) : here.body(record, baseUrl)),
    close: () => pool.destroy(),
  };
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
