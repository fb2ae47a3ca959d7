export { normalizePages } from './archive.ts';
export type { Merge, NormalizedArchive } from './archive.ts';
export { toRecord, identityKey, normalizeUrl } from './record.ts';
export { readableSlug, slugOrHash, tagSlug, shortHash, MAX_SLUG_LENGTH } from './slug.ts';
export { summarize } from './summary.ts';
