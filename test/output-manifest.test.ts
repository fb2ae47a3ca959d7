// The output folder's manifest when its write is deferred (folio watch): the pages are in place
// first, the manifest follows with the same text a build writing it at once gives, and a failed
// write leaves the next build checking what the manifest on disk vouches for.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../src/render/constants.ts';
import { OutputWriter } from '../src/render/output.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folio-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const manifest = () => readFileSync(join(dir, MANIFEST_FILE), 'utf8');

/** One build: every page written with its fingerprint. */
async function build(pages: Record<string, string>, deferManifest: boolean): Promise<OutputWriter> {
  const out = new OutputWriter(dir, { reuse: true, live: true, trustFiles: true, deferManifest });
  await out.loadPrevious();
  for (const [file, fingerprint] of Object.entries(pages)) {
    if (!out.isCurrentKnown(file, fingerprint)) await out.write(file, `<p>${file} ${fingerprint}</p>`, fingerprint);
  }
  await out.finish();
  return out;
}

describe('a deferred manifest', () => {
  it('is written after finish returns, with the text an immediate write gives', async () => {
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x1' }, false);
    const first = manifest();
    expect(first).toContain('articles/x/index.html\tx1');

    const out = await build({ 'index.html': 'a1', 'articles/x/index.html': 'x2' }, true);
    // The page is in place at once; the manifest on disk is still the previous build's.
    expect(readFileSync(join(dir, 'articles/x/index.html'), 'utf8')).toBe('<p>articles/x/index.html x2</p>');
    expect(manifest()).toBe(first);
    await out.manifestWritten();
    const deferred = manifest();
    expect(deferred).toContain('articles/x/index.html\tx2');

    // The same change made by a build that writes the manifest at once gives the same file.
    rmSync(dir, { recursive: true, force: true });
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x1' }, false);
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x2' }, false);
    expect(manifest()).toBe(deferred);
  });

  it('made from the previous one when a few pages were added and removed, has the text an immediate write gives', async () => {
    const first = { 'index.html': 'a1', 'articles/m/index.html': 'm1', 'tags/b/index.html': 'b1', 'tags/d/index.html': 'd1' };
    const second = { 'index.html': 'a2', 'articles/m/index.html': 'm1', 'tags/a/index.html': 'a1', 'tags/c/index.html': 'c1', 'zz/index.html': 'z1', 'tags/d/index.html': 'd1' };
    await build(first, false);
    const out = await build(second, true);
    expect(existsSync(join(dir, 'tags/b/index.html'))).toBe(false);
    await out.manifestWritten();
    const deferred = manifest();
    rmSync(dir, { recursive: true, force: true });
    await build(first, false);
    await build(second, false);
    expect(deferred).toBe(manifest());
    expect(deferred.split('\n').filter(Boolean)).toEqual(['articles/m/index.html\tm1', 'index.html\ta2', 'tags/a/index.html\ta1', 'tags/c/index.html\tc1', 'tags/d/index.html\td1', 'zz/index.html\tz1']);
  });

  it('that fails is reported by manifestWritten; the next build goes by the pages as they are and writes the manifest whole', async () => {
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x1' }, false);
    const before = manifest();
    // A file where the writer's temporary folder goes: the manifest's write cannot start.
    writeFileSync(join(dir, `.folio-tmp-${process.pid}`), 'in the way');
    // articles/x is left out of this build: it is removed, and the manifest changes.
    const failing = await build({ 'index.html': 'a1' }, true);
    await expect(failing.manifestWritten()).rejects.toThrow();
    expect(existsSync(join(dir, 'articles/x/index.html'))).toBe(false);
    expect(manifest()).toBe(before);

    // The next build does not take the removed page as current, though the manifest on disk lists it.
    rmSync(join(dir, `.folio-tmp-${process.pid}`), { force: true });
    const next = new OutputWriter(dir, { reuse: true, live: true, trustFiles: true, deferManifest: true });
    await next.loadPrevious();
    expect(next.isCurrentKnown('articles/x/index.html', 'x1')).toBe(false);
    expect(next.isCurrentKnown('index.html', 'a1')).toBe(true);
    await next.finish();
    await next.manifestWritten();
    expect(manifest()).not.toContain('articles/x/index.html');
    expect(manifest()).toContain('index.html\ta1');
  });

  it('is made and written before a writer started meanwhile reads it', async () => {
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x1', 'articles/y/index.html': 'y1' }, false);
    await build({ 'index.html': 'a1', 'articles/x/index.html': 'x2', 'articles/y/index.html': 'y1' }, true);
    // Not waited for: the next build still sees x at x2 and writes only y.
    const next = new OutputWriter(dir, { reuse: true, live: true, trustFiles: true, deferManifest: false });
    await next.loadPrevious();
    expect(next.isCurrentKnown('articles/x/index.html', 'x2')).toBe(true);
    expect(next.isCurrentKnown('articles/y/index.html', 'y2')).toBe(false);
    await next.write('articles/y/index.html', '<p>y2</p>', 'y2');
    next.isCurrentKnown('articles/x/index.html', 'x2');
    next.isCurrentKnown('index.html', 'a1');
    await next.finish();
    expect(manifest()).toBe('articles/x/index.html\tx2\narticles/y/index.html\ty2\nindex.html\ta1\n');
  });
});
