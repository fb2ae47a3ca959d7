// collectMedia with a memo and a watcher's list of changes (folio watch) looks again only at the
// pictures of the pages and records that changed. Seeded random sequences of changes to pages,
// records, the pictures saved beside the pages and content/media/ compare each such call with a
// call without a memo on its own content/ folder: the same summary, media.json and media files.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectMedia, MEDIA_DIR, MEDIA_INDEX, type MediaMemo, type ScrapedPageRef } from '../src/content/media.ts';
import { seededRandom } from './helpers.ts';

const work = await mkdtemp(join(tmpdir(), 'folio-media-inc-'));
afterAll(() => rm(work, { recursive: true, force: true }));

const ADDRESSES = 12;
const src = (k: number) => `https://news.example/a/img/${k}.gif`;

/** A one-pixel GIF whose palette holds `shade` (modulo 9: some pictures share bytes, so one media file). */
function gif(shade: number): Buffer {
  const bytes = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  bytes[13] = shade % 9;
  return bytes;
}

const replaced = <T>(list: T[], at: number, item: T): T[] => list.map((old, i) => (i === at ? item : old));
const inserted = <T>(list: T[], at: number, item: T): T[] => [...list.slice(0, at), item, ...list.slice(at)];
const removed = <T>(list: T[], at: number): T[] => list.filter((_, i) => i !== at);

function listing(content: string): { index: string; files: string[] } {
  const read = (file: string) => { try { return readFileSync(file, 'utf8'); } catch { return ''; } };
  const files = (() => { try { return readdirSync(join(content, MEDIA_DIR)).sort(); } catch { return []; } })();
  return { index: read(join(content, MEDIA_INDEX)), files };
}

describe.each([3, 8, 21, 34, 55])('pictures kept by a watching import, seed %i', (seed) => {
  it('are what an import without a memo keeps, after every change', async () => {
    const next = seededRandom(seed);
    const dir = join(work, `seed-${seed}`);
    const root = join(dir, 'scraped');
    const [incremental, fresh] = [join(dir, 'inc'), join(dir, 'fresh')];
    // Pages are saved in two folders, each with its own copies of the pictures (of other bytes):
    // which copy is kept depends on which page comes first.
    for (const folder of ['s0', 's1']) mkdirSync(join(root, folder, 'img'), { recursive: true });
    const save = (k: number, folder: number) => writeFileSync(join(root, `s${folder}`, 'img', `${k}.gif`), gif(2 * k + folder));
    const pick = (n: number) => Math.floor(next() * n);
    const someAddresses = () => Array.from({ length: pick(4) }, () => ({ src: src(pick(ADDRESSES)) }));
    let made = 0;
    const newPage = (file?: string, images: readonly { src: string }[] = someAddresses()): ScrapedPageRef => {
      const name = file ?? join(root, `s${pick(2)}`, `p${made++}.html`);
      writeFileSync(name, '<p>page</p>');
      return { file: name, url: `https://news.example/a/${basename(name)}`, images };
    };
    // A record's pictures are mostly its page's (the same list), sometimes edited by hand.
    const recordImages = () => (next() < 0.7 ? pages[pick(pages.length)]!.images : someAddresses());
    for (let k = 0; k < ADDRESSES; k++) if (k % 3 === 0) [save(k, 0), save(k, 1)]; else if (k % 3 === 1) save(k, k % 2);
    let pages = Array.from({ length: 10 }, () => newPage());
    let images = Array.from({ length: 7 }, recordImages);
    const memo: MediaMemo = new Map();
    let fromMemo = 0;
    for (let step = 0; step < 60; step++) {
      const changes = new Set<string>();
      const kind = step === 0 ? 'nothing' : ['page saved again', 'page added', 'page gone', 'pages reordered', 'record changed', 'record added', 'record gone', 'picture saved', 'media file gone', 'nothing'][pick(10)]!;
      if (kind === 'page saved again') {
        const at = pick(pages.length);
        pages = replaced(pages, at, newPage(pages[at]!.file, next() < 0.5 ? [...pages[at]!.images] : someAddresses()));
      }
      else if (kind === 'page added') pages = inserted(pages, pick(pages.length + 1), newPage());
      else if (kind === 'page gone' && pages.length > 1) pages = removed(pages, pick(pages.length));
      else if (kind === 'pages reordered') pages = [...pages].reverse();
      else if (kind === 'record changed') images = replaced(images, pick(images.length), recordImages());
      else if (kind === 'record added') images = inserted(images, pick(images.length + 1), recordImages());
      else if (kind === 'record gone' && images.length > 1) images = removed(images, pick(images.length));
      else if (kind === 'picture saved') {
        // Seen once a page showing it is saved again (as the watcher would report that page).
        const k = pick(ADDRESSES);
        save(k, pick(2));
        pages = pages.map((page) => (page.images.some((image) => image.src === src(k)) ? newPage(page.file, page.images) : page));
      } else if (kind === 'media file gone') {
        const files = listing(incremental).files;
        if (files.length) {
          const name = files[pick(files.length)]!;
          const gone = join(incremental, MEDIA_DIR, name);
          rmSync(gone);
          rmSync(join(fresh, MEDIA_DIR, name));
          changes.add(gone);
        }
      }
      const watched = step % 5 === 4 ? null : changes;
      const got = await collectMedia(incremental, images, pages, [root], { memo, changes: watched });
      const want = await collectMedia(fresh, images, pages, [root]);
      const label = `seed ${seed}, step ${step} (${kind})`;
      expect(got, label).toEqual(want);
      expect(listing(incremental), label).toEqual(listing(fresh));
      if (watched !== null && changes.size === 0) fromMemo++;
    }
    expect(fromMemo).toBeGreaterThan(30);
    expect(memo.last?.found.size).toBeGreaterThan(0);
  });
});
