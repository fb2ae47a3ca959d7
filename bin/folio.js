#!/usr/bin/env node
// folio's executable: registers the TypeScript loader and hands argv to src/cli.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
