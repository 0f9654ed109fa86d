import type { BenchSuite } from './types.ts';

/** Baseline: how fast this machine fills and compares a typed array (other suites compare against it). */
const suite: BenchSuite = {
  name: 'baseline',
  run() {
    const bytes = 64 * 1024 * 1024;
    const a = new Uint8Array(bytes);
    const t0 = performance.now();
    a.fill(0xa5);
    let same = true;
    for (let i = 0; i < bytes; i += 4096) if (a[i] !== 0xa5) same = false;
    const ms = performance.now() - t0;
    if (!same) throw new Error('typed array fill failed');
    return [
      {
        suite: 'baseline',
        case: 'Uint8Array.fill 64 MiB',
        value: bytes / 2 ** 20 / (ms / 1000),
        unit: 'MiB/s',
      },
    ];
  },
};
export default suite;
