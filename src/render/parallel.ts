// Page rendering on several threads: templates and article bodies (the two costs that grow with
// the page count, after the site model is collected) run on this thread and on a pool of worker
// threads. A page goes to a worker while one has nothing queued, else it is rendered here, so no
// thread is asked to wait. Either way a page comes out byte for byte the same.
//
// Off unless asked for (`threads`): on the 2-core bench machine, shared with other jobs, a worker
// gave no steady gain (8001 records: 147 s -> 117 s once, 89 s -> 105 s another time) and cost
// about 10% more CPU and 200-260 MB more peak RSS (its copy of the site's views).

import type { Piscina } from 'piscina';
import type { ArticleRecord } from '../model/index.ts';
import type { BodyImages } from './images.ts';
import { bodyHtml } from './markdown.ts';
import { encode, sharedObjects, sharedViews } from './page-refs.ts';
import type { RenderOutcome, RenderTask, RenderWorkerData } from './render-task.ts';
import type { SiteModel } from './collect.ts';
import { TemplateError, Templates } from './templates.ts';

/** What site.ts renders pages with, on this thread or on workers. */
export interface PageRenderer {
  /** Where templates are looked up, first match wins (the user's folder, then folio's defaults). */
  readonly dirs: string[];
  /** `name` (without `.liquid`) rendered for the page written to `file`; throws TemplateError. */
  render(name: string, scope: object, globals: object, file: string): Promise<string>;
  /** The record's body as sanitized HTML; `baseUrl` is its checked original address. */
  body(record: ArticleRecord, baseUrl: string | null, images: BodyImages): Promise<string>;
  /** Stops the workers, if any; call once every page is done. */
  close(): Promise<void>;
}

export interface RendererOptions {
  /** What page data points into: sent to each worker once. */
  model: SiteModel;
  /** Threads rendering, this one included; default 1, this thread alone. */
  threads?: number;
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
    dirs: templates.dirs,
    render: (template, scope, globals, file) =>
      workerFree() ? run({ kind: 'page', template, scope: encode(scope, ids), globals: encode(globals, ids), file }) : here.render(template, scope, globals, file),
    body: (record, baseUrl, images) => (workerFree() ? run({ kind: 'body', record, baseUrl, images }) : here.body(record, baseUrl, images)),
    close: async () => (await started).destroy(),
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
