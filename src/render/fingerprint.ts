// Page fingerprints: a hash of everything a page's template receives (template set, globals, page
// data) plus the renderer's code version. Two builds that give a page the same fingerprint write
// the same bytes, so the second one skips rendering it. Article views are hashed once and stand in
// for themselves wherever a page lists them (home, tag, archive pages list the same views).

import { createHash, hash as oneShotHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './output.ts';
import type { ArticleView } from './views.ts';

export class PageFingerprints {
  private readonly replacer = (key: string, value: unknown): unknown =>
    key !== '' && typeof value === 'object' && value !== null ? (this.hashed.get(value) ?? value) : value;

  /**
   * `base`: the renderer's code version and the template set's hash, shared by every page.
   * `shared`: objects many pages get (tags, years, sites, labels, the site's config), hashed once
   * and standing for themselves too; an object holding another comes after it in the list.
   * `memo` (folio watch): hashes and page fingerprints of the previous builds, for objects the model
   * kept (objects it shares between builds are never changed, so their hash holds).
   */
  constructor(private readonly base: string, views: readonly ArticleView[], shared: readonly object[] = [], memo?: FingerprintMemo) {
    this.hashed = memo?.hashed ?? new WeakMap();
    // A view holds references to other articles, never views: it is hashed as it is, without the replacer's cost.
    for (const view of views) {
      if (this.hashed.has(view)) continue;
      const key = `view:${hash(JSON.stringify(view))}`;
      this.hashed.set(view, key);
      // Parts of the view pages get on their own (a related page's lists): the view's hash covers them.
      for (const part of ['related', 'relatedPreview', 'similar', 'similarPreview'] as const) this.hashed.set(view[part], `${key}.${part}`);
    }
    for (const object of shared) if (!this.hashed.has(object)) this.hashed.set(object, `shared:${hash(JSON.stringify(object, this.replacer))}`);
  }

  private readonly hashed: WeakMap<object, string>;

  page(file: string, template: string, data: unknown, globals: unknown): string {
    return hash(`${this.base}\u0000${file}\u0000${template}\u0000${JSON.stringify(globals, this.replacer)}\u0000${JSON.stringify(data, this.replacer)}`);
  }

  /** The base and the hashes of `objects` (shared ones, hashed by the constructor), as one key. */
  key(objects: readonly object[]): string {
    return [this.base, ...objects.map((object) => this.hashed.get(object) ?? hash(JSON.stringify(object, this.replacer)))].join('\u0000');
  }
}

/** What fingerprints keep between builds in one process (RenderMemo). */
export interface FingerprintMemo {
  hashed: WeakMap<object, string>;
}

/** The templates a page can include, first folder first (a file there hides the same name later). */
export async function templateSetHash(dirs: readonly string[]): Promise<string> {
  const digest = createHash('sha256');
  for (const [index, dir] of dirs.entries()) {
    for (const file of await listFiles(dir)) {
      if (file.startsWith('assets/')) continue;
      digest.update(`${index}\u0000${file}\u0000`).update(await readFile(join(dir, file))).update('\u0000');
    }
  }
  return digest.digest('hex');
}

/** A page's or view's fingerprint: sha1, one call each (a rebuild hashes every view and page of the site). */
export function hash(text: string): string {
  return oneShotHash('sha1', text, 'hex');
}
