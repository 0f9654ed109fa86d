/**
 * `importCxlList`: a hand-written `cxl list -BDMPTERvvv` listing of the 2 host bridges × 2 root
 * ports 4-way region (docs/cxl-notes.md worked example; ndctl cxl/json.c; `tests/fixtures/cxl-list-2hb-4way.json`) becomes a lab
 * with the same decoders; subsets (no -T, no -M, flat listings, `-u` human numbers) become findings
 * instead of guesses; the lab → `cxlList` → import → lab round trip routes every sampled address
 * the same (and lists the same); mutated listings and random JSON never throw.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  type ComponentSpec,
  createLab,
  createRegion,
  cxlList,
  formatCxlJson,
  importCxlList,
  type Lab,
  linuxNames,
  listRegions,
  type RegionMode,
  route,
  type TopologySpec,
} from '../../src/cxl/index.ts';
import { GIB, hb, lab, MIB, rp, sw, t3, topo, WINDOW_BASE, win } from './helpers/region-topologies.ts';

const FIXTURE = readFileSync(new URL('../fixtures/cxl-list-2hb-4way.json', import.meta.url), 'utf8');

function imported(text: string): { spec: TopologySpec; findings: string[]; lab: Lab } {
  const r = importCxlList(text);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  const created = createLab(r.value.spec);
  if (!created.ok) throw new Error(created.error.message);
  expect(created.value.findings).toEqual([]);
  return { spec: r.value.spec, findings: r.value.findings.map((f) => f.message), lab: created.value.lab };
}

function at(l: Lab, hpa: number): [string, number] | [string] {
  const r = route(l, hpa);
  return r.ok ? [r.device, r.dpa] : [r.error.code];
}

describe('the 2 HB × 2 RP 4-way listing', () => {
  it('rebuilds the topology: host bridges by UID, root ports by port number, devices by memdev', () => {
    const { spec, findings } = imported(FIXTURE);
    expect(spec.components.map((c) => [c.id, c.kind, 'parent' in c ? c.parent : null])).toEqual([
      ['hb0', 'host-bridge', null],
      ['rp0.0', 'root-port', 'hb0'],
      ['rp0.1', 'root-port', 'hb0'],
      ['hb1', 'host-bridge', null],
      ['rp1.0', 'root-port', 'hb1'],
      ['rp1.1', 'root-port', 'hb1'],
      ['mem0', 'type3', 'rp0.0'],
      ['mem1', 'type3', 'rp0.1'],
      ['mem2', 'type3', 'rp1.0'],
      ['mem3', 'type3', 'rp1.1'],
    ]);
    const hb0 = spec.components[0];
    expect(hb0).toMatchObject({ uid: 12, decoderCount: 4, name: 'port1 (pci0000:0c, ACPI0016:00, UID 12)' });
    expect(spec.components[3]).toMatchObject({ uid: 222 });
    expect(spec.components[6]).toMatchObject({
      persistent: 256 * MIB,
      volatile: 0,
      serial: 16,
      decoderCount: 4,
    });
    expect(spec.windows).toEqual([
      {
        id: 'cfmw0',
        base: WINDOW_BASE,
        size: 4 * GIB,
        ways: 2,
        granularity: 256,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb0', 'hb1'],
        restrictions: ['type2', 'type3', 'volatile', 'persistent'],
        qtg: 0,
      },
    ]);
    expect(findings).toEqual([
      'decoder0.0: cxl list does not show the interleave arithmetic; modulo assumed (an XOR window needs its CXIMS from the CEDT)',
    ]);
  });

  it('programs the decoders as the kernel left them', () => {
    const { spec } = imported(FIXTURE);
    const hb0 = spec.components.find((c) => c.id === 'hb0');
    expect(hb0?.kind === 'host-bridge' && hb0.decoders[0]).toEqual({
      base: WINDOW_BASE,
      size: GIB,
      ways: 2,
      granularity: 512,
      targets: [0, 1],
      commit: true,
      lock: false,
    });
    const mem2 = spec.components.find((c) => c.id === 'mem2');
    expect(mem2?.kind === 'type3' && mem2.decoders).toEqual([
      { base: WINDOW_BASE, size: GIB, ways: 4, granularity: 256, skip: 0, commit: true, lock: false },
      { base: 0, size: 0, ways: 1, granularity: 256, skip: 0, commit: false, lock: false },
      { base: 0, size: 0, ways: 1, granularity: 256, skip: 0, commit: false, lock: false },
      { base: 0, size: 0, ways: 1, granularity: 256, skip: 0, commit: false, lock: false },
    ]);
  });

  it('decodes like the machine: HB on bit 8, root port on bit 9 (docs/cxl-notes.md worked example)', () => {
    const { lab: l } = imported(FIXTURE);
    expect(at(l, WINDOW_BASE)).toEqual(['mem0', 0]);
    expect(at(l, WINDOW_BASE + 256)).toEqual(['mem2', 0]);
    expect(at(l, WINDOW_BASE + 512)).toEqual(['mem1', 0]);
    expect(at(l, WINDOW_BASE + 768 + 7)).toEqual(['mem3', 7]);
    expect(at(l, WINDOW_BASE + 1024 + 5)).toEqual(['mem0', 256 + 5]);
    expect(at(l, WINDOW_BASE + GIB)[0]).not.toBe('mem0');
    const [region] = listRegions(l);
    expect(region).toMatchObject({ name: 'region0', ways: 4, granularity: 256, type: 'pmem', problems: [] });
    expect(region?.targets.map((t) => t.memdev)).toEqual(['mem0', 'mem2', 'mem1', 'mem3']);
  });

  it('lists back as the fixture shows it (decoders, targets, regions)', () => {
    const { lab: l } = imported(FIXTURE);
    const strip = (v: unknown): unknown =>
      JSON.parse(
        JSON.stringify(v, (k, x) =>
          ['firmware_version', 'numa_node', 'partition_info'].includes(k) ? undefined : x,
        ),
      );
    const original = strip(JSON.parse(FIXTURE)) as { [k: string]: unknown }[];
    const mine = strip(cxlList(l)) as { [k: string]: unknown }[];
    // Region mappings come out in position order; the fixture lists them in reverse.
    type Obj = { [k: string]: unknown };
    const roots = (original[0]?.['decoders:root0'] ?? []) as Obj[];
    const regions = (roots[0]?.['regions:decoder0.0'] ?? []) as Obj[];
    const fixtureRegion = regions[0] as { mappings: { position: number }[] };
    fixtureRegion.mappings.sort((a, b) => a.position - b.position);
    expect(mine).toEqual(original);
  });

  it('reads the -u human form (hex strings and "1.00 GiB (1.07 GB)" sizes)', () => {
    const { lab: l } = imported(FIXTURE);
    const human = formatCxlJson(cxlList(l, { human: true }));
    expect(human).toContain('"size":"1.00 GiB (1.07 GB)"');
    expect(human).toContain('"resource":"0x490000000"');
    const back = imported(human);
    expect(back.spec.components).toEqual(imported(FIXTURE).spec.components);
    expect(back.spec.windows).toEqual(imported(FIXTURE).spec.windows);
  });
});

describe('subsets become findings, not guesses', () => {
  const fixture = (): { [k: string]: unknown }[] => JSON.parse(FIXTURE);
  const drop = (keys: string[]) => JSON.stringify(fixture(), (k, v) => (keys.includes(k) ? undefined : v));

  it('without -T: no targets, so no window and unprogrammed port decoders', () => {
    const r = importCxlList(drop(['targets', 'dports']));
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.spec.windows).toEqual([]);
    const messages = r.value.findings.map((f) => f.message);
    expect(messages).toContain('decoder0.0: its 2 targets are not listed (list with -T); window left out');
    expect(messages).toContain(
      'decoder1.0: enabled, but its targets are not listed (list with -T); left unprogrammed',
    );
    expect(messages).toContain(
      'port1 (pci0000:0c): its UID is not listed (list with -B -T); UID 12 = its PCI bus number assumed, as QEMU does',
    );
    expect(messages.some((m) => m.startsWith('port1: dports not listed (list with -T); 2 inferred'))).toBe(
      true,
    );
    const hb0 = r.value.spec.components.find((c) => c.id === 'hb0');
    expect(hb0?.kind === 'host-bridge' && hb0.decoders.every((d) => !d.commit)).toBe(true);
  });

  it('without memdevs (-M): capacity only as large as the decoders prove, with a finding', () => {
    const r = importCxlList(drop(['memdev']));
    if (!r.ok) throw new Error(r.error[0]?.message);
    const mem0 = r.value.spec.components.find((c) => c.kind === 'type3');
    // The endpoint's host still names mem0; only the capacity and serial are unknown.
    expect(mem0).toMatchObject({ id: 'mem0', volatile: 0, persistent: 256 * MIB, serial: 0 });
    expect(r.value.findings.map((f) => f.code)).toContain('cxl-list.capacity-derived');
    expect(r.value.findings.map((f) => f.code)).toContain('cxl-list.memdev-missing');
  });

  it('an endpoint whose port is not listed is left out, and its region reported incomplete', () => {
    const f = fixture();
    const bus = f[0] as { 'ports:root0': { 'endpoints:port2'?: unknown[] }[] };
    const port2 = bus['ports:root0'][1] as { 'endpoints:port2': { parent_dport: string }[] };
    (port2['endpoints:port2'][1] as { parent_dport: string }).parent_dport = '0000:99:00.0';
    const r = importCxlList(JSON.stringify(f));
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.spec.components.some((c) => c.id === 'mem3')).toBe(false);
    const messages = r.value.findings.map((x) => x.message);
    expect(messages).toContain(
      'endpoint6 (mem3): its parent dport 0000:99:00.0 is not listed; device left out',
    );
    expect(messages).toContain(
      'decoder6.0, decoder6.1, decoder6.2, decoder6.3: endpoint6 is not listed (or was left out); decoders left out',
    );
    expect(messages).toContain(
      'mem3 (serial 0x13): not below any listed port (an "anon memdev", or its endpoint is not listed); left out',
    );
    expect(messages).toContain(
      'region0: position 3 is mem3 (decoder6.0), which is not listed below any port; the region stays incomplete',
    );
    const created = createLab(r.value.spec);
    expect(created.ok).toBe(true);
    if (created.ok) expect(listRegions(created.value.lab)[0]?.problems.length).toBeGreaterThan(0);
  });

  it('reads flat listings of several object types', () => {
    const f = fixture();
    const bus = f[0] as { [k: string]: unknown };
    const ports = bus['ports:root0'] as { [k: string]: unknown }[];
    const endpoints = ports.flatMap((p) => (p[`endpoints:${p.port}`] as unknown[]) ?? []);
    const portDecoders = ports.flatMap((p) => (p[`decoders:${p.port}`] as unknown[]) ?? []);
    for (const p of ports) {
      delete p[`endpoints:${p.port}`];
      delete p[`decoders:${p.port}`];
    }
    const rootDecoders = bus['decoders:root0'];
    delete bus['ports:root0'];
    delete bus['decoders:root0'];
    const flat = [
      { buses: [bus] },
      { ports },
      { endpoints: endpoints.map((e) => ({ ...(e as object), 'decoders:x': undefined })) },
      { 'port decoders': portDecoders },
      {
        'endpoint decoders': endpoints.flatMap(
          (e) => (e as { [k: string]: unknown[] })[`decoders:${(e as { endpoint: string }).endpoint}`] ?? [],
        ),
      },
      { 'root decoders': rootDecoders },
    ];
    const { lab: l } = imported(JSON.stringify(flat));
    expect(at(l, WINDOW_BASE + 256)).toEqual(['mem2', 0]);
    expect(at(l, WINDOW_BASE + 768)).toEqual(['mem3', 0]);
  });

  it('recognises a passthrough host bridge (one dport, one decoder)', () => {
    const spec = topo(
      [win('cfmw0', ['hb0'], 256, { size: 4 * GIB })],
      [hb('hb0', 7, 0), rp('rp0', 'hb0', 3), t3('d', 'rp0', GIB, GIB, { serial: 5 })],
    );
    const original = lab(spec);
    const plan = createRegion(original, { window: 'cfmw0', members: ['d'], mode: 'persistent' });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(applyPlan(original, plan.value).ok).toBe(true);
    const r = importCxlList(JSON.stringify(cxlList(original)));
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.spec.components[0]).toMatchObject({ kind: 'host-bridge', decoderCount: 0, uid: 7 });
    expect(r.value.findings.map((f) => f.code)).toContain('cxl-list.passthrough');
    const d = r.value.spec.components.find((c) => c.kind === 'type3');
    // The pmem decoder skips the whole ram partition (Linux hdm.c cxl_dpa_alloc).
    expect(d?.kind === 'type3' && d.decoders[0]).toMatchObject({ skip: GIB, commit: true });
  });

  it('refuses what is not a listing at all', () => {
    for (const text of [
      '',
      '{',
      '[]',
      '{"memdev":"mem0"}',
      '"x"',
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    ]) {
      const r = importCxlList(text);
      expect(r.ok).toBe(false);
    }
  });
});

// --- Round trip: lab → cxlList → import → lab -------------------------------------------------

interface Case {
  rootWays: number;
  fanouts: number[];
  granularity: number;
  passthrough: boolean;
  mode: RegionMode;
  second: boolean;
  human: boolean;
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    rootWays: fc.constantFrom(1, 2, 4),
    fanouts: fc.array(fc.constantFrom(1, 2), { minLength: 1, maxLength: 3 }),
    gExp: fc.integer({ min: 0, max: 4 }),
    passthrough: fc.boolean(),
    mode: fc.constantFrom<RegionMode>('volatile', 'persistent'),
    second: fc.boolean(),
    human: fc.boolean(),
  })
  .map(({ gExp, ...rest }) => ({ ...rest, granularity: 256 * 2 ** gExp }))
  .filter((c) => {
    const ways = c.rootWays * product(c.fanouts);
    if (ways > 16 || c.granularity * ways > 32768) return false;
    for (let k = 0; k < c.fanouts.length; k++) {
      if (c.granularity * c.rootWays * product(c.fanouts.slice(0, k)) > 16384) return false;
    }
    return !(c.passthrough && (c.fanouts[0] !== 1 || c.second));
  });

function buildCase(c: Case): { spec: TopologySpec; order: string[] } {
  const components: ComponentSpec[] = [];
  const leaves: { id: string; pos: number }[] = [];
  for (let h = 0; h < c.rootWays; h++) {
    const hbId = `hb${h}`;
    components.push(hb(hbId, 10 + h * 20, c.passthrough ? 0 : 4));
    const grow = (parent: string, level: number, digits: number[]): void => {
      const f = c.fanouts[level] ?? 1;
      for (let d = 0; d < f; d++) {
        const portId = `${parent}.p${d}`;
        components.push(
          level === 0 ? rp(portId, parent, d) : { kind: 'downstream-port', id: portId, parent, port: d },
        );
        const here = [...digits, d];
        if (level + 1 < c.fanouts.length) {
          components.push(sw(`${portId}.sw`, portId));
          grow(`${portId}.sw`, level + 1, here);
        } else {
          let inner = 0;
          for (let k = here.length - 1; k >= 0; k--) inner = inner * (c.fanouts[k] ?? 1) + (here[k] ?? 0);
          const id = `dev${h}_${here.join('_')}`;
          components.push(t3(id, portId, 2 * GIB, 2 * GIB, { serial: 100 + leaves.length }));
          leaves.push({ id, pos: h + c.rootWays * inner });
        }
      }
    };
    grow(hbId, 0, []);
  }
  const targets = Array.from({ length: c.rootWays }, (_, h) => `hb${h}`);
  const spec = topo([win('cfmw0', targets, c.granularity, { size: 64 * GIB })], components);
  return { spec, order: leaves.sort((a, b) => a.pos - b.pos).map((l) => l.id) };
}

describe('lab → cxlList → import → lab', () => {
  it('routes every sampled address to the same device and DPA, and lists the same', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.nat(), { minLength: 24, maxLength: 24 }), (c, samples) => {
        const { spec, order } = buildCase(c);
        const original = lab(spec);
        // Ram before pmem: once a pmem decoder skips the ram tail, Linux cannot place ram (Linux hdm.c cxl_dpa_alloc).
        const regions: RegionMode[] = c.second ? ['volatile', 'persistent'] : [c.mode];
        for (const mode of regions) {
          const plan = createRegion(original, {
            window: 'cfmw0',
            members: order,
            mode,
            size: order.length * 256 * MIB,
          });
          if (!plan.ok) throw new Error(plan.error.message);
          const applied = applyPlan(original, plan.value);
          if (!applied.ok) throw new Error(applied.error.message);
        }
        const listing = cxlList(original, { human: c.human });
        const r = importCxlList(formatCxlJson(listing));
        if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
        const created = createLab(r.value.spec);
        if (!created.ok) throw new Error(created.error.message);
        expect(created.value.findings).toEqual([]);
        const copy = created.value.lab;
        const names = linuxNames(original.topology);
        const used = regions.length * order.length * 256 * MIB;
        for (const s of samples) {
          const hpa = WINDOW_BASE + (s % (used + 64 * MIB));
          const a = route(original, hpa);
          const b = route(copy, hpa);
          expect(b.ok).toBe(a.ok);
          if (a.ok && b.ok) {
            expect(b.device).toBe(names.memdevName(a.device));
            expect(b.dpa).toBe(a.dpa);
          }
        }
        expect(cxlList(copy, { human: c.human })).toEqual(listing);
      }),
      { numRuns: 60, seed: 6 },
    );
  });
});

describe('fuzzed listings never throw', () => {
  const check = (text: string): void => {
    const r = importCxlList(text);
    if (r.ok) {
      // Whatever is accepted builds a lab (decoders that do not commit are findings there).
      expect(createLab(r.value.spec).ok).toBe(true);
    } else expect(r.error.length).toBeGreaterThan(0);
  };

  it('random JSON', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => check(text)),
      { numRuns: 400, seed: 8 },
    );
  });

  it('mutated listings (values replaced, keys dropped, arrays shuffled)', () => {
    const base = JSON.parse(FIXTURE) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      paths.push(path);
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          walk(x, [...path, i]);
        });
      } else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(base, []);
    const replacement = fc.oneof(
      fc.constantFrom<unknown>(
        null,
        true,
        -1,
        0,
        1,
        2 ** 60,
        1.5,
        '',
        '0x',
        '0xffffffffffffffff',
        '1.00 TiB (1.10 TB)',
        'pci0000:0c',
        '0000:0c:00.0',
        'decoder9.9',
        'mem0',
        'region0',
        [],
        {},
      ),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ path: fc.nat(), op: fc.constantFrom('replace', 'drop'), value: replacement }), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const doc = JSON.parse(FIXTURE) as unknown;
          for (const e of edits) {
            const path = paths[e.path % paths.length] ?? [];
            if (path.length === 0) continue;
            let parent = doc as Record<string | number, unknown>;
            for (const k of path.slice(0, -1)) {
              const next = parent?.[k];
              if (next === null || typeof next !== 'object') break;
              parent = next as Record<string | number, unknown>;
            }
            const last = path[path.length - 1] as string | number;
            if (parent === null || typeof parent !== 'object') continue;
            if (e.op === 'drop') delete parent[last];
            else parent[last] = e.value;
          }
          check(JSON.stringify(doc));
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});
