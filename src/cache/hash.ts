// Content hashes for cache keys and fingerprints: sha256, hex.

import { createHash } from 'node:crypto';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** One hash of several parts; the separator keeps ["ab", "c"] and ["a", "bc"] apart. */
export function hashParts(parts: readonly (string | null | undefined)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part ?? '\u0001null').update('\u0000');
  return hash.digest('hex');
}
