// `npx tsx scripts/bench/watch.ts --pages N`: folio watch on N generated pages, wired as the
// command wires it (today's rebuild is the full import + render). Times the first build, the
// time from saving one changed page to the end of its rebuild (when the reload is sent), counts
// the rebuilds a burst (every page rewritten at once, like a git checkout) causes, and the CPU
// the watch uses while nothing changes. CPU seconds (all threads of the process) are given beside
// wall time: on a shared machine they are the steadier figure.

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../../src/cli/config.ts';
import { watchOptions } from '../../src/cli/watch.ts';
import { startWatch } from '../../src/watch/index.ts';
import { generateArchive } from './generate.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' }, edits: { type: 'string', default: '3' } } });
const pages = Number(values.pages);
const work = mkdtempSync(join(tmpdir(), 'folio-watch-bench-'));
const scraped = join(work, 'scraped');
generateArchive(scraped, pages);
const files = (function list(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : /\.html?$/.test(e.name) ? [join(dir, e.name)] : []));
})(scraped).sort();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { step() {}, note() {}, problem() {}, summary() {} };
const config = { ...defaultConfig(), content: join(work, 'content'), out: join(work, 'dist') };
const options = await watchOptions([scraped], config, { port: 0, configFile: join(work, 'none.json'), configFlags: {}, quiet: true }, silent);
const ends: number[] = [];
/** CPU seconds of each rebuild alone. */
const rebuildCpu: number[] = [];
let rebuilds = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const session = await startWatch({
  ...options,
  rebuild: async (changes) => {
    if (changes) rebuilds++;
    const cpu0 = process.cpuUsage();
    const outcome = await options.rebuild(changes);
    ends.push(performance.now());
    rebuildCpu.push(cpuSeconds(cpu0));
    return outcome;
  },
});
const firstBuild = (ends[0]! - started) / 1000;
const firstBuildCpu = cpuSeconds(cpuStart);

/** Wait until the watch has been idle for a while: every rebuild a change causes has run. */
async function settle(): Promise<void> {
  await sleep(1000);
  await session.idle();
}

const editMs: number[] = [];
const editCpu: number[] = [];
for (let i = 0; i < Number(values.edits); i++) {
  const file = files[(i * 97) % files.length]!;
  const before = rebuilds;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  writeFileSync(file, readFileSync(file, 'utf8').replace('</p>', ` (edit ${i})</p>`));
  while (rebuilds === before || ends.at(-1)! < t0) await sleep(5);
  while (ends.length < rebuilds + 1) await sleep(5);
  editMs.push(ends.at(-1)! - t0);
  editCpu.push(cpuSeconds(cpu0));
  await settle();
  if (rebuilds !== before + 1) console.error(`edit ${i} caused ${rebuilds - before} rebuilds`);
}

const burstBefore = rebuilds;
const burstStart = performance.now();
const burstCpu0 = process.cpuUsage();
for (const file of files) writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
await settle();
const burstRebuilds = rebuilds - burstBefore;
const burstSeconds = (ends.at(-1)! - burstStart) / 1000;
const burstCpu = cpuSeconds(burstCpu0);

const cpu0 = process.cpuUsage();
await sleep(5000);
const idle = process.cpuUsage(cpu0);

await session.close();
rmSync(work, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`folio watch, ${pages} generated pages (full import + render per rebuild)`);
console.log(`first build                         ${firstBuild.toFixed(1)} s (${firstBuildCpu.toFixed(1)} s CPU)`);
console.log(`one page saved -> reload sent       ${(median(editMs) / 1000).toFixed(1)} s median of ${editMs.length} (${editMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')}); ${median(editCpu).toFixed(1)} s CPU`);
console.log(`burst: all ${files.length} pages rewritten      ${burstRebuilds} rebuild(s), done ${burstSeconds.toFixed(1)} s after the first write (${burstCpu.toFixed(1)} s CPU)`);
console.log(`CPU of each rebuild alone             ${rebuildCpu.map((x) => x.toFixed(1)).join(', ')} s (first build, edits, burst)`);
console.log(`CPU while idle                      ${((idle.user + idle.system) / 1000).toFixed(0)} ms in 5 s`);
