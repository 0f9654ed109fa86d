/**
 * The device register block and the mailbox: register offsets (CXL 2.0 §8.2.8; QEMU
 * include/hw/cxl/cxl_device.h), the doorbell protocol, return codes, and every command's payload
 * bytes against offsets worked by hand from the CXL 2.0 payload tables (§8.2.9) as Linux declares
 * them (drivers/cxl/cxlmem.h).
 */
import { describe, expect, it } from 'vitest';
import { MemoryDevice } from '../../src/cxl/device/device.ts';
import { sendCommand } from '../../src/cxl/device/mailbox.ts';
import type { Type3Spec } from '../../src/cxl/topology/model.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

function device(extra: Partial<Type3Spec> = {}): MemoryDevice {
  return new MemoryDevice({
    kind: 'type3',
    id: 'mem0',
    parent: 'rp0',
    volatile: GIB,
    persistent: 512 * MIB,
    decoderCount: 4,
    serial: 1,
    decoders: [],
    ...extra,
  });
}

function le(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

function send(dev: MemoryDevice, opcode: number, input: number[] | Uint8Array = []) {
  const r = sendCommand(dev, opcode, input instanceof Uint8Array ? input : Uint8Array.from(input));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function u64(n: number): number[] {
  return Array.from({ length: 8 }, (_, i) => Math.floor(n / 2 ** (8 * i)) % 256);
}

describe('device register block', () => {
  const dev = device();
  const r64 = (o: number) => {
    const r = dev.regs.read(o, 8);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('capabilities array: ID 0, version 1, 3 capabilities', () => {
    // [15:0] 0, [23:16] 1, [47:32] 3 → 0x0000_0003_0001_0000.
    expect(r64(0)).toBe(0x3_0001_0000n);
  });

  it('headers at 0x10, 0x20, 0x30: status @0x80 (8), mailbox @0x88 (0x20 + 2048), memdev @0x8A8 (8)', () => {
    // Header = ID | version << 16, then offset, then length.
    expect(r64(0x10)).toBe(0x80n * 2n ** 32n + 0x2_0001n); // Device Status, version 2
    expect(r64(0x18) & 0xffff_ffffn).toBe(0x8n);
    expect(r64(0x20)).toBe(0x88n * 2n ** 32n + 0x1_0002n); // Primary Mailbox, version 1
    // 0x20 mailbox registers + 2^11 payload = 0x820.
    expect(r64(0x28) & 0xffff_ffffn).toBe(0x820n);
    // Memory device status at 0x88 + 0x820 = 0x8A8.
    expect(r64(0x30)).toBe(0x8a8n * 2n ** 32n + 0x1_4000n);
  });

  it('mailbox capabilities: payload size 2^11; memory device status: media ready, mailbox ready', () => {
    expect(r64(0x88) & 0x1fn).toBe(11n);
    // Media Status [3:2] = 1 (ready) → 0x4; Mailbox Interface Ready [4] → 0x10.
    expect(r64(0x8a8)).toBe(0x14n);
  });

  it('read-only registers ignore writes; bad sizes and offsets are errors', () => {
    expect(dev.regs.write(0x8a8, 8, 0n).ok).toBe(true);
    expect(r64(0x8a8)).toBe(0x14n);
    expect(dev.regs.read(0x89, 2).ok).toBe(false);
    expect(dev.regs.read(0x88, 3).ok).toBe(false);
    expect(dev.regs.read(0x1000, 4).ok).toBe(false);
  });

  it('the doorbell protocol: command register and status written back, doorbell cleared', () => {
    const r = send(dev, 0x4000);
    const ops = r.trace.map((a) => `${a.op} ${a.offset.toString(16)}`);
    // Linux's order: check Control, copy payload, write Command, ring Doorbell, poll Control, read Status, Command, payload.
    expect(ops).toEqual([
      'read 8c',
      'write a8',
      'write 90',
      'write 8c',
      'read 8c',
      'read 98',
      'read 90',
      'read a8',
    ]);
    // Command after execution: opcode 0x4000 | output length 0x43 << 16.
    expect(r.trace[6]?.value).toBe(0x43_4000n);
  });
});

describe('return codes', () => {
  it('unknown opcode → Unsupported (3)', () => {
    expect(send(device(), 0x4400).returnCode).toBe(3);
    expect(send(device(), 0xffff).returnCode).toBe(3);
  });

  it('fixed-size input of the wrong length → Invalid Payload Length (0x16)', () => {
    expect(send(device(), 0x4000, [1]).returnCode).toBe(0x16);
    expect(send(device(), 0x4102, [0, 0, 0, 0]).returnCode).toBe(0x16);
  });

  it('a length above the 2048-byte payload area → Invalid Payload Length', () => {
    expect(send(device(), 0x4103, new Uint8Array(4096)).returnCode).toBe(0x16);
  });

  it('a length the 21-bit field cannot hold is refused before any write', () => {
    expect(sendCommand(device(), 0x4103, new Uint8Array(2 ** 21)).ok).toBe(false);
    expect(sendCommand(device(), 0x10000, new Uint8Array(0)).ok).toBe(false);
  });
});

describe('payload layouts', () => {
  it('Identify Memory Device: 0x43 bytes at the CXL 2.0 Table 175 offsets', () => {
    const o = send(device({ device: { lsaSize: 0x4000 } }), 0x4000).output;
    expect(o.length).toBe(0x43);
    expect(String.fromCharCode(...o.subarray(0, 15))).toBe('BWFW VERSION 00');
    // Total 1.5 GiB / 256 MiB = 6 at 0x10; volatile-only 1 GiB = 4 at 0x18; persistent-only 512 MiB = 2 at 0x20.
    expect(le(o, 0x10, 8)).toBe(6);
    expect(le(o, 0x18, 8)).toBe(4);
    expect(le(o, 0x20, 8)).toBe(2);
    expect(le(o, 0x28, 8)).toBe(0); // partition alignment 0: not partitionable (QEMU)
    expect(le(o, 0x38, 4)).toBe(0x4000); // LSA size in bytes
    expect(le(o, 0x3c, 3)).toBe(256); // poison list max records
    expect(le(o, 0x3f, 2)).toBe(0); // inject poison limit
  });

  it('Get Partition Info: active capacities at 0x00/0x08, next 0 when nothing is pending', () => {
    const o = send(device(), 0x4100).output;
    expect(o.length).toBe(0x20);
    expect([le(o, 0, 8), le(o, 8, 8), le(o, 0x10, 8), le(o, 0x18, 8)]).toEqual([4, 2, 0, 0]);
  });

  it('Get Supported Logs: one entry, the CEL, 4 bytes per implemented command', () => {
    const o = send(device(), 0x0400).output;
    // count (2) + 6 reserved + 0x14-byte entry = 0x1C bytes.
    expect(o.length).toBe(0x1c);
    expect(le(o, 0, 2)).toBe(1);
    // CEL UUID 0da9c0b5-bf41-4b78-8f79-96b1623b3f17, bytes in RFC 4122 order from offset 8.
    expect([...o.subarray(8, 12)]).toEqual([0x0d, 0xa9, 0xc0, 0xb5]);
    // 15 commands × 4 bytes = 60.
    expect(le(o, 0x18, 4)).toBe(60);
  });

  it('Get Log (CEL) lists exactly the implemented opcodes with their effects', () => {
    const dev = device();
    const uuid = [
      0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78, 0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
    ];
    const o = send(dev, 0x0401, [...uuid, 0, 0, 0, 0, 60, 0, 0, 0]).output;
    const entries = Array.from({ length: 15 }, (_, i) => [le(o, 4 * i, 2), le(o, 4 * i + 2, 2)]);
    expect(entries).toEqual([
      [0x0100, 0],
      [0x0101, 0x10], // Immediate Log Change
      [0x0300, 0],
      [0x0301, 0x08], // Immediate Policy Change
      [0x0400, 0],
      [0x0401, 0],
      [0x4000, 0],
      [0x4100, 0],
      [0x4101, 0x07],
      [0x4102, 0],
      [0x4103, 0x06], // Immediate Configuration + Data Change, as QEMU's Set LSA
      [0x4200, 0],
      [0x4300, 0],
      [0x4301, 0],
      [0x4302, 0],
    ]);
    // Reading past the log's end (offset 4 + length 60 > 60) is Invalid Input.
    expect(send(dev, 0x0401, [...uuid, 4, 0, 0, 0, 60, 0, 0, 0]).returnCode).toBe(2);
    // An unknown log UUID → Unsupported.
    expect(send(dev, 0x0401, [...new Array(16).fill(0), 0, 0, 0, 0, 4, 0, 0, 0]).returnCode).toBe(3);
  });

  it('Get/Set Timestamp: 8 bytes, 0 until set', () => {
    const dev = device();
    expect(le(send(dev, 0x0300).output, 0, 8)).toBe(0);
    // 1_700_000_000 s in ns = 1.7e18 > 2^53: compare as bigint.
    const ns = 1_700_000_000_000_000_000n;
    const bytes = Array.from({ length: 8 }, (_, i) => Number((ns >> BigInt(8 * i)) & 0xffn));
    expect(send(dev, 0x0301, bytes).returnCode).toBe(0);
    expect([...send(dev, 0x0300).output]).toEqual(bytes);
  });

  it('Get Health Info: 0x12 bytes', () => {
    expect(send(device(), 0x4200).output.length).toBe(0x12);
  });
});

describe('poison', () => {
  it('inject, list, clear', () => {
    const dev = device();
    // Inject at DPA 0x1000 and 0x1040 (two 64-byte lines).
    expect(send(dev, 0x4301, u64(0x1000)).returnCode).toBe(0);
    expect(send(dev, 0x4301, u64(0x1040)).returnCode).toBe(0);
    // Injecting an already poisoned line succeeds without a new record.
    expect(send(dev, 0x4301, u64(0x1000)).returnCode).toBe(0);
    // Get Poison List [0, 1.5 GiB): length in 64-byte units = 1.5 GiB / 64 = 0x180_0000.
    const o = send(dev, 0x4300, [...u64(0), ...u64(0x180_0000)]).output;
    // Header 0x20; count at 0x0A; records of 16 bytes: address = DPA | source 3 (injected), length 1 line.
    expect(le(o, 0x0a, 2)).toBe(2);
    expect(le(o, 0x20, 8)).toBe(0x1003);
    expect(le(o, 0x28, 4)).toBe(1);
    expect(le(o, 0x30, 8)).toBe(0x1043);
    // Clear the first: DPA (8) + 64 bytes of write data.
    expect(send(dev, 0x4302, [...u64(0x1000), ...new Array(64).fill(0xab)]).returnCode).toBe(0);
    const after = send(dev, 0x4300, [...u64(0), ...u64(0x180_0000)]).output;
    expect(le(after, 0x0a, 2)).toBe(1);
    expect(le(after, 0x20, 8)).toBe(0x1043);
  });

  it('a query overlapping a record is clipped to the query', () => {
    const dev = device({
      device: {
        state: {
          lsa: [],
          poison: [{ dpa: 0x2000, length: 0x100, source: 2 }],
          events: [],
          nextEventHandle: 1,
        },
      },
    });
    // Query [0x2040, 0x2080): one line, the record clipped to it: address 0x2040 | source 2.
    const o = send(dev, 0x4300, [...u64(0x2040), ...u64(1)]).output;
    expect(le(o, 0x0a, 2)).toBe(1);
    expect(le(o, 0x20, 8)).toBe(0x2042);
    expect(le(o, 0x28, 4)).toBe(1);
  });

  it('refusals: unaligned → Invalid Input, past capacity → Invalid Physical Address, full → limit', () => {
    const dev = device({ device: { poisonMaxRecords: 2 } });
    expect(send(dev, 0x4301, u64(0x1001)).returnCode).toBe(0x02);
    expect(send(dev, 0x4301, u64(1.5 * GIB)).returnCode).toBe(0x0f);
    expect(send(dev, 0x4300, [...u64(0x20), ...u64(1)]).returnCode).toBe(0x02);
    send(dev, 0x4301, u64(0));
    send(dev, 0x4301, u64(64));
    expect(send(dev, 0x4301, u64(128)).returnCode).toBe(0x10);
    expect(send(dev, 0x4302, [...u64(1.5 * GIB), ...new Array(64).fill(0)]).returnCode).toBe(0x0f);
  });

  it('clearing the middle of a longer record splits it', () => {
    const dev = device({
      device: {
        state: { lsa: [], poison: [{ dpa: 0, length: 192, source: 1 }], events: [], nextEventHandle: 1 },
      },
    });
    send(dev, 0x4302, [...u64(64), ...new Array(64).fill(0)]);
    expect(dev.state.poison).toEqual([
      { dpa: 0, length: 64, source: 1 },
      { dpa: 128, length: 64, source: 1 },
    ]);
  });
});
