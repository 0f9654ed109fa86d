/**
 * (b) Fill + verify of 256 MiB through a 16-way, 256 B interleave (4 host bridges × 4-way switches)
 * in a fresh lab, against a plain typed-array allocate + fill + compare of 256 MiB of fresh memory
 * with the same pattern and the same word-loop techniques, in the same run. Both pay for first-touch
 * page faults. The ratio is routed throughput / typed-array throughput.
 */
import { fill, verify } from '../src/cxl/decode/access.ts';
import { createLab } from '../src/cxl/lab.ts';
import { sixteenWay } from './topologies.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const BYTES = 256 * 2 ** 20;
const MIB = 2 ** 20;
const TWO_POW_32 = 2 ** 32;

/**
 * Plain typed-array baseline: allocate `bytes` of fresh memory (as the lab's fill must), fill it with
 * the pattern, then compare every byte (as 32-bit words).
 */
function baseline(bytes: number, kind: 'byte' | 'tag', start: number, reuse?: Uint8Array): number {
  const t0 = performance.now();
  const a = reuse ?? new Uint8Array(bytes);
  const words = new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
  if (kind === 'byte') {
    a.fill(0xa5);
  } else {
    let lo = start % TWO_POW_32;
    let hi = Math.floor(start / TWO_POW_32);
    for (let w = 0; w < words.length; w += 2) {
      words[w] = lo;
      words[w + 1] = hi;
      lo += 8;
      if (lo >= TWO_POW_32) {
        lo -= TWO_POW_32;
        hi++;
      }
    }
  }
  let bad = 0;
  if (kind === 'byte') {
    for (let w = 0; w < words.length; w++) if (words[w] !== 0xa5a5a5a5) bad++;
  } else {
    let lo = start % TWO_POW_32;
    let hi = Math.floor(start / TWO_POW_32);
    for (let w = 0; w < words.length; w += 2) {
      if (words[w] !== lo || words[w + 1] !== hi) bad++;
      lo += 8;
      if (lo >= TWO_POW_32) {
        lo -= TWO_POW_32;
        hi++;
      }
    }
  }
  const ms = performance.now() - t0;
  if (bad !== 0) throw new Error('baseline compare failed');
  return ms;
}

const suite: BenchSuite = {
  name: 'fill',
  run(): BenchRow[] {
    const rows: BenchRow[] = [];
    for (const kind of ['byte', 'tag'] as const) {
      const made = createLab(sixteenWay(256));
      if (!made.ok) throw new Error(made.error.message);
      const lab = made.value.lab;
      const start = lab.topology.windows[0]?.base ?? 0;
      const pattern = kind === 'byte' ? ({ kind: 'byte', value: 0xa5 } as const) : ({ kind: 'tag' } as const);
      // Warm-up on a small range (JIT), then the measured 256 MiB in a fresh region.
      fill(lab, start, 4 * MIB, pattern);
      verify(lab, start, 4 * MIB, pattern);
      baseline(4 * MIB, kind, start);
      const at = start + 64 * MIB;
      const t0 = performance.now();
      const f = fill(lab, at, BYTES, pattern);
      const t1 = performance.now();
      const v = verify(lab, at, BYTES, pattern);
      const t2 = performance.now();
      if (!f.ok || !v.ok || v.mismatchCount !== 0) throw new Error(`routed ${kind} fill/verify failed`);
      const plainMs = baseline(BYTES, kind, at);
      // Steady state: the same again on memory that already exists (lab pages / a touched array).
      const t3 = performance.now();
      fill(lab, at, BYTES, pattern);
      const v2 = verify(lab, at, BYTES, pattern);
      const t4 = performance.now();
      if (!v2.ok) throw new Error(`routed ${kind} refill failed`);
      const touched = new Uint8Array(BYTES).fill(1);
      const plainAgainMs = baseline(BYTES, kind, at, touched);
      const name = kind === 'byte' ? 'constant byte' : 'address tag';
      const mibps = (ms: number) => BYTES / MIB / (ms / 1000);
      rows.push(
        {
          suite: 'fill',
          case: `fill+verify 256 MiB fresh, 16-way @256 B, ${name} (fill ${(t1 - t0).toFixed(0)} ms, verify ${(t2 - t1).toFixed(0)} ms)`,
          value: mibps(t2 - t0),
          unit: 'MiB/s',
          ratio: `${(plainMs / (t2 - t0)).toFixed(2)}× typed array`,
          goal: '≥ 0.5×',
        },
        {
          suite: 'fill',
          case: `typed-array alloc+fill+compare 256 MiB fresh, ${name} (${plainMs.toFixed(0)} ms)`,
          value: mibps(plainMs),
          unit: 'MiB/s',
        },
        {
          suite: 'fill',
          case: `fill+verify 256 MiB again (pages exist), ${name} (${(t4 - t3).toFixed(0)} ms)`,
          value: mibps(t4 - t3),
          unit: 'MiB/s',
          ratio: `${(plainAgainMs / (t4 - t3)).toFixed(2)}× typed array`,
          goal: '≥ 0.5×',
        },
        {
          suite: 'fill',
          case: `typed-array fill+compare 256 MiB, touched array, ${name} (${plainAgainMs.toFixed(0)} ms)`,
          value: mibps(plainAgainMs),
          unit: 'MiB/s',
        },
      );
    }
    return rows;
  },
};
export default suite;
