#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts suite (or those named on the command line) and prints a table.
// Re-runs itself with --expose-gc once so the memory suite can collect garbage before measuring.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

if (typeof globalThis.gc !== 'function' && process.env.CXL_LAB_BENCH_CHILD !== '1') {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, CXL_LAB_BENCH_CHILD: '1' },
    },
  );
  process.exit(child.status ?? 1);
}

register();
const { runBenchmarks } = await import('../bench/run.ts');
process.exitCode = await runBenchmarks(process.argv.slice(2));
