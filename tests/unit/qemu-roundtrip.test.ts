/**
 * Properties of the QEMU interop:
 * - topology → `exportQemu` → `importQemu` keeps every component (id, kind, parent), port number,
 *   UID, decoder count, capacity, serial and window (base, size, ways, granularity, targets), for
 *   random QEMU-expressible topologies (host bridges with room for their buses, passthrough bridges
 *   with one root port, switches up to two levels, volatile and/or persistent devices, modulo windows
 *   placed where QEMU places them);
 * - the host script imports to the same topology as the bare command line;
 * - random token soup and mutated valid command lines never make `importQemu` throw, and whatever
 *   it accepts is a valid topology.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComponentSpec,
  exportQemu,
  importQemu,
  type QemuMemory,
  qemuPlacement,
  type TopologySpec,
  validateTopology,
  type WindowSpec,
} from '../../src/cxl/index.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const SEG = 256 * MIB;

interface Type3Shape {
  kind: 'type3';
  vSegs: number;
  pSegs: number;
}
interface SwitchShape {
  kind: 'switch';
  dsps: { port: number; child: Type3Shape | SwitchShape | null }[];
}
type Child = Type3Shape | SwitchShape | null;

const type3Arb: fc.Arbitrary<Type3Shape> = fc
  .record({ vSegs: fc.integer({ min: 0, max: 4 }), pSegs: fc.integer({ min: 0, max: 4 }) })
  .filter((t) => t.vSegs + t.pSegs > 0)
  .map((t) => ({ kind: 'type3' as const, ...t }));

function portsArb<T>(child: fc.Arbitrary<T>, max: number): fc.Arbitrary<{ port: number; child: T }[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: max })
    .chain((ports) =>
      fc
        .tuple(...ports.map(() => child))
        .map((kids) => ports.map((port, k) => ({ port, child: kids[k] as T }))),
    );
}

const innerSwitchArb: fc.Arbitrary<SwitchShape> = portsArb(fc.option(type3Arb, { nil: null }), 3).map(
  (dsps) => ({
    kind: 'switch' as const,
    dsps,
  }),
);
const switchArb: fc.Arbitrary<SwitchShape> = portsArb(
  fc.oneof(
    { weight: 4, arbitrary: fc.option(type3Arb, { nil: null }) },
    { weight: 1, arbitrary: innerSwitchArb },
  ),
  3,
).map((dsps) => ({ kind: 'switch' as const, dsps }));
const childArb: fc.Arbitrary<Child> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: type3Arb },
  { weight: 2, arbitrary: switchArb },
);

const MEMORY: QemuMemory[] = [
  { ramBytes: 2 * GIB, maxmemBytes: null, slots: null },
  { ramBytes: 4 * GIB, maxmemBytes: null, slots: null },
  { ramBytes: 4 * GIB, maxmemBytes: 8 * GIB, slots: 8 },
  { ramBytes: 8 * GIB, maxmemBytes: 12 * GIB, slots: 2 },
];

const qemuTopologyArb: fc.Arbitrary<TopologySpec> = fc
  .record({
    hbs: fc.array(
      fc.record({
        uidOffset: fc.integer({ min: 0, max: 5 }),
        passthrough: fc.boolean(),
        rps: portsArb(childArb, 3),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    memory: fc.constantFrom(...MEMORY),
    windows: fc.array(
      fc.record({
        pick: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        ways: fc.constantFrom(1, 2, 3, 4),
        units: fc.integer({ min: 1, max: 8 }),
        gExp: fc.integer({ min: 0, max: 6 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ hbs, memory, windows }) => {
    const components: ComponentSpec[] = [];
    let serial = 1;
    let switches = 0;
    let devices = 0;
    const below = (parent: string, child: Child): void => {
      if (child === null) return;
      if (child.kind === 'type3') {
        components.push({
          kind: 'type3',
          id: `mem${devices++}`,
          parent,
          volatile: child.vSegs * SEG,
          persistent: child.pSegs * SEG,
          decoderCount: 4,
          serial: serial++ * 0x1001,
          decoders: [],
        });
        return;
      }
      const n = switches++;
      components.push({ kind: 'switch', id: `sw${n}`, parent, decoderCount: 4, decoders: [] });
      for (const d of child.dsps) {
        const id = `dsp${n}.${d.port}`;
        components.push({ kind: 'downstream-port', id, parent: `sw${n}`, port: d.port });
        below(id, d.child);
      }
    };
    const hbIds: string[] = [];
    hbs.forEach((h, k) => {
      const id = `hb${k}`;
      hbIds.push(id);
      components.push({
        kind: 'host-bridge',
        id,
        uid: 1 + k * 60 + h.uidOffset,
        decoderCount: h.rps.length === 1 && h.passthrough ? 0 : 4,
        componentRegBase: 0,
        decoders: [],
      });
      for (const r of h.rps) {
        const rpId = `rp${k}.${r.port}`;
        components.push({ kind: 'root-port', id: rpId, parent: id, port: r.port });
        below(rpId, r.child);
      }
    });
    const shaped = windows
      .map((w) => {
        const ways = Math.min(w.ways, hbIds.length === 3 ? 3 : Math.min(4, hbIds.length));
        const ok = ways === 3 ? hbIds.length >= 3 : ways <= hbIds.length && [1, 2, 4].includes(ways);
        if (!ok) return null;
        const pool = [...hbIds];
        const targets: string[] = [];
        for (let i = 0; i < ways; i++) {
          const j = (w.pick[i] ?? 0) % pool.length;
          targets.push(pool.splice(j, 1)[0] as string);
        }
        return { targets, size: ways * w.units * SEG, granularity: 256 * 2 ** w.gExp };
      })
      .filter((w): w is { targets: string[]; size: number; granularity: number } => w !== null);
    const placement = qemuPlacement(
      memory,
      shaped.map((w) => w.size),
      hbIds.length,
    );
    hbIds.forEach((id, k) => {
      const c = components.find((x) => x.id === id);
      if (c?.kind === 'host-bridge') c.componentRegBase = placement.componentRegBases[k] ?? 0;
    });
    const specWindows: WindowSpec[] = shaped.map((w, k) => ({
      id: `cfmw${k}`,
      base: placement.windowBases[k] ?? 0,
      size: w.size,
      ways: w.targets.length,
      granularity: w.granularity,
      arithmetic: 'modulo',
      xormaps: [],
      targets: w.targets,
      restrictions: ['type2', 'type3', 'volatile', 'persistent'],
      qtg: 0,
    }));
    return { name: 'qemu-roundtrip', windows: specWindows, components };
  });

function essentials(c: ComponentSpec): Record<string, unknown> {
  switch (c.kind) {
    case 'host-bridge':
      return { kind: c.kind, uid: c.uid, decoderCount: c.decoderCount, reg: c.componentRegBase };
    case 'root-port':
    case 'downstream-port':
      return { kind: c.kind, parent: c.parent, port: c.port };
    case 'switch':
      return { kind: c.kind, parent: c.parent, decoderCount: c.decoderCount };
    case 'type3':
      return {
        kind: c.kind,
        parent: c.parent,
        volatile: c.volatile,
        persistent: c.persistent,
        serial: c.serial,
        decoderCount: c.decoderCount,
      };
  }
}

function byId(spec: TopologySpec): Map<string, Record<string, unknown>> {
  return new Map(spec.components.map((c) => [c.id, essentials(c)]));
}

function windowsOf(spec: TopologySpec): unknown[] {
  return spec.windows.map((w) => [w.base, w.size, w.ways, w.granularity, w.targets, w.arithmetic, w.qtg]);
}

describe('QEMU round trip', () => {
  it('generated topologies are valid', () => {
    fc.assert(
      fc.property(qemuTopologyArb, (spec) => {
        const v = validateTopology(spec);
        if (!v.ok) throw new Error(v.error.map((e) => e.message).join('\n'));
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('topology → QEMU arguments → topology keeps components, ports, capacities and windows', () => {
    fc.assert(
      fc.property(qemuTopologyArb, (spec) => {
        const out = exportQemu(spec);
        if (!out.ok) throw new Error(out.error.map((e) => e.message).join('\n'));
        // Serials are unique and bases are where QEMU puts them: only deep switches warn.
        for (const w of out.value.warnings) expect(w.code).toBe('qemu.switch-depth');
        const back = importQemu(out.value.commandLine);
        if (!back.ok) throw new Error(back.error.map((e) => e.message).join('\n'));
        expect(byId(back.value.spec)).toEqual(byId(spec));
        expect(windowsOf(back.value.spec)).toEqual(windowsOf(spec));
        expect(back.value.skipped).toEqual([]);
        const fromScript = importQemu(out.value.script);
        if (!fromScript.ok) throw new Error(fromScript.error.map((e) => e.message).join('\n'));
        // The script's trailing "$@" is skipped (and counted in the notes); the topology is the same.
        expect({ ...fromScript.value.spec, notes: '' }).toEqual({ ...back.value.spec, notes: '' });
        expect(fromScript.value.skipped.map((s) => s.text)).toEqual(['$@']);
      }),
      { numRuns: 150, seed: 91 },
    );
  });

  it('the argv array imports like the command line (quoted back through the shell rules)', () => {
    fc.assert(
      fc.property(qemuTopologyArb, (spec) => {
        const out = exportQemu(spec, { memPathDir: "/tmp/lab dir/it's,here" });
        if (!out.ok) throw new Error(out.error[0]?.message);
        const quoted = out.value.argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
        const back = importQemu(quoted);
        if (!back.ok) throw new Error(back.error.map((e) => e.message).join('\n'));
        expect(byId(back.value.spec)).toEqual(byId(spec));
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});

const TOKENS = [
  'qemu-system-x86_64',
  '-machine',
  '-M',
  '-m',
  '-device',
  '-object',
  '-smp',
  'q35,cxl=on',
  '4G,maxmem=8G,slots=8',
  '2048',
  'pxb-cxl,bus_nr=12,bus=pcie.0,id=a',
  'pxb-cxl,bus_nr=0,id=b',
  'cxl-rp,port=0,bus=a,id=r,chassis=0,slot=1',
  'cxl-rp,bus=a,id=r2',
  'cxl-upstream,bus=r,id=u',
  'cxl-downstream,port=1,bus=u,id=d,slot=9',
  'cxl-type3,bus=r,volatile-memdev=v,id=t,sn=0x1',
  'cxl-type3,bus=d,persistent-memdev=p,lsa=l,id=t2',
  'cxl-type3,bus=u,memdev=p',
  'memory-backend-ram,id=v,size=256M',
  'memory-backend-file,id=p,share,mem-path=/tmp/x,,y,size=1G',
  'memory-backend-file,id=l,size=1M',
  'cxl-fmw.0.targets.0=a,cxl-fmw.0.size=4G',
  'cxl-fmw.1.targets.0=a,cxl-fmw.1.targets.2=a,cxl-fmw.1.size=0x10000000',
  'cxl-fmw.0.interleave-granularity=8k',
  'cxl-fmw.9999.size=1E',
  '{"driver":"cxl-rp","bus":"a","id":"j"}',
  '{"cxl-fmw":[{"targets":["a"],"size":"256M"}]}',
  '"',
  "'",
  '\\\n',
  '\\',
  '#',
  ';',
  '&&',
  '|',
  '...',
  '"$@"',
  '',
  ',,',
  '=',
  '-',
  '--',
];

describe('fuzzed command lines never throw', () => {
  const check = (text: string): void => {
    const r = importQemu(text);
    if (r.ok) {
      const v = validateTopology(r.value.spec);
      expect(v.ok).toBe(true);
    } else {
      expect(r.error.length).toBeGreaterThan(0);
      for (const e of r.error) expect(typeof e.message).toBe('string');
    }
  };

  it('random token soup', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 })), { maxLength: 40 }),
        fc.constantFrom(' ', '\n', ' \\\n  ', '\t'),
        (tokens, sep) => check(tokens.join(sep)),
      ),
      { numRuns: 600, seed: 5 },
    );
  });

  it('mutated valid command lines', () => {
    const samples: string[] = [];
    fc.assert(
      fc.property(qemuTopologyArb, (spec) => {
        const out = exportQemu(spec);
        if (out.ok) samples.push(out.value.commandLine, out.value.script);
      }),
      { numRuns: 20, seed: 3 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(
          fc.record({
            op: fc.constantFrom('delete', 'insert', 'swap', 'duplicate', 'replace'),
            at: fc.nat(),
            len: fc.integer({ min: 1, max: 30 }),
            text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (sample, edits) => {
          let text = sample;
          for (const e of edits) {
            const at = text.length === 0 ? 0 : e.at % text.length;
            if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + e.len);
            else if (e.op === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
            else if (e.op === 'replace') text = text.slice(0, at) + e.text + text.slice(at + e.len);
            else if (e.op === 'duplicate')
              text = text.slice(0, at + e.len) + text.slice(at, at + e.len) + text.slice(at + e.len);
            else {
              const words = text.split(' ');
              const i = at % Math.max(1, words.length);
              const j = (at + e.len) % Math.max(1, words.length);
              [words[i], words[j]] = [words[j] ?? '', words[i] ?? ''];
              text = words.join(' ');
            }
          }
          check(text);
        },
      ),
      { numRuns: 800, seed: 11 },
    );
  });

  it('arbitrary unicode text and oversized input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => check(s)),
      { numRuns: 300, seed: 2 },
    );
    const big = importQemu('-device '.repeat(200_000));
    expect(big.ok).toBe(false);
  });
});
