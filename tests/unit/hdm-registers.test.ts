/**
 * Register values worked out by hand from the facts (§1.1–§1.7), not copied from the code's output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComponentRegisters } from '../../src/cxl/hdm/component-registers.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { defineReg, getField, setField } from '../../src/cxl/regs/field.ts';
import { decoderCountToEnc, encToDecoderCount } from '../../src/cxl/spec/hdm-decoder.ts';
import type { DecoderOwnerKind, TopologySpec } from '../../src/cxl/topology/model.ts';

function block(kind: DecoderOwnerKind, decoderCount: number): ComponentRegisters {
  const r = ComponentRegisters.create(kind, decoderCount);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function read(regs: ComponentRegisters, offset: number): number {
  const r = regs.read32(offset);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function write(regs: ComponentRegisters, offset: number, value: number): number {
  const r = regs.write32(offset, value);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.stored;
}

const HDM = 0x1000 + 0x128; // cachemem base + QEMU's HDM offset
const dec = (n: number, reg: number): number => HDM + 0x10 + 0x20 * n + reg;
const BASE_LO = 0x0;
const BASE_HI = 0x4;
const SIZE_LO = 0x8;
const SIZE_HI = 0xc;
const CTRL = 0x10;
const TL_LO = 0x14;
const TL_HI = 0x18;

describe('HDM Decoder Capability register (CXL r3.1 §8.2.4.20.1), worked by hand', () => {
  const rows: [string, DecoderOwnerKind, number, number][] = [
    // decoder count 4 → enc 2 (bits 3:0 = 0x2); target count 8 → bits 7:4 = 0x80;
    // A11to8 (bit 8) = 0x100, A14to12 (bit 9) = 0x200 → 0x2 + 0x80 + 0x300 = 0x382.
    ['host bridge, 4 decoders', 'host-bridge', 4, 0x382],
    ['switch upstream port, 4 decoders (same bits as a host bridge)', 'switch', 4, 0x382],
    // 6 decoders → enc 3 → 0x383.
    ['switch, 6 decoders', 'switch', 6, 0x383],
    // 20 decoders → enc 9 → 0x389; 32 → enc 0xC → 0x38C.
    ['host bridge, 20 decoders', 'host-bridge', 20, 0x389],
    ['host bridge, 32 decoders', 'host-bridge', 32, 0x38c],
    // Type 3: enc 2 + target count 1 (bits 7:4 = 0x10) + 0x300 + bit 11 (0x800) + bit 12 (0x1000)
    // = 0x2 + 0x10 + 0x300 + 0x1800 = 0x1B12.
    ['Type 3, 4 decoders', 'type3', 4, 0x1b12],
    // 1 decoder → enc 0 → 0x1B10; 10 decoders → enc 5 → 0x1B15.
    ['Type 3, 1 decoder', 'type3', 1, 0x1b10],
    ['Type 3, 10 decoders', 'type3', 10, 0x1b15],
  ];
  for (const [why, kind, count, value] of rows) {
    it(`${why} → 0x${value.toString(16)}`, () => {
      const regs = block(kind, count);
      expect(regs.hdmOffset).toBe(HDM);
      expect(read(regs, HDM)).toBe(value);
      // HwInit: writes change nothing.
      write(regs, HDM, 0);
      expect(read(regs, HDM)).toBe(value);
    });
  }

  const table: [number, number][] = [
    [1, 0x0],
    [2, 0x1],
    [4, 0x2],
    [6, 0x3],
    [8, 0x4],
    [10, 0x5],
    [12, 0x6],
    [14, 0x7],
    [16, 0x8],
    [20, 0x9],
    [24, 0xa],
    [28, 0xb],
    [32, 0xc],
  ];
  for (const [count, enc] of table) {
    it(`decoder count ${count} ↔ encoding 0x${enc.toString(16)}`, () => {
      expect(decoderCountToEnc(count)).toEqual({ ok: true, value: enc });
      expect(encToDecoderCount(enc)).toEqual({ ok: true, value: count });
    });
  }
  it('decoder count encodings 0xD–0xF are reserved; 3, 5, 18 are not encodable', () => {
    for (const enc of [0xd, 0xe, 0xf]) expect(encToDecoderCount(enc).ok).toBe(false);
    for (const count of [0, 3, 5, 18, 64]) expect(decoderCountToEnc(count).ok).toBe(false);
  });
  it('a Type 3 device may not have 12 or more decoders; a switch needs at least 1', () => {
    expect(ComponentRegisters.create('type3', 12).ok).toBe(false);
    expect(ComponentRegisters.create('switch', 0).ok).toBe(false);
  });
});

describe('CXL capability header array (CXL r3.1 §8.2.4)', () => {
  it('host bridge: Link and HDM headers', () => {
    const regs = block('host-bridge', 4);
    // ID 1 | version 1 << 16 | cachemem version 1 << 20 | array size 2 << 24 = 0x02110001.
    expect(read(regs, 0x1000)).toBe(0x02110001);
    // Link: ID 4 | version 2 << 16 | pointer 0xD8 << 20 = 0x4 + 0x20000 + 0x0D800000.
    expect(read(regs, 0x1004)).toBe(0x0d820004);
    // HDM: ID 5 | version 3 << 16 | pointer 0x128 << 20 = 0x5 + 0x30000 + 0x12800000.
    expect(read(regs, 0x1008)).toBe(0x12830005);
    expect(read(regs, 0x100c)).toBe(0);
  });
  it('Type 3 and switch: RAS, Link and HDM headers', () => {
    for (const kind of ['type3', 'switch'] as const) {
      const regs = block(kind, 4);
      expect(read(regs, 0x1000)).toBe(0x03110001);
      // RAS: ID 2 | version 2 << 16 | pointer 0x80 << 20 = 0x08020002.
      expect(read(regs, 0x1004)).toBe(0x08020002);
      expect(read(regs, 0x1008)).toBe(0x0d820004);
      expect(read(regs, 0x100c)).toBe(0x12830005);
    }
  });
  it('passthrough host bridge (decoderCount 0): Link header only, no HDM structure', () => {
    const regs = block('host-bridge', 0);
    expect(regs.hdmOffset).toBeNull();
    expect(read(regs, 0x1000)).toBe(0x01110001);
    expect(read(regs, 0x1004)).toBe(0x0d820004);
    expect(read(regs, HDM)).toBe(0);
  });
  it('software can find the HDM structure by walking the headers', () => {
    const regs = block('type3', 2);
    const count = read(regs, 0x1000) >>> 24;
    let found: number | null = null;
    for (let i = 1; i <= count; i++) {
      const h = read(regs, 0x1000 + 4 * i);
      if ((h & 0xffff) === 5) found = 0x1000 + (h >>> 20);
    }
    expect(found).toBe(regs.hdmOffset);
  });
});

describe('write masks and reserved bits (derived from the field tables)', () => {
  it('host bridge decoder 0: each register written with all ones', () => {
    const regs = block('host-bridge', 4);
    // Base/Size Low: only bits 31:28 exist → 0xF0000000; High: all 32 bits.
    expect(write(regs, dec(0, BASE_LO), 0xffffffff)).toBe(0xf0000000);
    expect(write(regs, dec(0, BASE_HI), 0xffffffff)).toBe(0xffffffff);
    expect(write(regs, dec(0, SIZE_LO), 0xffffffff)).toBe(0xf0000000);
    expect(write(regs, dec(0, SIZE_HI), 0xffffffff)).toBe(0xffffffff);
    expect(write(regs, dec(0, TL_LO), 0xffffffff)).toBe(0xffffffff);
    expect(write(regs, dec(0, TL_HI), 0xffffffff)).toBe(0xffffffff);
    // Control with Commit = 0: writable IG 3:0, IW 7:4, Lock 8, Target Range Type 12 → 0x11FF
    // (bits 13–14 BI/UIO and 16–27 UIG/UIW/ISP are hard-wired 0: no UIO/BI capability).
    expect(write(regs, dec(0, CTRL), 0xfffffdff)).toBe(0x11ff);
    // Control with Commit = 1: IW 0xF is reserved → Error Not Committed (bit 11), Committed stays 0:
    // 0x11FF + Commit (bit 9) 0x200 = 0x13FF (QEMU's write mask), + Error 0x800 = 0x1BFF.
    expect(write(regs, dec(0, CTRL), 0xffffffff)).toBe(0x1bff);
    // Reserved dwords of the structure and of the decoder slot read 0.
    expect(write(regs, HDM + 0x8, 0xffffffff)).toBe(0);
    expect(read(regs, HDM + 0xc)).toBe(0);
    expect(write(regs, dec(0, 0x1c), 0xffffffff)).toBe(0);
    // Global Control: a host bridge has neither poison enable (capability 0) nor HDM Decoder Enable.
    expect(write(regs, HDM + 0x4, 0xffffffff)).toBe(0);
  });
  it('Type 3: DPA Skip Low keeps bits 31:28 only; HDM Decoder Enable is writable', () => {
    const regs = block('type3', 4);
    expect(write(regs, dec(1, TL_LO), 0xffffffff)).toBe(0xf0000000);
    expect(write(regs, dec(1, TL_HI), 0x12345678)).toBe(0x12345678);
    expect(write(regs, HDM + 0x4, 0xffffffff)).toBe(0x2);
  });
  it('CXL.io area, ARB/MUX area and the capability headers read 0 / ignore writes', () => {
    const regs = block('switch', 4);
    expect(write(regs, 0x0, 0xffffffff)).toBe(0);
    expect(write(regs, 0xe000, 0xffffffff)).toBe(0);
    expect(write(regs, 0x1000, 0)).toBe(0x03110001);
  });

  it('property: random writes never set reserved bits or change HwInit/RO bits (other than the commit status)', () => {
    const kinds: DecoderOwnerKind[] = ['host-bridge', 'switch', 'type3'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(fc.tuple(fc.nat(0x4000 / 4 - 1), fc.nat(0xffffffff)), { maxLength: 60 }),
        (kind, writes) => {
          const regs = block(kind, kind === 'type3' ? 10 : 8);
          const resets = new Map(regs.registers().map((r) => [r.offset, r.value]));
          for (const [word, value] of writes) regs.write32(0x1000 + 4 * word, value);
          for (const r of regs.registers()) {
            // Reserved bits read 0.
            if ((r.value & ~r.def.definedMask) !== 0) return false;
            // Bits that are neither writable nor hardware status keep their reset value.
            const status = r.def.name === 'Decoder n Control' ? 0xc00 : 0;
            if (((r.value ^ (resets.get(r.offset) ?? 0)) & ~r.writeMask & ~status) >>> 0 !== 0) return false;
          }
          // Offsets without registers read 0.
          for (const [word] of writes) {
            const offset = 0x1000 + 4 * word;
            if (regs.registers().every((r) => r.offset !== offset) && read(regs, offset) !== 0) return false;
          }
          return true;
        },
      ),
      { seed: 4401, numRuns: 300 },
    );
  });
});

describe('field engine', () => {
  const reg = defineReg('test', 0, [
    { name: 'a', bit: 0, width: 4, access: 'RW', reset: 3 },
    { name: 'r', bit: 4, width: 4, access: 'RsvdP' },
    { name: 'b', bit: 8, width: 8, access: 'RWL' },
    { name: 'c', bit: 16, width: 16, access: 'RO', reset: 0xabcd },
  ]);
  it('derives masks and reset values', () => {
    expect(reg.writeMask).toBe(0x0000ff0f);
    expect(reg.lockableMask).toBe(0x0000ff00);
    expect(reg.definedMask).toBe(0xffffff0f);
    expect(reg.resetValue).toBe(0xabcd0003);
  });
  it('get/set fields, including the top byte (unsigned)', () => {
    expect(getField(reg, 'c', 0xffff0000)).toBe(0xffff);
    expect(setField(reg, 'b', 0, 0x1ff)).toBe(0xff00);
  });
  it('rejects overlapping, gapped or oversized tables', () => {
    expect(() => defineReg('gap', 0, [{ name: 'a', bit: 0, width: 4, access: 'RW' }])).toThrow(/uncovered/);
    expect(() =>
      defineReg('overlap', 0, [
        { name: 'a', bit: 0, width: 16, access: 'RW' },
        { name: 'b', bit: 8, width: 24, access: 'RW' },
      ]),
    ).toThrow(/overlaps/);
  });
});

const G = 2 ** 30;
const labSpec: TopologySpec = {
  name: 'mmio',
  windows: [],
  components: [
    { id: 'hb0', kind: 'host-bridge', uid: 7, decoderCount: 4, componentRegBase: 0x100000000, decoders: [] },
    { id: 'rp0', kind: 'root-port', parent: 'hb0', port: 0 },
    {
      id: 'mem0',
      kind: 'type3',
      parent: 'rp0',
      volatile: G,
      persistent: 0,
      decoderCount: 2,
      serial: 1,
      decoders: [],
    },
  ],
};

function lab(): Lab {
  const r = createLab(labSpec);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.lab;
}

describe('lab MMIO access rules', () => {
  const rows: [string, (l: Lab) => { ok: boolean; error?: { code: string } }, string][] = [
    ['unaligned read', (l) => l.mmioRead32('hb0', HDM + 1), 'mmio.unaligned'],
    ['unaligned write', (l) => l.mmioWrite32('hb0', HDM + 2, 0), 'mmio.unaligned'],
    ['8-byte read', (l) => l.mmioRead('hb0', HDM, 8), 'mmio.bad-size'],
    ['2-byte write', (l) => l.mmioWrite('hb0', HDM, 2, 0), 'mmio.bad-size'],
    ['offset past the 64 KiB block', (l) => l.mmioRead32('hb0', 0x10000), 'mmio.out-of-range'],
    ['negative offset', (l) => l.mmioRead32('hb0', -4), 'mmio.out-of-range'],
    ['value beyond 32 bits', (l) => l.mmioWrite32('hb0', HDM, 2 ** 32), 'mmio.bad-value'],
    ['negative value', (l) => l.mmioWrite32('hb0', HDM, -1), 'mmio.bad-value'],
    ['root port has no register block', (l) => l.mmioRead32('rp0', 0x1000), 'mmio.no-registers'],
    ['unknown component', (l) => l.mmioRead32('nope', 0x1000), 'mmio.unknown-component'],
  ];
  for (const [why, run, code] of rows) {
    it(`${why} → ${code}`, () => {
      const r = run(lab());
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe(code);
    });
  }
  it('4-byte accesses through the generic entry points work', () => {
    const l = lab();
    expect(l.mmioRead('hb0', HDM, 4)).toEqual({ ok: true, value: 0x382 });
    expect(l.mmioRead('mem0', HDM, 4)).toEqual({ ok: true, value: 0x1b11 });
  });
  it('version increments on every write and reset', () => {
    const l = lab();
    const v0 = l.version;
    l.mmioWrite32('hb0', dec(0, BASE_LO), 0x10000000);
    l.mmioWrite32('hb0', HDM + 0x8, 1); // reserved: still a write
    expect(l.version).toBe(v0 + 2);
    l.resetComponent('hb0');
    l.resetLab();
    expect(l.version).toBe(v0 + 4);
    expect(l.mmioRead32('hb0', dec(0, BASE_LO))).toEqual({ ok: true, value: 0 });
  });
});
