// The watcher's echo filter: after a rebuild, changes to files the rebuild itself wrote are
// dropped, and any other change still starts a rebuild.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnWrites } from '../src/watch/own-writes.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-own-writes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('OwnWrites', () => {
  it('with the files a rebuild wrote, takes only those as its echoes: a hand edit made meanwhile still counts', async () => {
    const written = join(dir, 'written.md');
    const edited = join(dir, 'edited.md');
    writeFileSync(written, 'first build\n');
    writeFileSync(edited, 'first build\n');
    const own = new OwnWrites([dir]);
    await own.record();

    writeFileSync(written, 'the rebuild wrote this\n');
    writeFileSync(edited, 'a person saved this while the rebuild ran\n');
    await own.recordFiles([written, join(tmpdir(), 'outside.md')]);
    expect(await own.isEcho(written)).toBe(true);
    expect(await own.isEcho(edited)).toBe(false);

    rmSync(written);
    await own.recordFiles([written]);
    expect(await own.isEcho(written)).toBe(true);
    writeFileSync(written, 'made again by hand\n');
    expect(await own.isEcho(written)).toBe(false);
  });

  it('without a list, records every file: what was there at the end of the rebuild is an echo', async () => {
    const file = join(dir, 'any.md');
    const own = new OwnWrites([dir]);
    await own.record();
    writeFileSync(file, 'written before the record\n');
    expect(await own.isEcho(file)).toBe(false);
    await own.record();
    expect(await own.isEcho(file)).toBe(true);
  });
});
