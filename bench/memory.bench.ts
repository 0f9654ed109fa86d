/**
 * (c) Memory: a lab with 16 Type 3 devices of 1 TiB each (16-way, 4 KiB interleave, one 16 TiB
 * window), then 1 MiB written through routing as 256 scattered 4 KiB writes across the whole window.
 * Reports how much the JS heap plus ArrayBuffer memory grew (goal < 16 MiB). Runs `global.gc` first
 * when available (`bin/bench.mjs` starts node with --expose-gc).
 */
import { write } from '../src/cxl/decode/access.ts';
import { createLab } from '../src/cxl/lab.ts';
import { sixteenWay } from './topologies.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const MIB = 2 ** 20;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const suite: BenchSuite = {
  name: 'memory',
  run(): BenchRow[] {
    const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    collect();
    const before = used();
    const made = createLab(sixteenWay(4096, 2 ** 40));
    if (!made.ok) throw new Error(made.error.message);
    const lab = made.value.lab;
    collect();
    const afterLab = used();
    const window = lab.topology.windows[0];
    if (window === undefined) throw new Error('no window');
    const chunk = new Uint8Array(4096).fill(0x5a);
    let x = 987654321;
    let pages = 0;
    for (let i = 0; i < 256; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      // The window has 2^32 pages of 4 KiB: x (a uint32) picks one uniformly.
      const r = write(lab, window.base + (x % (window.size / 4096)) * 4096, chunk, { trace: false });
      if (!r.ok) throw new Error(r.errors[0]?.message ?? 'write failed');
    }
    for (const c of lab.topology.spec.components)
      if (c.kind === 'type3') pages += lab.memory(c.id).touchedPages;
    collect();
    const afterWrite = used();
    const note = hasGc ? '' : ' (no --expose-gc: figures include garbage)';
    return [
      {
        suite: 'memory',
        case: `lab with 16 × 1 TiB devices (heap + ArrayBuffers)${note}`,
        value: (afterLab - before) / MIB,
        unit: 'MiB',
      },
      {
        suite: 'memory',
        case: `+1 MiB written as 256 scattered 4 KiB writes (${pages} pages touched)${note}`,
        value: (afterWrite - afterLab) / MIB,
        unit: 'MiB',
        goal: '< 16 MiB',
      },
    ];
  },
};
export default suite;
