#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts suite (or those named on the command line) and prints a table.
import { register } from 'tsx/esm/api';

register();
const { runBenchmarks } = await import('../bench/run.ts');
process.exitCode = await runBenchmarks(process.argv.slice(2));
