// One scraped file -> ParsedPage. Runs inside the parse workers (bin/parse-worker.js; on the main
// thread only for tests comparing results); never throws: a file that cannot be read or parsed
// comes back as a page with ok: false and the reason.

import { readFile, stat } from 'node:fs/promises';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import { parsePage } from '../parse/index.ts';

export interface ParseTask {
  file: string;
  /** The file's bytes, when the caller has read them already (import hashes each file): not read again. */
  bytes?: Uint8Array;
  crawledAt?: string;
  /** Time the page may take; checked between parse stages (a worker is also stopped from outside). */
  budgetMs?: number;
}

/** Bigger files are not read at all: no page is this big, and reading one would only exhaust memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export async function parseFile({ file, bytes: given, crawledAt, budgetMs }: ParseTask): Promise<ParsedPage> {
  const start = performance.now();
  let bytes: Buffer;
  try {
    const size = given?.byteLength ?? (await stat(file)).size;
    if (size > MAX_FILE_BYTES) return { ...emptyPage(file), ok: false, error: `the file is ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB folio reads; it is not a single page` };
    // Bytes sent to a worker arrive as a plain Uint8Array: a Buffer over the same memory.
    bytes = given ? Buffer.from(given.buffer, given.byteOffset, given.byteLength) : await readFile(file);
  } catch (error) {
    return { ...emptyPage(file), ok: false, error: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  hangForTests(bytes);
  return parsePage(bytes, { file, crawledAt: crawledAt ?? null, deadline: budgetMs === undefined ? undefined : start + budgetMs });
}

/**
 * Test hook: with FOLIO_TEST_HANG set, a page holding that text never finishes parsing (a busy
 * loop, as a stage stuck in a pathological input would be), so tests can check that its worker is
 * stopped. Unset in normal runs: the check is one look at the environment.
 */
function hangForTests(bytes: Buffer): void {
  const marker = process.env['FOLIO_TEST_HANG'];
  if (!marker || !bytes.includes(marker)) return;
  for (;;) {
    // never returns: only stopping the thread ends it
  }
}
