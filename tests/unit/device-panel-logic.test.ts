/**
 * The Device tab's pure logic: the Mailbox view's payload editing (fields ↔ hex stay one byte array),
 * command lookup by name or opcode, the history and what Replay sends, and the register views'
 * byte ↔ field mapping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldAtByte, fieldBytes, hexRows } from '../../src/panels/device/byte-map.ts';
import {
  addToHistory,
  type MailboxHistoryEntry,
  replayArgs,
} from '../../src/panels/device/mailbox-history.ts';
import {
  filterCommands,
  findCommand,
  formatHex,
  parseFieldValue,
  parseHex,
  readField,
  writeField,
} from '../../src/panels/device/payload-edit.ts';
import type { DeviceRegisterGroup, MailboxCommandInfo } from '../../src/worker/device-types.ts';

describe('payload fields and hex', () => {
  it('a field written then read gives the value back, and no other byte changes (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (bytes, offset, size, raw) => {
          const value = raw % (1n << BigInt(8 * size));
          const f = { offset, size };
          const out = writeField(bytes, f, value);
          expect(readField(out, f)).toBe(value);
          expect(out.length).toBe(Math.max(bytes.length, offset + size));
          for (let i = 0; i < out.length; i++) {
            if (i >= offset && i < offset + size) continue;
            expect(out[i]).toBe(bytes[i] ?? 0);
          }
        },
      ),
    );
  });

  it('the hex text of any payload reads back as the same bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const r = parseHex(formatHex(bytes));
        expect(r.ok).toBe(true);
        if (r.ok) expect([...r.value]).toEqual([...bytes]);
      }),
    );
  });

  it('editing a field shows in the hex, and editing the hex shows in the field (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 56n - 1n }), (dpa) => {
        // Inject Poison's input: Inject Poison Physical Address, 8 bytes at offset 0 (CXL 2.0 §8.2.9.5.4.2).
        const f = { offset: 0, size: 8 };
        const hex = formatHex(writeField(new Uint8Array(8), f, dpa));
        const back = parseHex(hex);
        expect(back.ok && readField(back.value, f)).toBe(dpa);
      }),
    );
  });

  it('little-endian: 0x1040 at offset 0 of 8 bytes is 40 10 00 00 00 00 00 00', () => {
    expect(formatHex(writeField(new Uint8Array(8), { offset: 0, size: 8 }, 0x1040n))).toBe(
      '40 10 00 00 00 00 00 00',
    );
  });

  it('reads typed values and refuses what does not fit or is not a number', () => {
    expect(parseFieldValue('0x1000', 8)).toEqual({ ok: true, value: 0x1000n });
    expect(parseFieldValue('4096', 4)).toEqual({ ok: true, value: 4096n });
    expect(parseFieldValue('1000h', 2)).toEqual({ ok: true, value: 0x1000n });
    expect(parseFieldValue('0x100', 1)).toEqual({ ok: false, error: '0x100 does not fit 1 byte' });
    const bad = parseFieldValue('ten', 4);
    expect(bad.ok).toBe(false);
    expect(parseHex('0g').ok).toBe(false);
    expect(parseHex('abc')).toEqual({ ok: false, error: 'input payload: odd number of hex digits (3)' });
  });
});

const CATALOGUE: MailboxCommandInfo[] = [
  {
    opcode: 0x4000,
    opcodeText: '0x4000',
    name: 'Identify Memory Device',
    cli: 'identify',
    inputSize: 0,
    inputFields: [],
    defaultInputSize: 0,
    effects: 0,
    spec: 'CXL 2.0 §8.2.9.5.1.1',
  },
  {
    opcode: 0x4301,
    opcodeText: '0x4301',
    name: 'Inject Poison',
    cli: 'inject-poison',
    inputSize: 8,
    inputFields: [{ name: 'Inject Poison Physical Address', offset: 0, size: 8, value: '0x0' }],
    defaultInputSize: 8,
    effects: 0,
    spec: 'CXL 2.0 §8.2.9.5.4.2',
  },
];

describe('command lookup', () => {
  it('finds a command by spec name, CLI name or opcode, in any case', () => {
    expect(findCommand(CATALOGUE, 'identify memory device')?.opcode).toBe(0x4000);
    expect(findCommand(CATALOGUE, 'inject-poison')?.opcode).toBe(0x4301);
    expect(findCommand(CATALOGUE, '0x4301')?.name).toBe('Inject Poison');
    expect(findCommand(CATALOGUE, '4000h')?.name).toBe('Identify Memory Device');
    expect(findCommand(CATALOGUE, '0x4302')).toBeUndefined();
    expect(filterCommands(CATALOGUE, 'poison').map((c) => c.cli)).toEqual(['inject-poison']);
    expect(filterCommands(CATALOGUE, '').length).toBe(2);
  });
});

describe('mailbox history', () => {
  const entry = (id: number, input: number[]): MailboxHistoryEntry => ({
    id,
    device: 'mem0',
    command: 'Inject Poison',
    opcodeText: '0x4301',
    input: Uint8Array.from(input),
    returnCodeName: 'Success (0x00)',
    ok: true,
  });

  it('keeps the newest first, at most the limit', () => {
    let h: MailboxHistoryEntry[] = [];
    for (let i = 1; i <= 5; i++) h = addToHistory(h, entry(i, [i]), 3);
    expect(h.map((e) => e.id)).toEqual([5, 4, 3]);
  });

  it('replay sends the same device, command and bytes, unaffected by later edits of the input', () => {
    const input = Uint8Array.from([0x40, 0x10, 0, 0, 0, 0, 0, 0]);
    const h = addToHistory([], { ...entry(1, []), input });
    input[0] = 0xff; // the form's buffer changes after sending
    const first = h[0];
    if (first === undefined) throw new Error('no entry');
    const a = replayArgs(first);
    expect(a).toEqual({
      device: 'mem0',
      command: 'Inject Poison',
      input: Uint8Array.from([0x40, 0x10, 0, 0, 0, 0, 0, 0]),
    });
    a.input[1] = 0; // what Replay sends is a copy
    expect(first.input[1]).toBe(0x10);
  });
});

describe('register bytes ↔ fields', () => {
  const groups: DeviceRegisterGroup[] = [
    {
      offset: 0x10c,
      offsetText: '0x10c',
      name: 'DVSEC',
      spec: 'CXL 2.0 §8.1.3',
      registers: [
        {
          offset: 0x110,
          offsetText: '0x110',
          size: 4,
          name: 'Designated Vendor-Specific Header 1',
          value: 0x03c31e98,
          valueText: '0x03c31e98',
          // DVSEC Vendor ID [15:0], Revision [19:16], Length [31:20] (PCIe Base r5.0 §7.9.6.2).
          fields: [
            {
              title: 'DVSEC Vendor ID',
              bits: '[15:0]',
              bit: 0,
              width: 16,
              access: 'RO',
              value: 0x1e98,
              valueText: '0x1e98',
            },
            {
              title: 'DVSEC Revision',
              bits: '[19:16]',
              bit: 16,
              width: 4,
              access: 'RO',
              value: 3,
              valueText: '0x3',
            },
            {
              title: 'DVSEC Length',
              bits: '[31:20]',
              bit: 20,
              width: 12,
              access: 'RO',
              value: 0x3c,
              valueText: '0x3c',
            },
          ],
        },
      ],
    },
  ];
  const reg = groups[0]?.registers[0];

  it('a field covers the bytes its bits fall in (little-endian)', () => {
    if (reg === undefined) throw new Error('no register');
    const [vendor, revision, length] = reg.fields;
    if (vendor === undefined || revision === undefined || length === undefined) throw new Error('fields');
    expect(fieldBytes(reg, vendor)).toEqual({ start: 0x110, end: 0x112 }); // bits 15:0 → bytes 0, 1
    expect(fieldBytes(reg, revision)).toEqual({ start: 0x112, end: 0x113 }); // bits 19:16 → byte 2
    expect(fieldBytes(reg, length)).toEqual({ start: 0x112, end: 0x114 }); // bits 31:20 → bytes 2, 3
  });

  it('a byte selects its register and the first field with a bit in it', () => {
    expect(fieldAtByte(groups, 0x111)?.field?.title).toBe('DVSEC Vendor ID');
    expect(fieldAtByte(groups, 0x112)?.field?.title).toBe('DVSEC Revision');
    expect(fieldAtByte(groups, 0x113)?.field?.title).toBe('DVSEC Length');
    expect(fieldAtByte(groups, 0x114)).toBeNull();
  });

  it('shows the first 0x40 bytes and rows with registers or non-zero bytes', () => {
    const bytes = new Uint8Array(0x200);
    bytes[0x1f0] = 1;
    expect(hexRows(bytes, groups)).toEqual([0x0, 0x10, 0x20, 0x30, 0x110, 0x1f0]);
  });
});
