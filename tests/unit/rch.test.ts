/**
 * CXL 1.1 restricted hosts (RCH) and devices (RCD): DVSEC range registers, the RCRB layout,
 * decoders emulated from DVSEC ranges, structure rules, routing (walk and compiled fast path agree),
 * the CHBS a lab builds for an RCH, and the file round trip. Expected values are worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCedt } from '../../src/cxl/acpi/build.ts';
import { decodeCedt } from '../../src/cxl/acpi/cedt.ts';
import { compileDecode } from '../../src/cxl/decode/compile.ts';
import { hpasForDpa } from '../../src/cxl/decode/inverse.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { dvsecEmulatedDecoders } from '../../src/cxl/hdm/dvsec-decoders.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { decodeDvsecRange, dvsecRangeOffsets, encodeDvsecRange } from '../../src/cxl/spec/dvsec-range.ts';
import { RCRB_SIZE, rcrbRows } from '../../src/cxl/spec/rcrb.ts';
import { parseLabFile, serializeLabFile } from '../../src/cxl/topology/file.ts';
import type { ComponentSpec, TopologySpec, Type3Spec } from '../../src/cxl/topology/model.ts';
import { validateTopology } from '../../src/cxl/topology/validate.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
/** The window base used throughout: 0x3FF1_D000_0000 (cxl_test's CFMWS 5 on a 46-bit machine, see rch-cedt test). */
const W = 0x3ff1_d000_0000;
const RCRB = 0x3ff0_0060_0000;

function rchLab(
  ranges: { base: number; size: number }[],
  memEnable = true,
  capacity = 512 * MIB,
): TopologySpec {
  return {
    name: 'RCH',
    windows: [
      {
        id: 'cfmw0',
        base: W,
        size: 512 * MIB,
        ways: 1,
        granularity: 4096,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['rch0'],
        restrictions: ['type3', 'volatile'],
        qtg: 5,
      },
    ],
    components: [
      {
        kind: 'host-bridge',
        id: 'rch0',
        uid: 3,
        decoderCount: 0,
        componentRegBase: RCRB,
        decoders: [],
        restricted: true,
      },
      {
        kind: 'type3',
        id: 'rcd0',
        parent: 'rch0',
        volatile: capacity,
        persistent: 0,
        decoderCount: 0,
        serial: 1,
        decoders: [],
        dvsec: { memEnable, ranges },
      },
    ],
  };
}

describe('DVSEC CXL Range registers (CXL 2.0 §8.1.3.8)', () => {
  it('places Range 1 at 0x18–0x24 and Range 2 at 0x28–0x34', () => {
    expect(dvsecRangeOffsets(0)).toEqual({ sizeHigh: 0x18, sizeLow: 0x1c, baseHigh: 0x20, baseLow: 0x24 });
    expect(dvsecRangeOffsets(1)).toEqual({ sizeHigh: 0x28, sizeLow: 0x2c, baseHigh: 0x30, baseLow: 0x34 });
  });

  it('encodes base and size in 256 MiB units with Info_Valid and Active in Size Low', () => {
    // base 0x3FF1_D000_0000: High = 0x3FF1, Low = 0xD000_0000 (bits 31:28 = 0xD).
    // size 256 MiB = 0x1000_0000: High = 0, Low = 0x1000_0000 | Info_Valid (bit 0) | Active (bit 1) = 0x1000_0003.
    expect(encodeDvsecRange(W, 256 * MIB)).toEqual({
      sizeHigh: 0,
      sizeLow: 0x1000_0003,
      baseHigh: 0x3ff1,
      baseLow: 0xd000_0000,
    });
    // 4.5 GiB = 0x1_2000_0000: High = 1, Low = 0x2000_0000 | 3.
    expect(encodeDvsecRange(0, 4.5 * GIB)).toMatchObject({ sizeHigh: 1, sizeLow: 0x2000_0003 });
  });

  it('decodes by masking Low to bits 31:28 (status bits and stray low bits drop out)', () => {
    // Size Low 0x1FFF_FFFF → 0x1000_0000; Base Low 0xDFFF_FFFF → 0xD000_0000.
    expect(
      decodeDvsecRange({ sizeHigh: 0, sizeLow: 0x1fff_ffff, baseHigh: 0x3ff1, baseLow: 0xdfff_ffff }),
    ).toEqual({
      base: W,
      size: 256 * MIB,
    });
  });
});

describe('RCRB (CXL 2.0 §8.2.1.1–§8.2.1.2)', () => {
  it('is 8 KiB: downstream port RCRB at +0, upstream port RCRB at +4 KiB', () => {
    expect(RCRB_SIZE).toBe(0x2000);
    const rows = rcrbRows(RCRB);
    const at = (half: string, name: string) => rows.find((r) => r.half === half && r.register.name === name);
    // Downstream MEMBAR0 Low: RCRB + 0x10 = 0x3FF0_0060_0010.
    expect(at('downstream', 'MEMBAR0 Low')?.address).toBe(0x3ff0_0060_0010);
    // Upstream MEMBAR0 Low/High: RCRB + 0x1000 + 0x10 / 0x14.
    expect(at('upstream', 'MEMBAR0 Low')?.offset).toBe(0x1010);
    expect(at('upstream', 'MEMBAR0 High')?.address).toBe(0x3ff0_0060_1014);
    // Capabilities pointer at 0x34 of each half.
    expect(at('upstream', 'Capabilities Pointer')?.offset).toBe(0x1034);
    expect(rows.every((r) => r.offset < RCRB_SIZE)).toBe(true);
  });
});

describe('decoders emulated from DVSEC ranges (Linux cxl_setup_hdm_decoder_from_dvsec)', () => {
  it('takes HPA = each range and reserves DPA sequentially from 0, in range order', () => {
    const d = dvsecEmulatedDecoders({
      memEnable: true,
      ranges: [
        { base: W + 256 * MIB, size: 256 * MIB },
        { base: W, size: 128 * MIB * 2 },
      ],
    });
    // Range 1 → decoder 0, DPA 0; Range 2 → decoder 1, DPA starts after Range 1's 256 MiB = 0x1000_0000.
    expect(d.map((x) => [x.index, x.base, x.size, x.dpaBase, x.ways, x.committed, x.locked])).toEqual([
      [0, W + 0x1000_0000, 0x1000_0000, 0, 1, true, true],
      [1, W, 0x1000_0000, 0x1000_0000, 1, true, true],
    ]);
  });

  it('records nothing when Mem_Enable is clear, and skips an empty Range 1', () => {
    expect(dvsecEmulatedDecoders({ memEnable: false, ranges: [{ base: W, size: 256 * MIB }] })).toEqual([]);
    const d = dvsecEmulatedDecoders({
      memEnable: true,
      ranges: [
        { base: 0, size: 0 },
        { base: W, size: 256 * MIB },
      ],
    });
    expect(d.map((x) => [x.index, x.base, x.dpaBase])).toEqual([[0, W, 0]]);
  });
});

describe('structure rules', () => {
  const codes = (spec: TopologySpec) => {
    const v = validateTopology(spec);
    return v.ok ? [] : v.error.map((e) => e.code);
  };
  const withComponents = (extra: ComponentSpec[], patch?: (c: ComponentSpec[]) => void) => {
    const spec = rchLab([{ base: W, size: 512 * MIB }]);
    spec.components.push(...extra);
    patch?.(spec.components);
    return spec;
  };

  it('accepts an RCD directly below an RCH', () => {
    expect(codes(rchLab([{ base: W, size: 512 * MIB }]))).toEqual([]);
  });

  it('refuses root ports, a second device, decoders and a misaligned RCRB on an RCH', () => {
    expect(codes(withComponents([{ kind: 'root-port', id: 'rp0', parent: 'rch0', port: 0 }]))).toContain(
      'rch.child-kind',
    );
    const second: Type3Spec = {
      kind: 'type3',
      id: 'rcd1',
      parent: 'rch0',
      volatile: 256 * MIB,
      persistent: 0,
      decoderCount: 0,
      serial: 2,
      decoders: [],
      dvsec: { memEnable: true, ranges: [] },
    };
    expect(codes(withComponents([second]))).toContain('rch.one-device');
    const hb = (c: ComponentSpec[]) => c[0] as ComponentSpec & { kind: 'host-bridge' };
    expect(
      codes(
        withComponents([], (c) => {
          hb(c).decoderCount = 4;
        }),
      ),
    ).toContain('rch.decoders');
    // 0x3FF0_0060_1000 is 4 KiB but not 8 KiB aligned.
    expect(
      codes(
        withComponents([], (c) => {
          hb(c).componentRegBase = RCRB + 0x1000;
        }),
      ),
    ).toEqual(expect.arrayContaining(['hb.regbase-invalid', 'rch.rcrb-unaligned']));
  });

  it('refuses a device directly below a CXL 2.0 host bridge, and DVSEC ranges off an RCD', () => {
    const spec = rchLab([{ base: W, size: 512 * MIB }]);
    const hb = spec.components[0] as ComponentSpec & { kind: 'host-bridge' };
    hb.restricted = false;
    hb.componentRegBase = 0x3ff0_0000_0000;
    expect(codes(spec)).toContain('parent.wrong-kind');
    // The same device below a root port of that host bridge: DVSEC ranges are not modeled there.
    spec.components.push({ kind: 'root-port', id: 'rp0', parent: 'rch0', port: 0 });
    const dev = spec.components[1] as Type3Spec;
    dev.parent = 'rp0';
    dev.decoderCount = 1;
    expect(codes(spec)).toEqual(['rcd.dvsec-not-rcd']);
  });

  it('checks RCD ranges: 256 MiB units, no overlap, within capacity, present', () => {
    expect(codes(rchLab([{ base: W + MIB, size: 256 * MIB }]))).toContain('rcd.dvsec-unaligned');
    expect(
      codes(
        rchLab(
          [
            { base: W, size: 512 * MIB },
            { base: W + 256 * MIB, size: 256 * MIB },
          ],
          true,
          GIB,
        ),
      ),
    ).toContain('rcd.dvsec-overlap');
    expect(codes(rchLab([{ base: W, size: 512 * MIB }], true, 256 * MIB))).toContain('rcd.dvsec-capacity');
    const spec = rchLab([]);
    delete (spec.components[1] as Type3Spec).dvsec;
    expect(codes(spec)).toContain('rcd.dvsec-missing');
  });
});

describe('routing window → RCH → RCD', () => {
  // Range 1 = [W + 256 MiB, W + 512 MiB) → DPA [0, 256 MiB); Range 2 = [W, W + 256 MiB) → DPA [256 MiB, 512 MiB).
  const spec = rchLab([
    { base: W + 256 * MIB, size: 256 * MIB },
    { base: W, size: 256 * MIB },
  ]);
  const made = createLab(spec);
  if (!made.ok) throw new Error(made.error.message);
  const lab = made.value.lab;

  it('maps HPA → DPA by the range that holds it, with each hop drawn', () => {
    // HPA W + 0x1040 is in Range 2 (decoder 1): DPA = 0x1000_0000 + 0x1040 = 0x1000_1040.
    const a = walk(lab, W + 0x1040);
    expect(a.ok && [a.device, a.decoder, a.dpa]).toEqual(['rcd0', 1, 0x1000_1040]);
    expect(a.hops.map((h) => [h.component, h.kind, h.next])).toEqual([
      ['cfmw0', 'window', 'rch0'],
      ['rch0', 'host-bridge', 'rcd0'],
      ['rcd0', 'type3', null],
    ]);
    expect(a.hops[1]?.arithmetic).toContain('RCRB 0x3ff000600000');
    expect(a.hops[2]?.arithmetic).toBe(
      'emulated decoder 1 [0x3ff1d0000000, 0x3ff1e0000000): DVSEC Range 2, 1-way, locked; HPAoff 0x1040; ' +
        'DPA = DPA start 0x10000000 + 0x1040 = 0x10001040',
    );
    // HPA W + 0x1234_5678 is in Range 1 (starts at W + 0x1000_0000): DPA = 0x1234_5678 − 0x1000_0000 = 0x0234_5678.
    const b = walk(lab, W + 0x1234_5678);
    expect(b.ok && [b.decoder, b.dpa]).toEqual([0, 0x0234_5678]);
    // The whole 256 MiB range is one run: from W + 0x1234_5678 to the end of Range 1 at W + 0x2000_0000.
    expect(b.runBytes).toBe(0x2000_0000 - 0x1234_5678);
  });

  it('the compiled fast path gives the same device, DPA and decoder', () => {
    const c = compileDecode(lab);
    for (const [hpa, dpa, decoder] of [
      [W + 0x1040, 0x1000_1040, 1],
      [W + 0x1234_5678, 0x0234_5678, 0],
    ] as const) {
      const slot = c.translate(hpa);
      expect([c.devices[slot], c.dpa, c.decoder]).toEqual(['rcd0', dpa, decoder]);
    }
  });

  it('the upward inverse finds the HPA for a DPA', () => {
    // DPA 0x1000_1040 is Range 2's offset 0x1040 → HPA W + 0x1040.
    expect(hpasForDpa(lab, 'rcd0', 0x1000_1040)).toEqual([{ hpa: W + 0x1040, decoder: 1 }]);
  });

  it('fails at the RCD when Mem_Enable is clear (Linux emulates no decoders)', () => {
    const off = createLab(rchLab([{ base: W, size: 256 * MIB }], false));
    if (!off.ok) throw new Error(off.error.message);
    const r = walk(off.value.lab, W);
    expect(!r.ok && [r.error.code, r.error.component]).toEqual(['route.no-decoder', 'rcd0']);
  });
});

describe('walk ≡ compiled fast path on random RCH/RCD labs', () => {
  it('agrees on every sampled address', () => {
    const unit = 256 * MIB;
    const arb = fc.record({
      windowUnits: fc.integer({ min: 1, max: 8 }),
      r1: fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 })),
      r2: fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 })),
      memEnable: fc.boolean(),
      offsets: fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { minLength: 8, maxLength: 8 }),
    });
    let routed = 0;
    fc.assert(
      fc.property(arb, ({ windowUnits, r1, r2, memEnable, offsets }) => {
        const ranges = [
          { base: W + r1[0] * unit, size: r1[1] * unit },
          { base: W + r2[0] * unit, size: r2[1] * unit },
        ];
        const spec = rchLab(ranges, memEnable, 16 * unit);
        (spec.windows[0] as { size: number }).size = windowUnits * unit;
        const made = createLab(spec);
        if (!made.ok) return; // overlapping ranges: refused by validation (tested above)
        const lab = made.value.lab;
        const compiled = compileDecode(lab);
        const hpas = [
          ...offsets.map((o) => W + (o % (10 * unit))),
          ...ranges.flatMap((r) => [r.base, r.base + r.size - 1]),
        ];
        for (const hpa of hpas) {
          const w = walk(lab, hpa);
          const slot = compiled.translate(hpa);
          if (w.ok) {
            routed++;
            expect([compiled.devices[slot], compiled.dpa, compiled.decoder]).toEqual([
              w.device,
              w.dpa,
              w.decoder,
            ]);
            // Independent reference: DPA = (sizes of earlier non-empty ranges) + (HPA − range base).
            const live = memEnable ? ranges.filter((r) => r.size > 0) : [];
            const k = live.findIndex((r) => hpa >= r.base && hpa < r.base + r.size);
            const before = live.slice(0, k).reduce((s, r) => s + r.size, 0);
            expect(w.dpa).toBe(before + hpa - (live[k]?.base ?? Number.NaN));
          } else {
            expect(slot).toBe(-1);
          }
        }
      }),
      { seed: 1212, numRuns: 150 },
    );
    expect(routed).toBeGreaterThan(100);
  });
});

describe('the CHBS a lab builds for an RCH (CXL r3.1 §9.18.1.2)', () => {
  it('says CXL Version 0 (1.1), Base = RCRB, Length 0x2000', () => {
    const built = buildCedt(rchLab([{ base: W, size: 256 * MIB }]));
    if (!built.ok) throw new Error(built.error[0]?.message);
    const bytes = built.value;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // The CHBS follows the 36-byte header: type at 0x24, UID at 0x24 + 4, version at +8, base at +0x10, length at +0x18.
    expect(bytes[0x24]).toBe(0);
    expect(view.getUint32(0x24 + 0x04, true)).toBe(3);
    expect(view.getUint32(0x24 + 0x08, true)).toBe(0);
    expect(view.getBigUint64(0x24 + 0x10, true)).toBe(BigInt(RCRB));
    expect(view.getBigUint64(0x24 + 0x18, true)).toBe(0x2000n);
    const table = decodeCedt(bytes);
    expect(table.findings).toEqual([]);
  });
});

describe('file round trip', () => {
  it('keeps restricted and dvsec', () => {
    const spec = rchLab(
      [
        { base: W + 256 * MIB, size: 256 * MIB },
        { base: W, size: 256 * MIB },
      ],
      true,
    );
    const text = serializeLabFile(spec);
    expect(text).toContain('"restricted": true');
    const back = parseLabFile(text);
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    const comps = back.value.spec.components;
    expect(comps[0]).toMatchObject({ restricted: true, componentRegBase: RCRB, decoderCount: 0 });
    expect((comps[1] as Type3Spec).dvsec).toEqual(
      spec.components[1]?.kind === 'type3' ? spec.components[1].dvsec : null,
    );
  });

  it('reports a bad dvsec value where it is', () => {
    const text = serializeLabFile(rchLab([{ base: W, size: 256 * MIB }])).replace(
      '"memEnable": true',
      '"memEnable": "yes"',
    );
    const back = parseLabFile(text);
    expect(!back.ok && back.error.map((e) => e.field)).toContain('components[1].dvsec.memEnable');
  });
});

describe('the RCH preset', () => {
  it('routes its window through the RCH to the RCD by DVSEC Range 1', async () => {
    const { PRESETS } = await import('../../src/presets/index.ts');
    const text = PRESETS.find((p) => p.id === 'rch')?.text ?? '';
    const parsed = parseLabFile(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const made = createLab(parsed.value);
    if (!made.ok) throw new Error(made.error.message);
    // Range 1 = [0x4C_0000_0000, +4 GiB) from DPA 0: HPA 0x4C_1234_5678 → DPA 0x1234_5678.
    const r = walk(made.value.lab, 0x4c_1234_5678);
    expect(r.ok && [r.device, r.dpa, r.hops.map((h) => h.component)]).toEqual([
      'mem0',
      0x1234_5678,
      ['cfmw0', 'rch0', 'mem0'],
    ]);
  });
});

describe('QEMU export of an RCH', () => {
  it('is refused with the reason: QEMU builds only CXL 2.0 host bridges', async () => {
    const { exportQemu } = await import('../../src/cxl/interop/qemu-export.ts');
    const spec = rchLab([{ base: W, size: 256 * MIB }]);
    const hb = spec.components[0] as ComponentSpec & { kind: 'host-bridge' };
    hb.uid = 3; // a usable pxb-cxl bus_nr, so the RCH is the only refusal
    const r = exportQemu(spec);
    expect(!r.ok && r.error.map((e) => e.code)).toEqual(['qemu.rch']);
    expect(!r.ok && r.error[0]?.message).toContain('CHBS CXL Version 1 with a 64 KiB CHBCR');
  });
});

describe('properties', () => {
  it('DVSEC range registers round-trip every 256 MiB aligned base and size below 2^52', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 24 - 1 }),
        fc.integer({ min: 0, max: 2 ** 24 - 1 }),
        (b, s) => {
          const base = b * 256 * MIB;
          const size = s * 256 * MIB;
          const regs = encodeDvsecRange(base, size);
          // Independent reference: High = floor(x / 2^32), Low bits 31:28 = floor(x / 2^28) mod 16.
          expect(regs.baseHigh).toBe(Math.floor(base / 2 ** 32));
          expect(regs.baseLow >>> 28).toBe(Math.floor(base / 2 ** 28) % 16);
          expect(regs.sizeLow & 3).toBe(3);
          expect(decodeDvsecRange(regs)).toEqual({ base, size });
        },
      ),
      { seed: 81382, numRuns: 300 },
    );
  });

  it('the cxl list RCH import never throws on arbitrary JSON shaped like a bus', async () => {
    const { addRestrictedFromListing } = await import('../../src/cxl/interop/cxl-list-rch.ts');
    const value = fc.jsonValue({ maxDepth: 4 });
    const bus = fc.record({
      bus: fc.constant('root0'),
      dports: fc.oneof(value, fc.array(fc.record({ dport: value, id: value }), { maxLength: 3 })),
      'endpoints:root0': fc.oneof(
        value,
        fc.array(
          fc.record({
            endpoint: fc.oneof(fc.constant('endpoint1'), value),
            memdev: value,
            'decoders:endpoint1': value,
          }),
          {
            maxLength: 3,
          },
        ),
      ),
      'decoders:root0': fc.oneof(
        value,
        fc.array(fc.record({ decoder: value, resource: value, size: value, targets: value }), {
          maxLength: 3,
        }),
      ),
    });
    fc.assert(
      fc.property(bus, (b) => {
        const spec: TopologySpec = { name: 'x', windows: [], components: [] };
        const findings: { code: string; message: string }[] = [];
        addRestrictedFromListing([b] as never, spec, findings);
        for (const c of spec.components) expect(['host-bridge', 'type3']).toContain(c.kind);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
});
