// The staging folder behind atomic dist/: it shares the live files by hard links without ever
// writing through them, and a build killed half-way is cleaned up (or undone) by the next one.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagedFolder } from '../src/build/stage.ts';
import { OutputWriter } from '../src/render/output.ts';

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-stage-'));
  target = join(dir, 'dist');
  mkdirSync(join(target, 'articles/a'), { recursive: true });
  writeFileSync(join(target, 'index.html'), 'old home');
  writeFileSync(join(target, 'articles/a/index.html'), 'old article');
  writeFileSync(join(target, 'CNAME'), 'archive.example.org');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (as a killed build's would be). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('a staged output folder', () => {
  it('starts as the live folder (hard links), and a write there never reaches the live file', async () => {
    const stage = await StagedFolder.open(target);
    expect(readFileSync(join(stage.dir, 'articles/a/index.html'), 'utf8')).toBe('old article');
    expect(statSync(join(stage.dir, 'index.html')).ino).toBe(statSync(join(target, 'index.html')).ino);
    await new OutputWriter(stage.dir).write('index.html', 'new home');
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old home');
    await stage.commit();
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('new home');
    expect(readFileSync(join(target, 'CNAME'), 'utf8')).toBe('archive.example.org');
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  it('leaves the live folder as it was when the build gives up', async () => {
    const stage = await StagedFolder.open(target);
    await new OutputWriter(stage.dir).write('index.html', 'half a build');
    await stage.abort();
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old home');
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  it('removes a killed build\'s staging folder, and puts back the old folder when the kill came between the two renames', async () => {
    const pid = deadPid();
    mkdirSync(join(dir, `.dist.folio-build-${pid}`));
    writeFileSync(join(dir, `.dist.folio-build-${pid}`, 'index.html'), 'half a build');
    // Killed after the live folder was moved aside and before the new one took its place.
    const old = join(dir, `.dist.folio-old-${deadPid()}`);
    spawnSync('mv', [target, old]);
    expect(existsSync(target)).toBe(false);

    const stage = await StagedFolder.open(target);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toBe('old home');
    expect(readFileSync(join(stage.dir, 'index.html'), 'utf8')).toBe('old home');
    await stage.abort();
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  it('leaves the staging folder of a build still running alone', async () => {
    const running = join(dir, `.dist.folio-build-${process.ppid}`);
    mkdirSync(running);
    const stage = await StagedFolder.open(target);
    await stage.commit();
    expect(existsSync(running)).toBe(true);
  });
});
