// `npx tsx scripts/bench/rebuild.ts --pages N [--edits 3] [--kind body|title|tags|new|gone]`: the
// in-process one-page rebuild alone, as `folio watch` runs it, on the archive `npm run bench --
// --pages N` generates (made here when missing). A Builder builds once, then one portal page is
// edited (a paragraph added to its story, a word to its headline, or a tag), or a page added or
// deleted (edit.ts), and the archive rebuilt, --edits times; each
// edit prints the time until the page is on disk (wall and CPU of this process) and until the
// search index has followed. Quicker than the whole bench at 10k pages.

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Builder } from '../../src/build/builder.ts';
import { defaultConfig } from '../../src/cli/config.ts';
import { keepParseWorkers } from '../../src/cli/parse-pool.ts';
import { ArchiveChanges, CHANGE_KINDS, type ChangeKind } from './edit.ts';
import { generateArchive, GENERATOR_VERSION } from './generate.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' }, edits: { type: 'string', default: '3' }, kind: { type: 'string', default: 'body' } } });
const kind = values.kind as ChangeKind;
if (!CHANGE_KINDS.includes(kind)) throw new Error(`--kind: one of ${CHANGE_KINDS.join(', ')}`);
const pages = Number(values.pages);
const work = resolve(import.meta.dirname, '../../.cache/bench', `${pages}-v${GENERATOR_VERSION}`);
const scraped = join(work, 'scraped');
if (!existsSync(join(scraped, '.done'))) {
  rmSync(scraped, { recursive: true, force: true });
  writeFileSync(join(scraped, '.done'), JSON.stringify(generateArchive(scraped, pages)));
}
const content = join(work, 'rebuild-content');
const out = join(work, 'rebuild-dist');
const cacheDir = join(work, 'rebuild-cache');
for (const dir of [content, out, cacheDir]) rmSync(dir, { recursive: true, force: true });

const silent = { step: () => {}, problem: () => {}, note: () => {}, summary: () => {} };
// As folio watch: a parse worker kept warm between rebuilds.
const closeWorkers = keepParseWorkers();
const builder = new Builder({ ...defaultConfig(), content, out, cacheDir }, silent, { inputs: [scraped], deferSearch: true, import: { prune: true } });
let start = performance.now();
await (await builder.build({ paths: [] })).search;
console.log(`first build (cold cache): ${((performance.now() - start) / 1000).toFixed(1)} s`);

const changes = new ArchiveChanges(scraped);
try {
  for (let edit = 0; edit < Number(values.edits); edit++) {
    const changed = changes.make(kind, edit);
    start = performance.now();
    const cpu = process.cpuUsage();
    const outcome = await builder.build({ paths: [changed] });
    const onDisk = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const indexStart = performance.now();
    const searchable = await outcome.search;
    console.log(
      `edit ${edit}: page on disk ${onDisk.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms), ` +
        `files written ${outcome.render?.written}; search index ${searchable === null ? 'failed' : 'in place'} ${((performance.now() - indexStart) / 1000).toFixed(1)} s later`,
    );
  }
} finally {
  changes.undo();
  await closeWorkers();
}
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
