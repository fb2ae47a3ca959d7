// One unit of page work in a render worker (bin/render-worker.js): a template rendered with its
// data, or an article body converted to HTML. Failures come back as values, because an error
// crossing a thread loses its class (TemplateError) and its own wording.

import { workerData } from 'node:worker_threads';
import type { ArticleRecord } from '../model/index.ts';
import type { BodyImages } from './images.ts';
import { bodyHtml } from './markdown.ts';
import { decode, sharedObjects, type Encoded, type SharedViews } from './page-refs.ts';
import { TemplateError, Templates } from './templates.ts';

/** What every worker is started with. */
export interface RenderWorkerData {
  templatesDir: string;
  shared: SharedViews;
}

export type RenderTask =
  /** `scope` and `globals` encoded against the shared views (page-refs.ts). */
  | { kind: 'page'; template: string; scope: Encoded; globals: Encoded; file: string }
  | { kind: 'body'; record: ArticleRecord; baseUrl: string | null; images: BodyImages };

export type RenderOutcome =
  | { ok: string }
  | { templateError: { template: string; message: string } }
  /** The error as String() printed it where it happened. */
  | { failed: string };

const started = workerData as RenderWorkerData;
/** A worker lives for one render, so a template edited between renders (folio watch) is always read anew. */
const templates = new Templates(started.templatesDir);
const objects = sharedObjects(started.shared);

export async function runWorkerTask(task: RenderTask): Promise<RenderOutcome> {
  try {
    if (task.kind === 'body') return { ok: await bodyHtml(task.record, task.baseUrl, task.images) };
    const scope = decode(task.scope, objects) as object;
    return { ok: templates.render(task.template, scope, decode(task.globals, objects) as object, task.file) };
  } catch (error) {
    if (error instanceof TemplateError) return { templateError: { template: error.template, message: error.message } };
    return { failed: String(error) };
  }
}
