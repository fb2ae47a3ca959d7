#!/usr/bin/env node
// folio's executable: registers the TypeScript loader and hands argv to src/cli.
import { writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// For `npm run bench`: the process's peak RSS (worker threads included), written at exit.
if (process.env.FOLIO_STATS_FILE) {
  const file = process.env.FOLIO_STATS_FILE;
  process.on('exit', () => writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
}

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
