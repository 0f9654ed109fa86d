#!/usr/bin/env node
// CXL Topology Lab command-line entry: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

// A reader that stops early (`cxl-lab route … | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// For the tests that measure memory: the process's peak resident set, as the kernel counts it.
if (process.env.CXL_LAB_REPORT_MAXRSS === '1') {
  process.stderr.write(`cxl-lab: maxRSS ${process.resourceUsage().maxRSS} KiB\n`);
}
