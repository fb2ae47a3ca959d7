// readRecords with a watcher's list of changes (folio watch) reads only the files it names, and
// gives what a fresh read of the folder gives, also when files come and go in the same rebuild.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords, serializeRecord } from '../src/content/index.ts';
import type { RecordMemo } from '../src/content/store.ts';
import { seededRandom } from './helpers.ts';
import { record } from './render-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'folio-records-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha = (file: string) => {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
};

/** A memo whose watcher vouches for every file but the ones a step changed; it counts the files hashed or vouched for. */
function watcherMemo(): RecordMemo & { changed: Set<string>; hashed: number; vouched: number } {
  const memo = {
    changed: new Set<string>(),
    hashed: 0,
    vouched: 0,
    hash: async (file: string) => {
      memo.hashed++;
      const sha256 = sha(file);
      return sha256 === null ? null : { sha256 };
    },
    trusted: {
      hash: (file: string) => {
        memo.vouched++;
        return memo.changed.has(file) ? undefined : (sha(file) ?? undefined);
      },
      changes: (): ReadonlySet<string> | null => memo.changed,
    },
    touched: new Set<string>(),
  };
  return memo;
}

describe('readRecords with a watcher', () => {
  it('gives what a fresh read gives when records are added, removed and edited at once', async () => {
    for (const seed of [1, 2, 3]) {
      const dir = join(work, `seed-${seed}`);
      const next = seededRandom(seed);
      let made = 0;
      const write = (slug: string, note: string) =>
        writeFileSync(join(dir, `${slug}.md`), serializeRecord(record({ slug, title: `Story ${slug}`, body: `Text of ${slug}. ${note}` })));
      const slugs = Array.from({ length: 40 }, () => `story-${made++}`);
      mkdirSync(dir);
      for (const slug of slugs) write(slug, 'first');
      // A file whose front matter is broken: a problem in the list, carried like the records.
      writeFileSync(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\nText\n');
      const kept = watcherMemo();
      // The first read lists and reads everything.
      await readRecords(dir, kept);
      /** Steps in which files came or went (last time's results carried by name). */
      let resized = 0;
      for (let step = 0; step < 25; step++) {
        kept.changed = new Set();
        kept.hashed = 0;
        kept.vouched = 0;
        const before = (await readRecords(dir)).records.length;
        // One to three changes at once: a record added, one removed, one edited.
        for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
          const roll = next();
          if (roll < 0.4 || slugs.length < 5) {
            const slug = `story-${made++}`;
            slugs.splice(Math.floor(next() * (slugs.length + 1)), 0, slug);
            write(slug, `added at step ${step}`);
            kept.changed.add(join(dir, `${slug}.md`));
          } else if (roll < 0.7) {
            const [slug] = slugs.splice(Math.floor(next() * slugs.length), 1);
            rmSync(join(dir, `${slug}.md`));
            kept.changed.add(join(dir, `${slug}.md`));
          } else {
            const slug = slugs[Math.floor(next() * slugs.length)]!;
            write(slug, `edited at step ${step}`);
            kept.changed.add(join(dir, `${slug}.md`));
          }
        }
        const watched = await readRecords(dir, kept);
        const fresh = await readRecords(dir);
        expect(watched.records, `seed ${seed}, step ${step}`).toEqual(fresh.records);
        expect(watched.problems.map((problem) => problem.file), `seed ${seed}, step ${step}`).toEqual(fresh.problems.map((problem) => problem.file));
        // Only the named files were looked at.
        expect(kept.hashed + kept.vouched, `seed ${seed}, step ${step}`).toBeLessThanOrEqual(2 * kept.changed.size);
        if (watched.records.length !== before) resized++;
      }
      expect(resized).toBeGreaterThan(10);
    }
  }, 60_000);
});
