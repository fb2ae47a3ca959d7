// FileStamps.changedSince: while a watcher's list is trusted, the files whose stamps changed since a
// mark (hashed again, written, forgotten, dropped by retain) and the files the watcher names; null
// when not trusting, for another instance's mark, and once the log has started again.

import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStamps } from '../src/build/stamps.ts';

const work = await mkdtemp(join(tmpdir(), 'folio-stamps-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('FileStamps.changedSince', () => {
  it('names the files stamped, written, forgotten or dropped since a mark, and the ones the watcher names', async () => {
    const file = (name: string) => join(work, `${name}.txt`);
    const [a, b, c, d, e] = [file('a'), file('b'), file('c'), file('d'), file('e')];
    for (const file of [a, b, c, d, e]) writeFileSync(file, file);
    const stamps = new FileStamps();
    for (const file of [a, b, c, d]) await stamps.hash(file);
    const mark = stamps.mark();
    expect(stamps.changedSince(mark), 'not trusting a watcher').toBeNull();

    stamps.trustAllBut([e]);
    expect(stamps.changedSince(mark)).toEqual(new Set([e]));
    // Asked about a trusted file: answered from its stamp, which does not change.
    expect((await stamps.hash(a))?.sha256).toBe(stamps.trustedHash(a));
    stamps.forget(join(work, 'never-stamped.txt'));
    expect(stamps.changedSince(mark)).toEqual(new Set([e]));

    await stamps.hash(e);
    await stamps.wrote(b, 'f'.repeat(64));
    stamps.forget(c);
    stamps.retain([a, b, c, e]);
    expect(stamps.changedSince(mark)).toEqual(new Set([e, b, c, d]));
    expect(stamps.changedSince(stamps.mark())).toEqual(new Set([e]));
    expect(new FileStamps().changedSince(mark), "another instance's mark").toBeNull();
  });

  it('answers null for a mark from before the log started again', async () => {
    const file = join(work, 'often.txt');
    writeFileSync(file, 'x');
    const stamps = new FileStamps({}, 10);
    stamps.trustAllBut([]);
    const mark = stamps.mark();
    for (let n = 0; n < 5; n++) {
      await stamps.wrote(file, 'e'.repeat(64));
      expect(stamps.changedSince(mark)).toEqual(new Set([file]));
      stamps.forget(file);
    }
    await stamps.wrote(file, 'e'.repeat(64));
    expect(stamps.changedSince(mark)).toBeNull();
    expect(stamps.changedSince(stamps.mark())).toEqual(new Set());
  });
});
