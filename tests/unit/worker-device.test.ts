/**
 * The worker's device-side requests (src/worker/device-inspect.ts) through the real handler, on the
 * default preset (mem0…mem3, 4 GiB volatile each, one 4-way region at 4 KiB): config space, the
 * device register block, the command catalogue, and mailbox commands — read-only ones leave the
 * document alone, state-changing ones come back as a new document.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import type { DeviceRegisterGroup } from '../../src/worker/device-types.ts';
import { handlerHarness } from './helpers/handler-harness.ts';

const PRESET = readFileSync(new URL('../../src/presets/default.topology.json', import.meta.url));
const BLANK = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url), 'utf8');

const harness = handlerHarness;

async function opened() {
  const h = harness();
  await h.call('file.open', { bytes: new Uint8Array(PRESET), fileName: 'default.json' });
  return h;
}

function field(groups: DeviceRegisterGroup[], group: string, reg: string, title: string) {
  const g = groups.find((x) => x.name === group);
  const r = g?.registers.find((x) => x.name === reg);
  const f = r?.fields.find((x) => x.title === title);
  if (r === undefined || f === undefined) throw new Error(`${group} / ${reg} / ${title} not found`);
  return { reg: r, field: f };
}

const le32 = (b: Uint8Array, at: number) =>
  (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | (((b[at + 3] ?? 0) << 24) >>> 0);

describe('device.config', () => {
  it("decodes mem0's CXL device DVSEC, and the hex holds what the tree says", async () => {
    const h = await opened();
    const v = await h.call('device.config', { component: 'mem0' });
    expect(v.bytes.length).toBe(4096); // PCIe extended configuration space (PCIe Base r5.0 §7.6)
    // DVSEC Vendor ID 1E98h: the CXL consortium's (CXL 2.0 §8.1.1).
    const vendor = field(
      v.groups,
      'PCIe DVSEC for CXL Device',
      'Designated Vendor-Specific Header 1',
      'DVSEC Vendor ID',
    );
    expect(vendor.field.value).toBe(0x1e98);
    expect(le32(v.bytes, vendor.reg.offset) & 0xffff).toBe(0x1e98);
    // Range 1 Size High = size bits 63:32: 4 GiB = 2^32 → 1 (CXL 2.0 §8.1.3.8.1).
    const high = field(
      v.groups,
      'PCIe DVSEC for CXL Device, Range 1',
      'DVSEC CXL Range Size High',
      'Memory_Size_High',
    );
    expect(high.field.value).toBe(1);
    expect(le32(v.bytes, high.reg.offset)).toBe(1);
    expect(v.groups.find((g) => g.name === 'Register Locator DVSEC')?.spec).toBe('CXL 2.0 §8.1.9');
    expect(v.text.startsWith('mem0 (type3): PCIe configuration space\n')).toBe(true);
  });

  it('refuses a component that does not exist, naming the ones that do', async () => {
    const h = await opened();
    const r = await h.send('device.config', { component: 'nope' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('no component "nope"');
  });
});

describe('device.registers and device.mbox', () => {
  it('decodes the register block: 3 capabilities, a 2 KiB payload, media and mailbox ready', async () => {
    const h = await opened();
    const v = await h.call('device.registers', { device: 'mem1' });
    // QEMU places Device Status, Primary Mailbox and Memory Device Status (hw/cxl/cxl-device-utils.c).
    const count = field(
      v.groups,
      'Device Capabilities Array Register',
      'Device Capabilities Array Register (high)',
      'Capabilities Count',
    );
    expect(count.field.value).toBe(3);
    // Payload Size is log2 of the bytes: QEMU's CXL_MAILBOX_PAYLOAD_SHIFT 11 → 2048 (CXL 2.0 §8.2.8.4.3).
    const size = field(
      v.groups,
      'Primary Mailbox Registers',
      'Mailbox Capabilities Register',
      'Payload Size',
    );
    expect(size.field.value).toBe(11);
    expect(v.payloadSize).toBe(2 ** 11);
    // Media Status 01b = Ready, Mailbox Interface Ready = 1 (CXL 2.0 §8.2.8.5.1.1).
    const media = field(
      v.groups,
      'Memory Device Status Registers',
      'Memory Device Status Register',
      'Media Status',
    );
    expect([media.field.value, media.field.meaning]).toEqual([1, 'Ready']);
    expect(
      field(
        v.groups,
        'Memory Device Status Registers',
        'Memory Device Status Register',
        'Mailbox Interface Ready',
      ).field.value,
    ).toBe(1);
  });

  it('Identify Memory Device: Total Capacity 16 × 256 MiB, no document change, registers show the command', async () => {
    const h = await opened();
    const before = await h.call('file.save', {});
    const r = await h.call('device.mbox', { device: 'mem0', command: 'identify', input: new Uint8Array(0) });
    expect(r.run.returnCodeName).toBe('Success (0x00)');
    expect(r.state).toBeNull();
    expect(r.run.changed).toBe(false);
    // Identify output is 43h bytes; Total Capacity is 8 bytes at 10h in 256 MiB units (CXL 2.0 §8.2.9.5.1.1):
    // 4 GiB / 256 MiB = 16 = 0x10 → 10 00 00 00 00 00 00 00.
    expect(r.run.output.length).toBe(0x43);
    expect([...r.run.output.subarray(0x10, 0x18)]).toEqual([0x10, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.run.outputFields.find((f) => f.name === 'Total Capacity')?.offset).toBe(0x10);
    // Linux writes the Command register (opcode 4000h, length 0) then sets Doorbell (drivers/cxl/pci.c).
    const writes = r.run.mmio.filter((a) => a.op === 'write').map((a) => a.register);
    expect(writes.slice(-2)).toEqual(['Command Register', 'Mailbox Control Register']);
    const regs = await h.call('device.registers', { device: 'mem0' });
    const opcode = field(
      regs.groups,
      'Primary Mailbox Registers',
      'Command Register (low)',
      'Command Opcode',
    );
    expect([opcode.field.value, opcode.field.meaning]).toEqual([0x4000, 'Identify Memory Device']);
    // After the command the device put the output length in Payload Length: 43h.
    expect(
      field(regs.groups, 'Primary Mailbox Registers', 'Command Register (low)', 'Payload Length [15:0]').field
        .value,
    ).toBe(0x43);
    expect((await h.call('file.save', {})).text).toBe(before.text);
  });

  it('Inject Poison is a document change; Get Poison List then returns the record', async () => {
    const h = await opened();
    // DPA 0x1040, 64-byte aligned (CXL 2.0 §8.2.9.5.4.2): 8 bytes little-endian.
    const input = Uint8Array.from([0x40, 0x10, 0, 0, 0, 0, 0, 0]);
    const r = await h.call('device.mbox', { device: 'mem2', command: 'Inject Poison', input });
    expect(r.run.returnCodeName).toBe('Success (0x00)');
    expect(r.run.changed).toBe(true);
    const mem2 = r.state?.document.spec.components.find((c) => c.id === 'mem2');
    expect(mem2?.kind === 'type3' ? mem2.device?.state?.poison : null).toEqual([
      { dpa: 0x1040, length: 64, source: 3 },
    ]);
    // Get Poison List over the whole device: Starting DPA 0, length in 64-byte units (CXL 2.0 §8.2.9.5.4.1).
    const q = new Uint8Array(16);
    q[8] = 0x00;
    q[9] = 0x00;
    q[10] = 0x01; // 0x10000 units × 64 B = 4 GiB
    const list = await h.call('device.mbox', { device: 'mem2', command: '0x4300', input: q });
    expect(list.run.returnCodeName).toBe('Success (0x00)');
    expect(list.state).toBeNull();
    const count = list.run.outputFields.find((f) => f.name === 'Media Error Record Count');
    expect(count?.value).toBe('0x1');
  });

  it('an unknown command name is an error; an unknown opcode is answered Unsupported; a bad device is named', async () => {
    const h = await opened();
    const named = await h.send('device.mbox', {
      device: 'mem0',
      command: 'frobnicate',
      input: new Uint8Array(0),
    });
    expect(named.ok).toBe(false);
    const opcode = await h.call('device.mbox', {
      device: 'mem0',
      command: '0x4242',
      input: new Uint8Array(0),
    });
    expect(opcode.run.returnCodeName).toBe('Unsupported (0x03)');
    const bad = await h.send('device.mbox', { device: 'rp0', command: 'identify', input: new Uint8Array(0) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('no Type 3 device "rp0"');
  });

  it('the catalogue lists the 15 commands with the input layout of a fresh payload', async () => {
    const h = await opened();
    const c = await h.call('device.commands', {});
    expect(c.length).toBe(15);
    const inject = c.find((x) => x.cli === 'inject-poison');
    expect(inject?.inputSize).toBe(8);
    expect(inject?.inputFields.map((f) => [f.offset, f.size])).toEqual([[0, 8]]);
    const setLsa = c.find((x) => x.cli === 'set-lsa');
    expect([setLsa?.inputSize, setLsa?.defaultInputSize]).toEqual([null, 8]); // Offset, Reserved, then data
  });
});

describe('Set Partition Info through device.mbox', () => {
  it('moves capacity between volatile and persistent in the document; Identify then agrees', async () => {
    // The blank fixture's mem1 as 1 GiB volatile + 1 GiB persistent, partitionable in 256 MiB steps.
    const parsed = parseLabFile(BLANK);
    if (!parsed.ok) throw new Error('fixture');
    for (const c of parsed.value.spec.components) {
      if (c.id === 'mem1' && c.kind === 'type3') {
        c.volatile = 2 ** 30;
        c.persistent = 2 ** 30;
        c.device = { partitionAlign: 2 ** 28 };
      }
    }
    const h = harness();
    const text = serializeLabFile(parsed.value);
    await h.call('file.open', { bytes: new TextEncoder().encode(text), fileName: 'pmem.json' });
    // Set Partition Info input (CXL 2.0 §8.2.9.5.2.2): Volatile Capacity, 8 bytes at 0, in 256 MiB units;
    // Flags at 8, bit 0 Immediate. 512 MiB = 2 units → 02 00 … 00, flags 01.
    const input = Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    const r = await h.call('device.mbox', { device: 'mem1', command: 'Set Partition Info', input });
    expect(r.run.returnCodeName).toBe('Success (0x00)');
    const mem1 = r.state?.document.spec.components.find((c) => c.id === 'mem1');
    // 2 GiB in all: 512 MiB volatile, 2 GiB − 512 MiB = 1536 MiB persistent.
    expect(mem1?.kind === 'type3' ? [mem1.volatile, mem1.persistent] : null).toEqual([2 ** 29, 3 * 2 ** 29]);
    const p = await h.call('device.mbox', {
      device: 'mem1',
      command: 'get-partition-info',
      input: new Uint8Array(0),
    });
    // Active Volatile Capacity at 0 (8 bytes, 256 MiB units): 2; Active Persistent at 8: 6.
    expect([...p.run.output.subarray(0, 1)]).toEqual([2]);
    expect([...p.run.output.subarray(8, 9)]).toEqual([6]);
  });
});
