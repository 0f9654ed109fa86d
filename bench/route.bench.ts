/**
 * (a) Routed translations per second on a 16-way, two-level interleave (4 host bridges × a 4-way
 * switch each): the compiled fast path (`CompiledDecode.translate`, and the `route()` API around it)
 * against the reference walk (which also builds the hop trace). Same random HPAs for all cases.
 * (issue 18) The multi-host case: host 0 of 4 hosts sharing a switch and 4 MLDs (`fabric-topologies.ts`),
 * its 4-way region over LD windows, against the same 4-way shape in a single-host lab, same HPAs,
 * measured in alternating rounds (best of 4 × 500 ms each).
 */
import { route } from '../src/cxl/decode/access.ts';
import { compiledDecode } from '../src/cxl/decode/compile.ts';
import { walk } from '../src/cxl/decode/walk.ts';
import { HOST_WINDOW_BASE } from '../src/cxl/fabric/build.ts';
import { createLab, type Lab } from '../src/cxl/lab.ts';
import { pooledPair } from './fabric-topologies.ts';
import { sixteenWay } from './topologies.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const suite: BenchSuite = {
  name: 'route',
  run(): BenchRow[] {
    const made = createLab(sixteenWay(256));
    if (!made.ok) throw new Error(made.error.message);
    const lab = made.value.lab;
    const window = lab.topology.windows[0];
    if (window === undefined) throw new Error('no window');
    const n = 1 << 20;
    const hpas = new Float64Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const hi = x % 65536;
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      hpas[i] = window.base + ((hi * 2 ** 28 + (x % 2 ** 28)) % window.size);
    }
    const compiled = compiledDecode(lab);
    // Warm up every path once.
    for (let i = 0; i < 20000; i++) {
      compiled.translate(hpas[i] ?? 0);
      walk(lab, hpas[i] ?? 0);
      route(lab, hpas[i] ?? 0);
    }
    const batch = (fn: (hpa: number) => number, count: number) => () => {
      let s = 0;
      for (let i = 0; i < count; i++) s += fn(hpas[i] ?? 0);
      return count + (s === -1 ? 1 : 0);
    };
    const fastFn = (h: number) => {
      const slot = compiled.translate(h);
      return slot < 0 ? -1 : compiled.dpa;
    };
    const routeFn = (h: number) => {
      const r = route(lab, h);
      return r.ok ? r.dpa : -1;
    };
    const walkFn = (h: number) => {
      const r = walk(lab, h);
      return r.ok ? r.dpa : -1;
    };
    const measure = (fn: (h: number) => number, count: number) => {
      let ops = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < 1500) {
        ops += batch(fn, count)();
        t = performance.now();
      }
      return ops / ((t - t0) / 1000);
    };
    const fast = measure(fastFn, n);
    const api = measure(routeFn, n);
    const slow = measure(walkFn, 1 << 16);
    // Alternating rounds, best of each: a shared machine's load then hits both cases alike.
    const { single, host0 } = pooledPair();
    const oneRun = fastPath(single);
    const pooledRun = fastPath(host0);
    let one = 0;
    let pooled = 0;
    for (let round = 0; round < 4; round++) {
      pooled = Math.max(pooled, pooledRun());
      one = Math.max(one, oneRun());
    }
    return [
      {
        suite: 'route',
        case: '16-way 2-level: fast path (translate)',
        value: fast,
        unit: 'translations/s',
        ratio: `${(fast / slow).toFixed(1)}× walk`,
        goal: '≥ 20 M/s, ≥ 10× walk',
      },
      {
        suite: 'route',
        case: '16-way 2-level: route() API (fast path + result object)',
        value: api,
        unit: 'translations/s',
        ratio: `${(api / slow).toFixed(1)}× walk`,
      },
      {
        suite: 'route',
        case: '16-way 2-level: reference walk (with hop trace)',
        value: slow,
        unit: 'translations/s',
      },
      {
        suite: 'route',
        case: '1 host, 4-way switch, 4 devices: fast path (translate)',
        value: one,
        unit: 'translations/s',
      },
      {
        suite: 'route',
        case: 'multi-host: host 0 of 4 sharing 4 MLDs, 4-way: fast path (translate)',
        value: pooled,
        unit: 'translations/s',
        ratio: `${(pooled / one).toFixed(2)}× 1 host`,
        goal: '≈ 1× (same fast path)',
      },
    ];
  },
};
export default suite;

/** A measurement of fast-path translations per second (500 ms) over random HPAs in `lab`'s 4 GiB region. */
function fastPath(lab: Lab): () => number {
  const compiled = compiledDecode(lab);
  const n = 1 << 20;
  const hpas = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    hpas[i] = HOST_WINDOW_BASE + (x % 2 ** 32);
  }
  for (let i = 0; i < 20000; i++) compiled.translate(hpas[i] ?? 0);
  return () => {
    let ops = 0;
    let sink = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 500) {
      for (let i = 0; i < n; i++) {
        const slot = compiled.translate(hpas[i] ?? 0);
        sink += slot < 0 ? -1 : compiled.dpa;
      }
      ops += n;
      t = performance.now();
    }
    if (Number.isNaN(sink)) throw new Error('unreachable');
    return ops / ((t - t0) / 1000);
  };
}
