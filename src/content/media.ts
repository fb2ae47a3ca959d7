// Images saved beside the scraped pages, kept in content/ so the archive shows them without asking
// another host: content/media/<sha256>.<ext> holds the bytes and content/media.json maps each
// image's original address to its file. Records keep the original address; render looks it up in
// media.json. Only real raster images (by their first bytes) of at most MEDIA_MAX_BYTES are taken,
// and only from inside the folders given to import.

import { createHash } from 'node:crypto';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { sameItems } from '../cache/memo.ts';
import { inOrderAhead } from './ahead.ts';
import { writeFileAtomic } from './store.ts';

/** The map of original image addresses to files under content/ (a top-level file, so builds notice it change). */
export const MEDIA_INDEX = 'media.json';
export const MEDIA_DIR = 'media';
/** Bigger files are not taken: no news picture is this big, and the archive should stay copyable. */
export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;
/** Hex digits of the sha256 in a media file's name: 96 bits, no clash in any archive. */
const NAME_HASH_LENGTH = 24;

export type ImageType = 'jpg' | 'png' | 'gif' | 'webp' | 'avif';

/**
 * The image type the bytes start with, or null. SVG is not an image here: it can carry script,
 * which runs when the file is opened on its own.
 */
export function imageType(head: Uint8Array): ImageType | null {
  const ascii = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'avif';
  return null;
}

/** What a file holds when it is an image folio takes: its type and hash; null for anything else. */
export async function readImageFile(file: string): Promise<{ type: ImageType; sha256: string; bytes: Buffer } | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile() || info.size === 0 || info.size > MEDIA_MAX_BYTES) return null;
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    if (imageType(head) === null) return null;
  } finally {
    await handle.close();
  }
  const bytes = await readFile(file);
  const type = imageType(bytes);
  if (type === null || bytes.length > MEDIA_MAX_BYTES) return null;
  return { type, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** content/media.json as a map; a missing or unreadable index is an empty one (the images are then shown as links). */
export async function readMediaIndex(contentDir: string): Promise<Map<string, string>> {
  const text = await readFile(join(contentDir, MEDIA_INDEX), 'utf8').catch(() => null);
  if (text === null) return new Map();
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return new Map();
    return new Map(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}

/** A value of media.json that names a file directly in content/media/, as a path; null otherwise. */
export function mediaFile(contentDir: string, value: string): string | null {
  const name = /^media\/([^/\\]+)$/.exec(value)?.[1];
  if (name === undefined || name === '.' || name === '..' || name.startsWith('.')) return null;
  return join(contentDir, MEDIA_DIR, name);
}

export interface ScrapedPageRef {
  /** The scraped file. */
  file: string;
  /** The page's original address, which its images were resolved against. */
  url: string | null;
  /** The images the page shows, by absolute address. */
  images: readonly { src: string }[];
}

export interface MediaSummary {
  /** Images found on disk and mapped in media.json. */
  found: number;
  /** Images not found beside their pages (shown as links to the original). */
  missing: number;
  /** Files newly written to content/media/. */
  copied: number;
  /** media.json changed (or would, with dryRun). */
  indexChanged: boolean;
}

/**
 * Where each picture was found (or not) by earlier imports in this process (folio watch), by its
 * address and the pages and input folders it was looked up for: a rebuild does not look on disk
 * again for pictures of pages it has seen unchanged. Like the watcher, it does not see a picture
 * saved later beside an unchanged page (a page saved again is looked at again; a new process looks again).
 */
export type MediaMemo = Map<string, { type: ImageType; sha256: string; file: string } | null> & {
  /** Each address's memo key with the page objects and folders it was made from: the same again need no key. */
  keyOf?: Map<string, { shown: readonly ScrapedPageRef[]; roots: readonly string[]; key: string }>;
  /** What the last collectMedia call was given and found, for a next call that differs in a few pages or records. */
  last?: MediaState;
};

interface MediaState {
  contentDir: string;
  roots: readonly string[];
  pages: readonly ScrapedPageRef[];
  images: readonly (readonly { src: string }[])[];
  /** How many of the records' pictures have each address. */
  wanted: Map<string, number>;
  /** The pages showing each address, with how many times each does. */
  showing: Map<string, Map<ScrapedPageRef, number>>;
  /** Each wanted address: found on disk (and kept in content/media/) or not. */
  found: Map<string, boolean>;
  foundCount: number;
  /** media.json as written (or read) by the last call. */
  index: Map<string, string>;
}

/** Whether the watcher named content/media.json or anything under content/media/ (null: nothing is known, as if all was). */
export function mediaTouched(contentDir: string, changes: ReadonlySet<string> | null): boolean {
  if (changes === null) return true;
  const content = resolve(contentDir);
  const index = join(content, MEDIA_INDEX), folder = join(content, MEDIA_DIR) + sep;
  for (const path of changes) if (path === index || path.startsWith(folder)) return true;
  return false;
}

/**
 * Find each record image's file beside a scraped page that shows it and keep it in content/: new
 * files are written, media.json gains or updates their entries. Entries are never removed (a
 * record kept from an earlier import may still use them).
 *
 * `images` holds each record's pictures. With a memo, a call whose watcher (`changes`) names
 * nothing in content/media looks again only at the addresses of the pages and records that are not
 * the previous call's (by object): the rest stand as that call found them.
 */
export async function collectMedia(
  contentDir: string, images: readonly (readonly { src: string }[])[], pages: readonly ScrapedPageRef[], inputs: readonly string[],
  options: { dryRun?: boolean; memo?: MediaMemo; kept?: (file: string) => string | undefined; changes?: ReadonlySet<string> | null } = {},
): Promise<MediaSummary> {
  const { memo } = options;
  const roots = await Promise.all(inputs.map(async (input) => {
    const info = await stat(input).catch(() => null);
    return realpath(info?.isFile() ? dirname(input) : input).catch(() => resolve(input));
  }));
  const last = memo?.last;
  if (memo) memo.last = undefined;
  const fromLast = last !== undefined && !options.dryRun && last.contentDir === contentDir && sameItems(last.roots, roots) && !mediaTouched(contentDir, options.changes ?? null);
  const state: MediaState = fromLast
    ? { ...last, roots, pages, images }
    : { contentDir, roots, pages, images, wanted: new Map(), showing: new Map(), found: new Map(), foundCount: 0, index: await readMediaIndex(contentDir) };
  // The addresses to look at: all, or those of the pages and records that changed.
  let looked: Set<string>;
  if (fromLast) {
    looked = new Set();
    const pageChanges = changedItems(last.pages, pages);
    for (const page of pageChanges.removed) for (const { src } of page.images) {
      looked.add(src);
      count(state.showing, src, page, -1);
    }
    for (const page of pageChanges.added) for (const { src } of page.images) {
      looked.add(src);
      count(state.showing, src, page, 1);
    }
    const imageChanges = changedItems(last.images, images);
    for (const list of imageChanges.removed) for (const { src } of list) {
      looked.add(src);
      const left = (state.wanted.get(src) ?? 1) - 1;
      if (left === 0) state.wanted.delete(src);
      else state.wanted.set(src, left);
    }
    for (const list of imageChanges.added) for (const { src } of list) {
      looked.add(src);
      state.wanted.set(src, (state.wanted.get(src) ?? 0) + 1);
    }
    for (const src of looked) {
      if (state.found.get(src) === true) state.foundCount--;
      state.found.delete(src);
    }
  } else {
    for (const list of images) for (const { src } of list) state.wanted.set(src, (state.wanted.get(src) ?? 0) + 1);
    for (const page of pages) for (const { src } of page.images) count(state.showing, src, page, 1);
    looked = new Set(state.wanted.keys());
  }
  // The pages showing each address looked at, in the order of `pages` (the first page's copy wins).
  let positions: Map<ScrapedPageRef, number> | undefined;
  const shownBy = new Map<string, ScrapedPageRef[]>();
  for (const src of looked) {
    const showing = state.showing.get(src);
    if (showing === undefined || !state.wanted.has(src)) continue;
    let shown = [...showing.keys()];
    if (shown.length > 1) {
      positions ??= new Map(pages.map((page, i) => [page, i]));
      shown.sort((a, b) => positions!.get(a)! - positions!.get(b)!);
    }
    if (shown.some((page) => showing.get(page)! > 1)) shown = shown.flatMap((page) => Array<ScrapedPageRef>(showing.get(page)!).fill(page));
    shownBy.set(src, shown);
  }
  const wanted = [...looked].filter((src) => state.wanted.has(src)).map((src) => {
    const key = memoKey(src, roots, shownBy.get(src) ?? [], memo);
    return { src, key, known: memo?.get(key) };
  });
  const summary: MediaSummary = { found: 0, missing: 0, copied: 0, indexChanged: false };
  // Pictures not remembered are looked for on disk a few ahead (mostly paths that do not exist,
  // each a round trip to the file system); what is found is kept in order, as before.
  const realPages = new Map<string, Promise<string | null>>();
  const realPage = (file: string) => realPages.get(file) ?? realPages.set(file, realpath(file).catch(() => null)).get(file)!;
  const lookedFor = inOrderAhead(wanted.length, LOOK_AHEAD, (i) => wanted[i]!.known !== undefined, (i) => findImage(wanted[i]!.src, shownBy.get(wanted[i]!.src) ?? [], roots, realPage));
  for (const [i, { src, key, known }] of wanted.entries()) {
    let image = known;
    let bytes: Buffer | null = null;
    if (image === undefined) {
      const found = await lookedFor(i);
      image = found && { type: found.type, sha256: found.sha256, file: found.file };
      bytes = found?.bytes ?? null;
      memo?.set(key, image);
    }
    state.found.set(src, false);
    if (image === null) continue;
    const name = `${image.sha256.slice(0, NAME_HASH_LENGTH)}.${image.type}`;
    const target = join(contentDir, MEDIA_DIR, name);
    // `kept`: a hash the build can vouch for without a look (a watcher's unchanged file); the name is the content's hash.
    if (!options.dryRun && options.kept?.(target) !== image.sha256 && !(await stat(target).catch(() => null))?.isFile()) {
      // The remembered file is read again only if it still holds those bytes.
      bytes ??= await readImageFile(image.file).then((again) => (again?.sha256 === image!.sha256 ? again.bytes : null));
      if (bytes === null) {
        memo?.delete(key);
        continue;
      }
      await writeFileAtomic(target, bytes);
      summary.copied++;
    }
    state.found.set(src, true);
    state.foundCount++;
    const value = `${MEDIA_DIR}/${name}`;
    if (state.index.get(src) !== value) {
      state.index.set(src, value);
      summary.indexChanged = true;
    }
  }
  summary.found = state.foundCount;
  summary.missing = state.wanted.size - state.foundCount;
  // Entries are only added or changed, so the index changed exactly when one was.
  if (summary.indexChanged && !options.dryRun) await writeFileAtomic(join(contentDir, MEDIA_INDEX), Buffer.from(serializeIndex(state.index)));
  if (memo && !options.dryRun) memo.last = state;
  return summary;
}

/** Add `by` to the count of `page` under `src` (dropped at zero). */
function count(showing: Map<string, Map<ScrapedPageRef, number>>, src: string, page: ScrapedPageRef, by: number): void {
  let pages = showing.get(src);
  if (pages === undefined) showing.set(src, (pages = new Map()));
  const n = (pages.get(page) ?? 0) + by;
  if (n > 0) pages.set(page, n);
  else {
    pages.delete(page);
    if (pages.size === 0) showing.delete(src);
  }
}

/** The items of `after` that are not in `before` and those of `before` not in `after`, by object, as multisets. */
function changedItems<T>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const added: T[] = [], removed: T[] = [];
  if (before.length === after.length) {
    for (let i = 0; i < after.length; i++) {
      if (before[i] === after[i]) continue;
      removed.push(before[i]!);
      added.push(after[i]!);
    }
    return { added, removed };
  }
  // Items came or went (a page added or removed): those at the same places from either end are
  // the same, the ones between are counted.
  let start = 0, endBefore = before.length, endAfter = after.length;
  while (start < endBefore && start < endAfter && before[start] === after[start]) start++;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const left = new Map<T, number>();
  for (let i = start; i < endBefore; i++) left.set(before[i]!, (left.get(before[i]!) ?? 0) + 1);
  for (let i = start; i < endAfter; i++) {
    const item = after[i]!;
    const count = left.get(item);
    if (count === undefined) added.push(item);
    else if (count === 1) left.delete(item);
    else left.set(item, count - 1);
  }
  for (const [item, count] of left) for (let n = 0; n < count; n++) removed.push(item);
  return { added, removed };
}

/**
 * The memo key of an address: made again only when the pages showing it (file and address) or
 * the folders changed. An image on every page of a site would otherwise cost a key the size of the site per build.
 */
function memoKey(src: string, roots: readonly string[], shown: readonly ScrapedPageRef[], memo: MediaMemo | undefined): string {
  const before = memo?.keyOf?.get(src);
  const samePages = before !== undefined && before.shown.length === shown.length && before.shown.every((page, i) => page.file === shown[i]!.file && page.url === shown[i]!.url);
  if (before && samePages && sameItems(before.roots, roots)) {
    // A page parsed again (saved again, perhaps with its pictures now beside it): looked for again.
    if (before.shown.some((page, i) => page !== shown[i])) {
      memo!.delete(before.key);
      before.shown = shown;
    }
    return before.key;
  }
  const key = JSON.stringify([src, roots, shown.map((page) => [page.file, page.url])]);
  // What was found for other pages is forgotten: kept, it could stand for pages shown again later, saved since.
  if (before) memo!.delete(before.key);
  if (memo) (memo.keyOf ??= new Map()).set(src, { shown, roots, key });
  return key;
}

/** Pictures looked for on disk at once. */
const LOOK_AHEAD = 8;

/** The first of the image's possible places on disk that holds an image, inside the page's input folder. */
async function findImage(src: string, pages: readonly ScrapedPageRef[], roots: readonly string[], realPage: (file: string) => Promise<string | null>): Promise<{ type: ImageType; sha256: string; bytes: Buffer; file: string } | null> {
  for (const page of pages) {
    const file = await realPage(page.file);
    const root = file === null ? undefined : roots.find((dir) => isWithin(dir, file));
    if (file === null || root === undefined) continue;
    for (const candidate of imagePlaces(src, { ...page, file }, root)) {
      const real = await realpath(candidate).catch(() => null);
      // Symbolic links are followed only to files still inside the input folder.
      if (real === null || !isWithin(root, real)) continue;
      const image = await readImageFile(real);
      if (image) return { ...image, file: real };
    }
  }
  return null;
}

/**
 * Where a saved copy of the image may be: beside the page (a browser's "save page" folder, a
 * wget/HTTrack mirror: the address's path taken from the page's own folder), and under the input
 * folder as <host>/<path> (a mirror of several hosts), each without and with its ?query.
 */
export function imagePlaces(src: string, page: Pick<ScrapedPageRef, 'file' | 'url'>, root: string): string[] {
  let image: URL;
  try {
    image = new URL(src);
  } catch {
    return [];
  }
  const places: string[] = [];
  const add = (base: string, segments: string[] | null) => {
    if (segments === null || segments.length === 0) return;
    places.push(join(base, ...segments));
    if (image.search) places.push(join(base, ...segments.slice(0, -1), `${segments.at(-1)!}${decodeSegment(image.search) ?? ''}`));
  };
  const pageUrl = page.url ? safeUrl(page.url) : null;
  if (pageUrl && pageUrl.origin === image.origin) {
    const folder = pageUrl.pathname.replace(/[^/]*$/, '');
    const steps = posix.relative(folder, image.pathname).split('/');
    add(dirname(resolve(page.file)), pathSegments(steps, true));
  }
  add(join(root, image.hostname), pathSegments(image.pathname.split('/').filter(Boolean), false));
  return [...new Set(places)];
}

/** Decoded path segments, or null when one would name another folder (an encoded "/", "..", NUL). */
function pathSegments(raw: string[], allowUp: boolean): string[] | null {
  const out: string[] = [];
  for (const segment of raw) {
    // posix.relative's own steps up, before any name: the page's folder is deeper than the image's.
    if (segment === '..' && allowUp && out.every((s) => s === '..')) {
      out.push('..');
      continue;
    }
    const decoded = decodeSegment(segment);
    if (decoded === null || decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return null;
    out.push(decoded);
  }
  return out;
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function isWithin(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path !== '' && path.split(sep)[0] !== '..' && !isAbsolute(path);
}

/** The index with its addresses in a fixed order, so the same images always give the same bytes. */
function serializeIndex(index: ReadonlyMap<string, string>): string {
  const sorted = Object.fromEntries([...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return index.size === 0 ? '' : `${JSON.stringify(sorted, null, 2)}\n`;
}

