// Full-text search: index the rendered article pages with Pagefind (its Node API) and write the
// search bundle to <out>/pagefind/, which templates/assets/search.js loads from the same origin.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/** The bundle's folder inside the output folder; search.js finds it at `<root>pagefind/`. */
export const SEARCH_DIR = 'pagefind';

/** Only article pages are results: home, tag and related pages would match every query. */
const ARTICLE_GLOB = 'articles/*/index.html';

/** The page's own content; the header (with the search box) and footer are the same on every page. */
const ROOT_SELECTOR = 'main';

/**
 * Links to other articles would make an article match the words of their titles; the "read the
 * original" link and the list of saved copies are the same words on every page.
 */
const EXCLUDE_SELECTORS = ['nav', 'aside', '.related-box', '.breadcrumb', '.original', '.copies'];

/**
 * Languages written without spaces between words. Pagefind segments them into words only when it
 * indexes them as that language, so an archive holding any of them is indexed as one.
 */
const SEGMENTED_LANGUAGES = ['zh', 'ja', 'th'];

export interface SearchIndexResult {
  /** Pages in the index. */
  pages: number;
  /** The language the whole index was built as. */
  language: string;
  /** Where the bundle was written. */
  dir: string;
}

export class SearchIndexError extends Error {}

/**
 * The one language the index is built as. Pagefind otherwise makes one index per `<html lang>`,
 * and a page searches only the index of its own language, so a mixed archive would find only
 * half its articles; forcing one language puts every article in one index. A Chinese (or other
 * unspaced) archive needs that language for word segmentation; Latin-script words are still
 * split on spaces, so English articles stay findable in it.
 */
export function searchLanguage(articleLanguages: readonly (string | null)[], siteLanguage: string): string {
  const counts = new Map<string, number>();
  for (const lang of articleLanguages) {
    const primary = lang?.split('-')[0]?.toLowerCase();
    if (primary && /^[a-z]{2,3}$/.test(primary)) counts.set(primary, (counts.get(primary) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const segmented = ranked.find(([lang]) => SEGMENTED_LANGUAGES.includes(lang));
  const site = siteLanguage.split('-')[0]?.toLowerCase();
  return segmented?.[0] ?? ranked[0]?.[0] ?? (site && site !== 'auto' ? site : 'en');
}

/**
 * Index the article pages under `outDir` and write the bundle to `dir` (`<outDir>/pagefind/`), replacing
 * the previous one (its file names are content hashes, so old files would pile up).
 * Throws SearchIndexError with Pagefind's messages when it fails; the site itself is unaffected.
 */
export async function writeSearchIndex(outDir: string, language: string, dir = join(outDir, SEARCH_DIR)): Promise<SearchIndexResult> {
  // Pagefind's service prints its failures (with stack traces) to console.error; keep them for
  // the one line the build prints instead.
  const printed: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void printed.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  try {
    const created = await pagefind.createIndex({ forceLanguage: language, rootSelector: ROOT_SELECTOR, excludeSelectors: EXCLUDE_SELECTORS });
    if (!created.index) throw new SearchIndexError(created.errors.join('; ') || 'Pagefind did not create an index');
    const added = await created.index.addDirectory({ path: outDir, glob: ARTICLE_GLOB });
    if (added.errors.length) throw new SearchIndexError(added.errors.join('; '));
    await rm(dir, { recursive: true, force: true });
    const written = await created.index.writeFiles({ outputPath: dir });
    if (written.errors.length) throw new SearchIndexError(written.errors.join('; '));
    return { pages: added.page_count, language, dir };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SearchIndexError([message, printed[0]].filter(Boolean).join(': '), { cause: error });
  } finally {
    // The API runs the Pagefind binary as a child process; without close() it keeps Node alive.
    await pagefind.close().catch(() => undefined);
    console.error = consoleError;
  }
}
