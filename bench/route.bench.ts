/**
 * (a) Routed translations per second on a 16-way, two-level interleave (4 host bridges × a 4-way
 * switch each): the compiled fast path (`CompiledDecode.translate`, and the `route()` API around it)
 * against the reference walk (which also builds the hop trace). Same random HPAs for all cases.
 */
import { route } from '../src/cxl/decode/access.ts';
import { compiledDecode } from '../src/cxl/decode/compile.ts';
import { walk } from '../src/cxl/decode/walk.ts';
import { createLab } from '../src/cxl/lab.ts';
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
    ];
  },
};
export default suite;
