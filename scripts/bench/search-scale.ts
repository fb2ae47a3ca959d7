// The search index alone at any number of articles, beyond what a generated archive's import
// reaches in reasonable time: the records of a bench archive repeated under new slugs and dates
// (their bodies shared in memory) until there are N, then indexed. Prints CPU, wall, the index's
// size and this process's peak RSS as JSON.
//   node --import tsx scripts/bench/search-scale.ts <content> <out> <articles>

import { readRecords } from '../../src/content/index.ts';
import { writeSearchIndex } from '../../src/render/search.ts';

const [content, out, count] = process.argv.slice(2);
if (!content || !out || !count) throw new Error('usage: search-scale.ts <content> <out> <articles>');

const { records } = await readRecords(content);
const articles = Array.from({ length: Number(count) }, (_, i) => {
  const record = records[i % records.length]!;
  const copy = Math.floor(i / records.length);
  return { ...record, slug: `${record.slug}-${copy}`, date: record.date ? `${2000 + (copy % 25)}${record.date.slice(4)}` : null };
});
const rssBeforeMb = process.memoryUsage().rss / 1048576;
const cpu = process.cpuUsage();
const start = performance.now();
const index = await writeSearchIndex(articles, out);
const { user, system } = process.cpuUsage(cpu);
console.log(JSON.stringify({
  articles: index.pages,
  indexMb: index.bytes / 1e6,
  cpuS: (user + system) / 1e6,
  wallS: (performance.now() - start) / 1000,
  rssBeforeMb,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
}));
