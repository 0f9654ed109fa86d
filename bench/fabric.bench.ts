/**
 * (issue 18) Multi-host pooling against one host: 4 hosts share a switch with 4 MLDs of 4 LDs each,
 * host h getting LD h of every MLD in one 4-way region at 256 B; the single-host case is the same
 * 4-way switch with 4 plain Type 3 devices. Routed translations per second (compiled fast path) and
 * fill + verify of 256 MiB through host 0, whose LDs are windows onto the shared media.
 */

import { fill, verify } from '../src/cxl/decode/access.ts';
import { compiledDecode } from '../src/cxl/decode/compile.ts';
import { bareHost, HOST_WINDOW_BASE, unboundVcs } from '../src/cxl/fabric/build.ts';
import { createFabricLab } from '../src/cxl/fabric/fabric-lab.ts';
import type { MultiHostSpec } from '../src/cxl/fabric/model.ts';
import { createLab, type Lab } from '../src/cxl/lab.ts';
import { applyPlan } from '../src/cxl/region/apply.ts';
import { createRegion } from '../src/cxl/region/create.ts';
import type { BenchRow, BenchSuite } from './types.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const BYTES = 256 * MIB;

function pooled(): MultiHostSpec {
  const vcss = [0, 1, 2, 3].map((h) => {
    const v = unboundVcs(h, h, 4);
    v.vppbs = v.vppbs.map((b, k) => ({
      vppb: b.vppb,
      binding: { state: 'ld' as const, port: 10 + k, ld: h },
    }));
    return v;
  });
  return {
    name: 'bench pool',
    hosts: [0, 1, 2, 3].map((h) => bareHost(`h${h}`)),
    fabric: {
      switches: [
        {
          id: 'sw0',
          ports: [
            ...[0, 1, 2, 3].map((h) => ({
              port: h,
              role: 'upstream' as const,
              link: { host: `h${h}`, rootPort: 'rp0.0' },
            })),
            ...[0, 1, 2, 3].map((k) => ({ port: 10 + k, role: 'downstream' as const })),
          ],
          vcss,
        },
      ],
      devices: [0, 1, 2, 3].map((k) => ({
        id: `mld${k}`,
        kind: 'mld' as const,
        serial: 0x100 + k,
        capacity: 4 * GIB,
        granularity: 256 * MIB,
        lds: [0, 1, 2, 3].map((ld) => ({ ld, range1: GIB, range2: 0, decoderCount: 4, decoders: [] })),
        attach: { switch: 'sw0', port: 10 + k },
      })),
    },
  };
}

/** The same shape for one host: a switch below rp0.0 with 4 plain 1 GiB devices. */
function singleHost(): Lab {
  const host = bareHost('h0');
  host.components.push({ id: 'sw0', kind: 'switch', parent: 'rp0.0', decoderCount: 4, decoders: [] });
  for (let k = 0; k < 4; k++) {
    host.components.push({ id: `dsp${k}`, kind: 'downstream-port', parent: 'sw0', port: k });
    host.components.push({
      id: `mem${k}`,
      kind: 'type3',
      parent: `dsp${k}`,
      volatile: GIB,
      persistent: 0,
      decoderCount: 4,
      serial: k + 1,
      decoders: [],
    });
  }
  const made = createLab({ name: 'bench single', windows: host.windows, components: host.components });
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

function region(lab: Lab, members: string[]): void {
  const plan = createRegion(lab, { window: 'cfmw0', members, mode: 'volatile' });
  if (!plan.ok) throw new Error(plan.error.message);
  if (!applyPlan(lab, plan.value).ok) throw new Error('apply');
}

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
    const single = singleHost();
    region(single, ['mem0', 'mem1', 'mem2', 'mem3']);
    const made = createFabricLab(pooled());
    if (!made.ok) throw new Error(made.error.message);
    const host0 = made.value.lab.host('h0');
    if (host0 === undefined) throw new Error('no host');
    region(host0, ['mld0.ld0', 'mld1.ld0', 'mld2.ld0', 'mld3.ld0']);
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
