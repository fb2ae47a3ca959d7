// Article pictures at render time. A picture kept in content/media/ (import put it there, see
// src/content/media.ts; content/media.json maps its original address to the file) is copied to
// dist/media/<sha256>.<ext> and the article shows that copy. Any other picture would be fetched
// from its original host by every reader: unless the config allows that (remoteImages), it is
// shown as a link to the original instead, so opening the archive asks no other host for anything.

import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { walkLists } from '../cache/memo.ts';
import { imageType, MEDIA_MAX_BYTES, mediaFile, readMediaIndex, type ImageType } from '../content/media.ts';
import type { ArticleRecord } from '../model/index.ts';
import { rootFrom, safeHttpUrl } from './links.ts';
import type { OutputWriter } from './output.ts';

/** The folder of dist/ that holds the pictures. */
export const MEDIA_OUT_DIR = 'media';
/** Hex digits of the sha256 in a copied picture's name. */
const NAME_HASH_LENGTH = 24;

/** How one article's body shows its pictures; plain data, so a render worker can be given it. */
export interface BodyImages {
  /** Original absolute address -> the kept copy, relative to the article page. */
  local: Record<string, string>;
  /** Show other pictures from their original hosts (remoteImages); else as links to them. */
  remote: boolean;
  /** The words of a link that stands for a picture not kept. */
  notSaved: string;
}

interface KeptImage {
  source: string;
  /** The copy's path in dist/, e.g. media/<hash>.jpg. */
  file: string;
  sha256: string;
}

/** Reads a file's sha256; the build passes its stamps, which hash a file again only when it changed. */
export type HashFile = (file: string) => Promise<string | null>;

/** The pictures content/ keeps, found by original address. */
export class MediaLibrary {
  private readonly checked = new Map<string, Promise<KeptImage | null>>();
  /** Copies the pages of this build show, by dist/ path. */
  private used = new Map<string, KeptImage>();
  /** Each record's pictures as found here, with the settings they were shown with (a library kept between builds). */
  readonly shown = new WeakMap<ArticleRecord, { settings: string; images: BodyImages; kept: KeptImage[] }>();
  /** What the last bodyImages with this library was given and made, for a next build that differs in a few articles. */
  lastBodies?: { settings: string; articles: readonly ImagesOf[]; out: Map<string, BodyImages>; kept: (readonly KeptImage[])[] };

  private constructor(private readonly contentDir: string, private readonly index: ReadonlyMap<string, string>, private readonly hash: HashFile) {}

  /** content/media.json; its files are looked at only when a page shows them. */
  static async load(contentDir: string, hash: HashFile = hashFile): Promise<MediaLibrary> {
    const index = new Map<string, string>();
    for (const [url, value] of await readMediaIndex(contentDir)) {
      const key = safeHttpUrl(url);
      if (key !== null) index.set(key, value);
    }
    return new MediaLibrary(contentDir, index, hash);
  }

  /** A build starts with a library kept from the previous one: its checks hold, the copies to make are this build's. */
  begin(): void {
    this.used = new Map();
  }

  /** Mark copies a page of this build shows (found by an earlier build of a kept library). */
  show(images: readonly KeptImage[]): void {
    for (const image of images) this.used.set(image.file, image);
  }

  static empty(): MediaLibrary {
    return new MediaLibrary('', new Map(), hashFile);
  }

  /** The kept copy of the picture at `url` (absolute), or null: none, or its file is missing or not an image. */
  async find(url: string): Promise<KeptImage | null> {
    const value = this.index.get(url);
    if (value === undefined) return null;
    if (!this.checked.has(value)) this.checked.set(value, this.check(value));
    const image = await this.checked.get(value)!;
    if (image) this.used.set(image.file, image);
    return image;
  }

  /** Copy every picture found for this build into dist/media/ (a copy already there from the last build is kept). */
  async copy(out: OutputWriter): Promise<void> {
    for (const image of [...this.used.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
      if (await out.isCurrent(image.file, image.sha256)) continue;
      await out.write(image.file, await readFile(image.source), image.sha256);
    }
  }

  private async check(value: string): Promise<KeptImage | null> {
    const source = mediaFile(this.contentDir, value);
    if (source === null) return null;
    const type = await sniff(source);
    const sha256 = type === null ? null : await this.hash(source);
    if (type === null || sha256 === null) return null;
    return { source, file: `${MEDIA_OUT_DIR}/${sha256.slice(0, NAME_HASH_LENGTH)}.${type}`, sha256 };
  }
}

type ImagesOf = { record: ArticleRecord; view: { slug: string; path: string; url: string | null } };

/** At most this many articles came, went or changed for bodyImages to update last time's pictures. */
const BODY_IMAGES_CHANGED = 256;

/**
 * How each article's body shows its pictures, by slug. With a library kept from the last build,
 * only the articles not at the same place as then are looked at (the map of the last build is
 * updated), as long as each holds the same slug; `kept` then: an article whose record is the same
 * object as then has the same pictures object (a watch rebuild).
 */
export async function bodyImages(articles: readonly ImagesOf[], media: MediaLibrary, settings: { remote: boolean; notSaved: string }): Promise<{ images: Map<string, BodyImages>; kept: boolean }> {
  const settingsKey = JSON.stringify(settings);
  const last = media.lastBodies;
  media.lastBodies = undefined;
  let out: Map<string, BodyImages>;
  let kept: (readonly KeptImage[])[];
  // Last time's articles, walked beside these: only the ones that came or changed are looked at (a watch rebuild).
  const changes = last !== undefined && last.settings === settingsKey ? walkLists(articles, last.articles, (entry) => entry.view.slug, BODY_IMAGES_CHANGED) : null;
  if (changes) {
    out = last!.out;
    kept = new Array<readonly KeptImage[]>(articles.length);
    changes.moved.forEach((i, j) => {
      if (i < 0) return;
      kept[i] = last!.kept[j]!;
      if (kept[i]!.length > 0) media.show(kept[i]!);
    });
    for (const { item } of changes.removed) out.delete(item.view.slug);
    for (const { item, at } of changes.added) kept[at] = await showImages(item, media, settingsKey, settings, out);
  } else {
    out = new Map();
    kept = [];
    for (const entry of articles) kept.push(await showImages(entry, media, settingsKey, settings, out));
  }
  // A copy: the caller may change its array.
  media.lastBodies = { settings: settingsKey, articles: articles.slice(), out, kept };
  return { images: out, kept: changes !== null };
}

/** One article's pictures, put in `out`; the kept copies it shows. */
async function showImages({ record, view }: ImagesOf, media: MediaLibrary, settingsKey: string, settings: { remote: boolean; notSaved: string }, out: Map<string, BodyImages>): Promise<readonly KeptImage[]> {
  // The view's path and address come from the record: a record looked up before in this library shows the same.
  const known = media.shown.get(record);
  if (known?.settings === settingsKey) {
    media.show(known.kept);
    out.set(view.slug, known.images);
    return known.kept;
  }
  const root = rootFrom(`${view.path}index.html`);
  const local: Record<string, string> = {};
  const kept: KeptImage[] = [];
  for (const image of record.images) {
    const url = safeHttpUrl(image.src, view.url);
    const found = url === null ? null : await media.find(url);
    if (url !== null && found !== null) {
      local[url] = `${root}${found.file}`;
      kept.push(found);
    }
  }
  const images = { local, remote: settings.remote, notSaved: settings.notSaved };
  media.shown.set(record, { settings: settingsKey, images, kept });
  out.set(view.slug, images);
  return kept;
}

/** The image type of a regular file of at most MEDIA_MAX_BYTES, from its first bytes. */
async function sniff(file: string): Promise<ImageType | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile() || info.size > MEDIA_MAX_BYTES) return null;
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const head = Buffer.alloc(16);
    await handle.read(head, 0, 16, 0);
    return imageType(head);
  } finally {
    await handle.close();
  }
}

async function hashFile(file: string): Promise<string | null> {
  const bytes = await readFile(file).catch(() => null);
  return bytes === null ? null : createHash('sha256').update(bytes).digest('hex');
}
