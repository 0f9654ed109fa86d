/**
 * fast-check properties of the device side: Set LSA then Get LSA round-trips any range inside the
 * LSA and refuses everything outside it with Invalid Input (CXL 2.0 §8.2.9.5.2.3–.4); Set Partition
 * Info then Identify and Get Partition Info agree (§8.2.9.5.1.1, §8.2.9.5.2.1–.2); event records come
 * back from Get Event Records and go with Clear Event Records (§8.2.9.1.2–.3).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addEventRecord, generalMediaPoisonRead } from '../../src/cxl/device/commands/events.ts';
import { deviceRanges } from '../../src/cxl/device/config-build.ts';
import { MemoryDevice } from '../../src/cxl/device/device.ts';
import { sendCommand } from '../../src/cxl/device/mailbox.ts';
import type { DeviceSpec } from '../../src/cxl/topology/model.ts';

const MIB = 2 ** 20;
const UNIT = 256 * MIB;

function device(volatile: number, persistent: number, d: DeviceSpec = {}): MemoryDevice {
  return new MemoryDevice({
    kind: 'type3',
    id: 'mem0',
    parent: 'rp0',
    volatile,
    persistent,
    decoderCount: 4,
    serial: 1,
    decoders: [],
    device: d,
  });
}

function send(dev: MemoryDevice, opcode: number, input: Uint8Array | number[] = []) {
  const r = sendCommand(dev, opcode, Uint8Array.from(input));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function le(n: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => Math.floor(n / 2 ** (8 * i)) % 256);
}

function read(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

const LSA = 0x3000; // 12 KiB: three 4 KiB pages, so ranges cross page edges

describe('LSA round trip', () => {
  it('Set LSA then Get LSA returns the bytes, for any range within the LSA', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: LSA }),
        fc.uint8Array({ minLength: 0, maxLength: 2040 }),
        (offset, data) => {
          fc.pre(offset + data.length <= LSA);
          const dev = device(0, UNIT, { lsaSize: LSA });
          // Set LSA input: offset (4), reserved (4), data from 0x08.
          expect(send(dev, 0x4103, [...le(offset, 4), 0, 0, 0, 0, ...data]).returnCode).toBe(0);
          // Get LSA input: offset (4), length (4).
          const got = send(dev, 0x4102, [...le(offset, 4), ...le(data.length, 4)]);
          expect(got.returnCode).toBe(0);
          expect([...got.output]).toEqual([...data]);
        },
      ),
    );
  });

  it('any range reaching past the LSA is refused with Invalid Input and changes nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 1, max: 2040 }),
        (offset, length) => {
          fc.pre(offset + length > LSA);
          const dev = device(0, UNIT, { lsaSize: LSA });
          expect(
            send(dev, 0x4103, [...le(offset, 4), 0, 0, 0, 0, ...new Array(length).fill(0x5a)]).returnCode,
          ).toBe(0x02);
          expect(send(dev, 0x4102, [...le(offset, 4), ...le(length, 4)]).returnCode).toBe(0x02);
          expect(dev.state.lsa.pages()).toEqual([]);
        },
      ),
    );
  });

  it('Set LSA shorter than its 8-byte header is Invalid Payload Length', () => {
    expect(send(device(0, UNIT, { lsaSize: LSA }), 0x4103, [0, 0, 0]).returnCode).toBe(0x16);
  });
});

describe('partition', () => {
  it('Set Partition Info, then Identify and Get Partition Info agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }), // volatile-only units
        fc.integer({ min: 0, max: 4 }), // persistent-only units
        fc.integer({ min: 1, max: 4 }), // alignment units
        fc.integer({ min: 0, max: 8 }), // partitionable = alignment × this
        fc.integer({ min: 0, max: 40 }), // requested volatile share, units
        fc.boolean(),
        (vo, po, align, blocks, share, immediate) => {
          const partitionable = align * blocks;
          const dev = device((vo + partitionable) * UNIT, po * UNIT, {
            partitionAlign: align * UNIT,
            volatileOnly: vo * UNIT,
            persistentOnly: po * UNIT,
          });
          const total = vo + po + partitionable;
          const r = send(dev, 0x4101, [...le(share, 8), immediate ? 1 : 0, 0]);
          const fits = share <= partitionable && share % align === 0;
          expect(r.returnCode).toBe(fits ? 0 : 0x02);
          const id = send(dev, 0x4000).output;
          const pi = send(dev, 0x4100).output;
          // Identify is unchanged by partitioning: total, volatile-only, persistent-only, alignment.
          expect([read(id, 0x10, 8), read(id, 0x18, 8), read(id, 0x20, 8), read(id, 0x28, 8)]).toEqual([
            total,
            vo,
            po,
            align,
          ]);
          const [av, ap, nv, np] = [read(pi, 0, 8), read(pi, 8, 8), read(pi, 16, 8), read(pi, 24, 8)];
          expect(av + ap).toBe(total);
          expect(av).toBeGreaterThanOrEqual(vo);
          expect(ap).toBeGreaterThanOrEqual(po);
          if (!fits) expect([av, nv, np]).toEqual([vo + partitionable, 0, 0]);
          else if (immediate) expect([av, nv, np]).toEqual([vo + share, 0, 0]);
          else expect([av, nv, nv + np]).toEqual([vo + partitionable, vo + share, total]);
          // The config space Range registers follow the active partition: Range 1 = volatile, Range 2 = persistent.
          const spec = dev.state.applyTo({
            kind: 'type3',
            id: 'mem0',
            parent: 'rp0',
            volatile: 0,
            persistent: 0,
            decoderCount: 4,
            serial: 1,
            decoders: [],
          });
          const ranges = deviceRanges(spec).map((x) => x.size / UNIT);
          expect(ranges).toEqual([av, ap].filter((x) => x > 0));
        },
      ),
    );
  });

  it('a device that is not partitionable answers Unsupported', () => {
    expect(send(device(UNIT, UNIT), 0x4101, [...le(1, 8), 1, 0]).returnCode).toBe(0x03);
  });
});

describe('events', () => {
  it('a poisoned-read record comes back from Get Event Records and goes with Clear Event Records', () => {
    const dev = device(UNIT, 0);
    addEventRecord(dev.state, 2, generalMediaPoisonRead(0x1040, true));
    // Event Status bit 2 (Failure log) is set while the log holds a record.
    const status = dev.regs.read(0x80, 4);
    expect(status.ok && status.value).toBe(0x4n);
    const got = send(dev, 0x0100, [2]).output;
    // Header 0x20: record count at 0x14 = 1; the record from 0x20, 0x80 bytes; handle at +0x14 = 1.
    expect(got.length).toBe(0x20 + 0x80);
    expect(read(got, 0x14, 2)).toBe(1);
    expect(read(got, 0x20 + 0x14, 2)).toBe(1);
    // General Media: physical address at +0x30 = DPA | volatile bit 0; descriptor +0x38 uncorrectable; transaction +0x3A host read.
    expect(read(got, 0x20 + 0x30, 8)).toBe(0x1041);
    expect(got[0x20 + 0x38]).toBe(1);
    expect(got[0x20 + 0x3a]).toBe(1);
    // Clear handle 2 (not in the log) → Invalid Handle; handle 1 → Success, log empty.
    expect(send(dev, 0x0101, [2, 0, 1, 0, 0, 0, 2, 0]).returnCode).toBe(0x0e);
    expect(send(dev, 0x0101, [2, 0, 1, 0, 0, 0]).returnCode).toBe(0x16); // count 1 but no handle bytes
    expect(send(dev, 0x0101, [2, 0, 1, 0, 0, 0, 1, 0]).returnCode).toBe(0);
    expect(read(send(dev, 0x0100, [2]).output, 0x14, 2)).toBe(0);
    // A log number above 3 is Invalid Input.
    expect(send(dev, 0x0100, [4]).returnCode).toBe(0x02);
  });

  it('a full log counts overflows instead of keeping records', () => {
    const dev = device(UNIT, 0);
    for (let i = 0; i < 10; i++) addEventRecord(dev.state, 0, generalMediaPoisonRead(64 * i, true));
    const got = send(dev, 0x0100, [0]).output;
    // 8 kept; flags bit 0 Overflow; overflow count 2 at 0x02.
    expect(read(got, 0x14, 2)).toBe(8);
    expect((got[0] ?? 0) & 1).toBe(1);
    expect(read(got, 0x02, 2)).toBe(2);
  });
});
