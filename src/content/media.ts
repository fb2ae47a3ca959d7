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
 * Find each record image's file beside a scraped page that shows it and keep it in content/: new
 * files are written, media.json gains or updates their entries. Entries are never removed (a
 * record kept from an earlier import may still use them).
 */
/**
 * Where each picture was found (or not) by earlier imports in this process (folio watch), by its
 * address and the pages and input folders it was looked up for: a rebuild does not look on disk
 * again for pictures of pages it has seen unchanged. Like the watcher, it does not see a picture
 * saved later beside an unchanged page (a page saved again is looked at again; a new process looks again).
 */
export type MediaMemo = Map<string, { type: ImageType; sha256: string; file: string } | null> & {
  /** Each address's memo key with the page objects and folders it was made from: the same again need no key. */
  keyOf?: Map<string, { shown: readonly ScrapedPageRef[]; roots: readonly string[]; key: string }>;
};

export async function collectMedia(
  contentDir: string, images: readonly { src: string }[], pages: readonly ScrapedPageRef[], inputs: readonly string[], options: { dryRun?: boolean; memo?: MediaMemo; kept?: (file: string) => string | undefined } = {},
): Promise<MediaSummary> {
  const roots = await Promise.all(inputs.map(async (input) => {
    const info = await stat(input).catch(() => null);
    return realpath(info?.isFile() ? dirname(input) : input).catch(() => resolve(input));
  }));
  const index = await readMediaIndex(contentDir);
  const before = serializeIndex(index);
  const summary: MediaSummary = { found: 0, missing: 0, copied: 0, indexChanged: false };
  const shownBy = new Map<string, ScrapedPageRef[]>();
  for (const page of pages) {
    for (const { src } of page.images) {
      const shown = shownBy.get(src);
      if (shown === undefined) shownBy.set(src, [page]);
      else shown.push(page);
    }
  }
  const wanted = [...new Set(images.map((image) => image.src))].map((src) => {
    const shown = shownBy.get(src) ?? [];
    const key = memoKey(src, roots, shown, options.memo);
    return { src, key, known: options.memo?.get(key) };
  });
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
      options.memo?.set(key, image);
    }
    if (image === null) {
      summary.missing++;
      continue;
    }
    summary.found++;
    const name = `${image.sha256.slice(0, NAME_HASH_LENGTH)}.${image.type}`;
    const target = join(contentDir, MEDIA_DIR, name);
    // `kept`: a hash the build can vouch for without a look (a watcher's unchanged file); the name is the content's hash.
    if (!options.dryRun && options.kept?.(target) !== image.sha256 && !(await stat(target).catch(() => null))?.isFile()) {
      // The remembered file is read again only if it still holds those bytes.
      bytes ??= await readImageFile(image.file).then((again) => (again?.sha256 === image!.sha256 ? again.bytes : null));
      if (bytes === null) {
        options.memo?.delete(key);
        summary.found--;
        summary.missing++;
        continue;
      }
      await writeFileAtomic(target, bytes);
      summary.copied++;
    }
    index.set(src, `${MEDIA_DIR}/${name}`);
  }
  const after = serializeIndex(index);
  summary.indexChanged = after !== before;
  if (summary.indexChanged && !options.dryRun) await writeFileAtomic(join(contentDir, MEDIA_INDEX), Buffer.from(after));
  return summary;
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

