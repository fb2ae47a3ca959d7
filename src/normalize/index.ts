export { ArchiveNormalizer, normalizePages } from './archive.ts';
export type { Merge, NormalizedArchive, NormalizeOptions } from './archive.ts';
export { findNearDuplicates, NearDuplicateIndex } from './duplicates.ts';
export { cleanTag, tagKey, TagSpellings, unifyTags, type TagSynonyms } from './tags.ts';
export { toRecord, identityKey, normalizeUrl } from './record.ts';
export { readableSlug, slugOrHash, tagSlug, shortHash, MAX_SLUG_LENGTH } from './slug.ts';
export { summarize } from './summary.ts';
