// One scraped file -> ParsedPage. Runs on the main thread for small jobs and inside the parse
// workers (bin/parse-worker.js) for large ones; never throws: a file that cannot be read or parsed
// comes back as a page with ok: false and the reason.

import { readFile } from 'node:fs/promises';
import { emptyPage, type ParsedPage } from '../model/index.ts';
import { parsePage } from '../parse/index.ts';

export interface ParseTask {
  file: string;
  crawledAt?: string;
}

export async function parseFile({ file, crawledAt }: ParseTask): Promise<ParsedPage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { ...emptyPage(file), ok: false, error: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  return parsePage(bytes, { file, crawledAt: crawledAt ?? null });
}
