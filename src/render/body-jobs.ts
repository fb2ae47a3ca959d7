// What a render hands a body worker: the bodies to convert, the shared claims that keep two
// threads from converting one body twice, how far the render has got, and the answers the worker
// posts. Kept apart from render-task.ts, whose top level runs only in a worker, so that the
// render's thread can import the values.

import type { BodyImages } from './images.ts';
import type { BodySource } from './markdown.ts';
import type { RenderOutcome } from './render-task.ts';

/** A body for a worker: what bodyHtml takes, and with `cache`, where the converted body is kept. */
export interface BodyJob {
  record: BodySource;
  baseUrl: string | null;
  images: BodyImages;
  cache?: BodyCacheEntry;
}

/** Who converts a prefetched body: the values of a `bodies` task's shared claims. */
export const CLAIM = {
  free: 0,
  /** The thread that handed the bodies over. */
  here: 1,
  worker: 2,
  /** Converted by the worker, and its answer posted. */
  posted: 3,
} as const;

/** The slots of a `bodies` task's shared progress. */
export const PROGRESS = {
  /** The last body the handing thread has asked for (the worker keeps within its lead of it). */
  asked: 0,
  /** Set when the render is over: the worker converts no more. */
  stop: 1,
} as const;

/** The worker's answer for the body at `index` of a `bodies` task. */
export interface BodyAnswer {
  index: number;
  outcome: RenderOutcome;
}

/** A converted body's entry in the cache folder (CacheStore's `dir`, the entries' kind, the body's key). */
export interface BodyCacheEntry {
  dir: string;
  kind: string;
  key: string;
}
