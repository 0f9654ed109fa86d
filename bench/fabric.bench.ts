/**
 * (issue 18) Multi-host pooling against one host: 4 hosts share a switch with 4 MLDs of 4 LDs each,
 * host h getting LD h of every MLD in one 4-way region at 256 B; the single-host case is the same
 * 4-way switch with 4 plain Type 3 devices. Routed translations per second (compiled fast path) and
 * fill + verify of 256 MiB through host 0, whose LDs are windows onto the shared media.
 */

import { fill, verify } from '../src/cxl/decode/access.ts';
import { compiledDecode } from '../src/cxl/decode/compile.ts';
import { HOST_WINDOW_BASE } from '../src/cxl/fabric/build.ts';
import type { Lab } from '../src/cxl/lab.ts';
import { pooledPair } from './fabric-topologies.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const BYTES = 256 * MIB;

function translationsPerSecond(lab: Lab): number {
  const compiled = compiledDecode(lab);
  const n = 1 << 20;
  const hpas = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    hpas[i] = HOST_WINDOW_BASE + (x % (4 * GIB));
  }
  let ops = 0;
  let sink = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < 1500) {
    for (let i = 0; i < n; i++) sink += compiled.translate(hpas[i] ?? 0);
    ops += n;
    t = performance.now();
  }
  if (sink === -1) throw new Error('unreachable');
  return ops / ((t - t0) / 1000);
}

function fillVerifyMibps(lab: Lab): number {
  fill(lab, HOST_WINDOW_BASE, 4 * MIB, { kind: 'tag' });
  verify(lab, HOST_WINDOW_BASE, 4 * MIB, { kind: 'tag' });
  const at = HOST_WINDOW_BASE + 64 * MIB;
  const t0 = performance.now();
  const f = fill(lab, at, BYTES, { kind: 'tag' });
  const v = verify(lab, at, BYTES, { kind: 'tag' });
  const ms = performance.now() - t0;
  if (!f.ok || !v.ok || v.mismatchCount !== 0) throw new Error('fill/verify failed');
  return BYTES / MIB / (ms / 1000);
}

const suite: BenchSuite = {
  name: 'fabric',
  run(): BenchRow[] {
    const { single, host0 } = pooledPair();
    const rs = translationsPerSecond(single);
    const rm = translationsPerSecond(host0);
    const fs = fillVerifyMibps(single);
    const fm = fillVerifyMibps(host0);
    return [
      {
        suite: 'fabric',
        case: '1 host, 4-way switch, 4 devices: fast path',
        value: rs,
        unit: 'translations/s',
      },
      {
        suite: 'fabric',
        case: '4 hosts, 4 MLDs × 4 LDs, host 0 4-way: fast path',
        value: rm,
        unit: 'translations/s',
        ratio: `${(rm / rs).toFixed(2)}× 1 host`,
        goal: '≈ 1× (same fast path)',
      },
      {
        suite: 'fabric',
        case: '1 host, 4-way: fill+verify 256 MiB fresh, address tag',
        value: fs,
        unit: 'MiB/s',
      },
      {
        suite: 'fabric',
        case: '4 hosts, host 0 4-way over LD windows: fill+verify 256 MiB fresh, address tag',
        value: fm,
        unit: 'MiB/s',
        ratio: `${(fm / fs).toFixed(2)}× 1 host`,
      },
    ];
  },
};
export default suite;
