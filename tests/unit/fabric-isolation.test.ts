/**
 * Isolation over random fabrics (issue 18): random hosts, MLD allocations and LD bindings, one Linux
 * region per bound LD in its host. The reference model is the test's own: which host owns each media
 * page, computed from the bindings and the documented media layout (LDs in LD-ID order, Range 1 then
 * Range 2), never from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fill, route, verify } from '../../src/cxl/decode/access.ts';
import { bareHost } from '../../src/cxl/fabric/build.ts';
import { createFabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import type { FabricDeviceSpec, MultiHostSpec, VcsSpec } from '../../src/cxl/fabric/model.ts';
import { applyPlan } from '../../src/cxl/region/apply.ts';
import { createRegion } from '../../src/cxl/region/create.ts';

const MIB = 2 ** 20;
const G = 256 * MIB;
const PAGE = 4096;

interface LdPlan {
  range1: number; // in 256 MiB units
  range2: number;
  owner: number; // host index, or -1 for unbound
}
interface Case {
  hosts: number;
  devices: LdPlan[][];
  extra: number[]; // spare 256 MiB units per device
}

const ldPlan = (hosts: number) =>
  fc.record({
    range1: fc.integer({ min: 0, max: 3 }),
    range2: fc.integer({ min: 0, max: 1 }),
    owner: fc.integer({ min: -1, max: hosts - 1 }),
  });

const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 4 }).chain((hosts) =>
  fc.record({
    hosts: fc.constant(hosts),
    devices: fc.array(fc.array(ldPlan(hosts), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 2,
    }),
    extra: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }),
  }),
);

const bound = (ld: LdPlan) => ld.owner >= 0 && ld.range1 + ld.range2 > 0;

/** The fabric: host i on upstream port i (VCS i); device k on downstream port 100 + k. */
function specOf(c: Case): MultiHostSpec {
  const vcss: VcsSpec[] = Array.from({ length: c.hosts }, (_, h) => ({
    vcs: h,
    usp: h,
    decoderCount: 8,
    decoders: [],
    vppbs: [],
  }));
  const devices: FabricDeviceSpec[] = c.devices.map((lds, k) => {
    lds.forEach((ld, n) => {
      const vcs = vcss[ld.owner];
      if (bound(ld) && vcs !== undefined)
        vcs.vppbs.push({ vppb: vcs.vppbs.length, binding: { state: 'ld', port: 100 + k, ld: n } });
    });
    const units = lds.reduce((s, ld) => s + ld.range1 + ld.range2, 0) + (c.extra[k] ?? 0);
    return {
      id: `mld${k}`,
      kind: 'mld',
      serial: 0x100 + k,
      capacity: Math.max(1, units) * G,
      granularity: G,
      lds: lds.map((ld, n) => ({
        ld: n,
        range1: ld.range1 * G,
        range2: ld.range2 * G,
        decoderCount: 1,
        decoders: [],
      })),
      attach: { switch: 'sw0', port: 100 + k },
    };
  });
  for (const v of vcss) v.vppbs.push({ vppb: v.vppbs.length, binding: { state: 'unbound' } });
  return {
    name: 'random fabric',
    hosts: Array.from({ length: c.hosts }, (_, h) => bareHost(`h${h}`, { decoderCount: 8 })),
    fabric: {
      switches: [
        {
          id: 'sw0',
          ports: [
            ...Array.from({ length: c.hosts }, (_, h) => ({
              port: h,
              role: 'upstream' as const,
              link: { host: `h${h}`, rootPort: 'rp0.0' },
            })),
            ...c.devices.map((_, k) => ({ port: 100 + k, role: 'downstream' as const })),
          ],
          vcss,
        },
      ],
      devices,
    },
  };
}

/** Reference: owner host of each media page of device k (-1: nobody), from the layout rule alone. */
function pageOwners(c: Case, k: number): Map<number, number> {
  const out = new Map<number, number>();
  let base = 0;
  for (const ld of c.devices[k] ?? []) {
    const size = (ld.range1 + ld.range2) * G;
    for (let p = base / PAGE; p < (base + size) / PAGE; p += 1) if (bound(ld)) out.set(p, ld.owner);
    base += size;
  }
  return out;
}

const fillValue = (h: number) => 0x11 * (h + 1);
/** The bytes each host fills in each of its regions: the first 8 KiB and the last 4 KiB. */
const pieces = (r: { base: number; size: number }) => [
  [r.base, 8192],
  [r.base + r.size - 4096, 4096],
];

describe('fabric isolation (fast-check)', () => {
  it('host A never reaches an LD bound to host B, and A’s fills leave B’s bytes untouched', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), (c, probes) => {
        const built = createFabricLab(specOf(c));
        if (!built.ok) throw new Error(built.error.message);
        const f = built.value.lab;
        const regions: { host: number; base: number; size: number }[] = [];
        c.devices.forEach((lds, k) => {
          lds.forEach((ld, n) => {
            if (!bound(ld)) return;
            const lab = f.host(`h${ld.owner}`);
            if (lab === undefined) throw new Error('host');
            const plan = createRegion(lab, {
              window: 'cfmw0',
              members: [`mld${k}.ld${n}`],
              mode: 'volatile',
            });
            if (!plan.ok) throw new Error(plan.error.message);
            expect(applyPlan(lab, plan.value).ok).toBe(true);
            regions.push({ host: ld.owner, base: plan.value.base, size: plan.value.size });
          });
        });
        // Routing: every HPA a host routes lands on an LD the reference says that host owns.
        for (let h = 0; h < c.hosts; h++) {
          const lab = f.host(`h${h}`);
          if (lab === undefined) throw new Error('host');
          for (const p of probes) {
            const r = route(lab, 0x4c_0000_0000 + ((p * PAGE) % (16 * 1024 * MIB)));
            if (!r.ok) continue;
            const m = /^mld(\d+)\.ld(\d+)$/.exec(r.device);
            expect(m).not.toBeNull();
            expect(c.devices[Number(m?.[1])]?.[Number(m?.[2])]?.owner).toBe(h);
          }
        }
        // Fills: every host fills its regions, then host 0 fills again with another value.
        for (const r of regions) {
          const lab = f.host(`h${r.host}`);
          for (const [at, n] of pieces(r))
            if (lab !== undefined)
              expect(fill(lab, at ?? 0, n ?? 0, { kind: 'byte', value: fillValue(r.host) }).ok).toBe(true);
        }
        const a = f.host('h0');
        for (const r of regions.filter((x) => x.host === 0))
          for (const [at, n] of pieces(r))
            if (a !== undefined) fill(a, at ?? 0, n ?? 0, { kind: 'byte', value: 0xee });
        for (const r of regions.filter((x) => x.host !== 0)) {
          const lab = f.host(`h${r.host}`);
          for (const [at, n] of pieces(r))
            if (lab !== undefined)
              expect(
                verify(lab, at ?? 0, n ?? 0, { kind: 'byte', value: fillValue(r.host) }).mismatchCount,
              ).toBe(0);
        }
        // Media: every written byte sits in a page the reference gives to the host whose value it is.
        c.devices.forEach((_, k) => {
          const owners = pageOwners(c, k);
          for (const [page, bytes] of f.media(`mld${k}`)?.pages() ?? []) {
            const owner = owners.get(page);
            const allowed = owner === undefined ? [0] : [0, fillValue(owner), ...(owner === 0 ? [0xee] : [])];
            expect(bytes.every((b) => allowed.includes(b))).toBe(true);
          }
        });
      }),
      { numRuns: 25 },
    );
  });
});
