/**
 * Configuration space per component: the CXL DVSECs at the offsets QEMU uses, worked by hand from
 * the capability sizes (PCIe Base r5.0 §7.6.3, §7.9.3; CXL 2.0 §8.1.3, §8.1.8, §8.1.9; QEMU
 * hw/mem/cxl_type3.c build_dvsecs, include/hw/cxl/cxl_pci.h), the Range registers against the
 * device's capacities, and the RO / RW / RW1C write semantics of the one config-access path.
 */
import { describe, expect, it } from 'vitest';
import { buildConfigSpace } from '../../src/cxl/device/config-build.ts';
import type { ConfigSpace } from '../../src/cxl/device/config-space.ts';
import type { ComponentSpec, Type3Spec } from '../../src/cxl/topology/model.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

function dev(volatile: number, persistent: number, serial = 0x1122_3344_5566): Type3Spec {
  return {
    kind: 'type3',
    id: 'mem0',
    parent: 'rp0',
    volatile,
    persistent,
    decoderCount: 4,
    serial,
    decoders: [],
  };
}

function space(c: ComponentSpec): ConfigSpace {
  const r = buildConfigSpace(c);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function rd(cs: ConfigSpace, offset: number, size: number): number {
  const r = cs.read(offset, size);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Walks the extended capability list from 0x100 by Next pointers: [offset, cap id, dvsec id?]. */
function chain(cs: ConfigSpace): [number, number, number | null][] {
  const out: [number, number, number | null][] = [];
  for (let at = 0x100; at !== 0 && out.length < 32; ) {
    const h = rd(cs, at, 4);
    const id = h & 0xffff;
    out.push([at, id, id === 0x23 ? rd(cs, at + 8, 2) : null]);
    at = h >>> 20;
  }
  return out;
}

describe('Type 3 device configuration space (QEMU layout)', () => {
  const cs = space(dev(4 * GIB, 2 * GIB));

  it('chains DSN at 0x100, then the DVSECs packed by their lengths', () => {
    // DSN: 0x100 + 0x0C (header + 8-byte serial) = 0x10C. Device DVSEC 0x3C long: 0x10C + 0x3C = 0x148.
    // Register Locator 0x24: 0x148 + 0x24 = 0x16C. GPF Device 0x10: 0x17C. Flex Bus 0x20 ends at 0x19C.
    expect(chain(cs)).toEqual([
      [0x100, 0x0003, null],
      [0x10c, 0x0023, 0],
      [0x148, 0x0023, 8],
      [0x16c, 0x0023, 5],
      [0x17c, 0x0023, 7],
    ]);
  });

  it('DVSEC Header 1 carries vendor 0x1E98, revision and length', () => {
    // [15:0] 0x1E98, [19:16] revision 3, [31:20] length 0x3C → 0x03C3_1E98.
    expect(rd(cs, 0x10c + 4, 4)).toBe(0x03c3_1e98);
    // Register Locator: revision 0, length 0x24 → 0x0240_1E98.
    expect(rd(cs, 0x148 + 4, 4)).toBe(0x0240_1e98);
  });

  it('Device DVSEC capability and control as QEMU builds them', () => {
    // Capability at +0x0A = 0x116: 0x1E = IO_Capable(1) Mem_Capable(2) Mem_HwInit_Mode(3) HDM_Count=1 (bits 5:4).
    expect(rd(cs, 0x116, 2)).toBe(0x1e);
    // Control at +0x0C: IO_Enable only (0x02), Mem_Enable clear.
    expect(rd(cs, 0x118, 2)).toBe(0x02);
  });

  it('Range 1 = volatile 4 GiB, Range 2 = persistent 2 GiB, Info_Valid/Active and CDAT media', () => {
    // Range 1 at +0x18..+0x27 = 0x124..0x133: Size High = 4 GiB >> 32 = 1; Size Low = size[31:28] (0)
    // | Memory_Class 2 << 5 (0x40) | Media_Type 2 << 2 (0x08) | Active (0x2) | Info_Valid (0x1) = 0x4B.
    expect(rd(cs, 0x124, 4)).toBe(1);
    expect(rd(cs, 0x128, 4)).toBe(0x4b);
    // Range 2 at +0x28 = 0x134: 2 GiB = 0x8000_0000 → Size High 0, Size Low 0x8000_0000 | 0x4B.
    expect(rd(cs, 0x134, 4)).toBe(0);
    expect(rd(cs, 0x138, 4)).toBe(0x8000_004b);
    // Bases 0 (QEMU leaves them to software).
    expect(rd(cs, 0x12c, 4)).toBe(0);
    expect(rd(cs, 0x130, 4)).toBe(0);
  });

  it('a persistent-only device puts its capacity in Range 1 and leaves Range 2 empty', () => {
    const p = space(dev(0, 768 * MIB));
    // 768 MiB = 0x3000_0000: Size Low = 0x3000_0000 | 0x4B; Range 2 Size Low 0 (not valid).
    expect(rd(p, 0x128, 4)).toBe(0x3000_004b);
    expect(rd(p, 0x138, 4)).toBe(0);
  });

  it('Register Locator entries point at BAR 0 (component) and BAR 2 (device registers)', () => {
    // Entry 1 at 0x148 + 0x0C = 0x154: BIR 0, Block ID 1 << 8 = 0x100. Entry 2 at 0x15C: BIR 2 | 3 << 8 = 0x302.
    expect(rd(cs, 0x154, 4)).toBe(0x100);
    expect(rd(cs, 0x15c, 4)).toBe(0x302);
    expect(rd(cs, 0x164, 4)).toBe(0);
  });

  it('the serial number is in the DSN capability', () => {
    expect(rd(cs, 0x104, 4)).toBe(0x3344_5566);
    expect(rd(cs, 0x108, 4)).toBe(0x1122);
  });

  it('RO fields ignore writes, RW fields take them', () => {
    // Capability is HwInit: writing 0xFFFF leaves 0x1E.
    expect(cs.write(0x116, 2, 0xffff).ok).toBe(true);
    expect(rd(cs, 0x116, 2)).toBe(0x1e);
    // Control: IO_Enable is RO 1; Mem_Enable (bit 2) is RW. Writing 0x0004 → 0x0006; writing 0 → 0x0002.
    cs.write(0x118, 2, 0x0004);
    expect(rd(cs, 0x118, 2)).toBe(0x0006);
    cs.write(0x118, 2, 0);
    expect(rd(cs, 0x118, 2)).toBe(0x0002);
    // Range sizes are RO; Base Low keeps only bits 31:28.
    cs.write(0x128, 4, 0);
    expect(rd(cs, 0x128, 4)).toBe(0x4b);
    cs.write(0x130, 4, 0xffff_ffff);
    expect(rd(cs, 0x130, 4)).toBe(0xf000_0000);
    // A byte write to the second byte of Base Low changes nothing (bits 15:8 reserved).
    cs.write(0x131, 1, 0xff);
    expect(rd(cs, 0x130, 4)).toBe(0xf000_0000);
  });

  it('RW1C: a written 1 clears a set status bit, a written 0 leaves it', () => {
    // DVSEC CXL Status at +0x0E = 0x11A: Viral_Status is bit 14 (RW1CS).
    cs.setHardware(0x11a, 2, 0x4000);
    cs.write(0x11a, 2, 0);
    expect(rd(cs, 0x11a, 2)).toBe(0x4000);
    cs.write(0x11a, 2, 0x4000);
    expect(rd(cs, 0x11a, 2)).toBe(0);
  });

  it('bad accesses are errors, not exceptions', () => {
    expect(cs.read(0x1000, 4).ok).toBe(false);
    expect(cs.read(0x101, 2).ok).toBe(false);
    expect(cs.read(0x100, 3).ok).toBe(false);
    expect(cs.write(0x100, 4, 2 ** 32).ok).toBe(false);
    expect(cs.write(-4, 4, 0).ok).toBe(false);
  });
});

describe('port configuration spaces', () => {
  it('root port: AER 0x100, ACS 0x148, then Extensions, GPF, Flex Bus, Register Locator from 0x150', () => {
    const cs = space({ kind: 'root-port', id: 'rp0', parent: 'hb0', port: 0 });
    // AER 0x48 bytes: 0x100 + 0x48 = 0x148 (ACS, 8 bytes) → DVSECs from 0x150.
    // Extensions 0x28 → 0x178; GPF Port 0x10 → 0x188; Flex Bus 0x20 → 0x1A8.
    expect(chain(cs)).toEqual([
      [0x100, 0x0001, null],
      [0x148, 0x000d, null],
      [0x150, 0x0023, 3],
      [0x178, 0x0023, 4],
      [0x188, 0x0023, 7],
      [0x1a8, 0x0023, 8],
    ]);
    // Flex Bus Control at 0x188 + 0x0C: QEMU's root-port write mask 0xBD (not IO_Enable, not MLD).
    cs.write(0x194, 2, 0xffff);
    expect(rd(cs, 0x194, 2)).toBe(0xbd | 0x02);
  });

  it('switch downstream port: Extensions, Flex Bus, GPF, Register Locator from 0x148', () => {
    const cs = space({ kind: 'downstream-port', id: 'dsp0', parent: 'sw0', port: 0 });
    // 0x148 + 0x28 = 0x170 (Flex Bus) + 0x20 = 0x190 (GPF) + 0x10 = 0x1A0 (Register Locator).
    expect(chain(cs).map(([o, , d]) => [o, d])).toEqual([
      [0x100, null],
      [0x148, 3],
      [0x170, 7],
      [0x190, 4],
      [0x1a0, 8],
    ]);
    // Flex Bus Capability 0x27 (Cache, IO, Mem, CXL 2.0), as cxl_downstream.c writes it.
    expect(rd(cs, 0x170 + 0x0a, 2)).toBe(0x27);
  });

  it('switch upstream port: Extensions, Flex Bus (RO control), Register Locator', () => {
    const cs = space({ kind: 'switch', id: 'sw0', parent: 'rp0', decoderCount: 4, decoders: [] });
    expect(chain(cs).map(([o, , d]) => [o, d])).toEqual([
      [0x100, null],
      [0x148, 3],
      [0x170, 7],
      [0x190, 8],
    ]);
    cs.write(0x170 + 0x0c, 2, 0);
    expect(rd(cs, 0x170 + 0x0c, 2)).toBe(0x27);
  });

  it('a host bridge has no configuration space to show', () => {
    const r = buildConfigSpace({
      kind: 'host-bridge',
      id: 'hb0',
      uid: 0,
      decoderCount: 4,
      componentRegBase: 0,
      decoders: [],
    });
    expect(r.ok).toBe(false);
  });
});
