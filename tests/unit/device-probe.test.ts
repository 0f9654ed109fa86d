/**
 * The Linux probe replay (Linux v6.5 drivers/cxl/pci.c cxl_pci_probe; drivers/cxl/core/mbox.c;
 * drivers/nvdimm/label.c nd_label_data_init): the command sequence for a QEMU-default device and a
 * partitionable one, the register accesses of each command in __cxl_pci_mbox_send_cmd's order, the
 * Get LSA sizes worked by hand, the capacities Linux derives, the `cxl list -M` memdev, the worker's
 * `device.lsa` / `device.probe` answers and the CLI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labDevice, runProbe, writeLabelSet } from '../../src/cxl/device/index.ts';
import { createLab, parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import { lsaView, probeView } from '../../src/worker/device-labels.ts';
import { runCli } from './helpers/fake-io.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;
const BLANK = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url), 'utf8');

/** The blank 2-device fixture with mem1 changed by `edit`. */
function labText(edit: (c: { volatile: number; persistent: number; device?: object }) => void): string {
  const parsed = parseLabFile(BLANK);
  if (!parsed.ok) throw new Error('fixture');
  for (const c of parsed.value.spec.components) if (c.id === 'mem1' && c.kind === 'type3') edit(c);
  return serializeLabFile(parsed.value);
}

function lab(text: string) {
  const parsed = parseLabFile(text);
  if (!parsed.ok) throw new Error('lab file');
  const built = createLab(parsed.value);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.lab;
}

/** QEMU's usual pmem device: 256 MiB persistent, no volatile, alignment 0, the default 128 KiB LSA. */
const QEMU = labText((c) => {
  c.volatile = 0;
  c.persistent = 256 * MIB;
});
/** Partitionable: 1 GiB + 1 GiB, Partition Alignment 256 MiB. */
const PARTITIONED = labText((c) => {
  c.volatile = GIB;
  c.persistent = GIB;
  c.device = { partitionAlign: 256 * MIB };
});

function probe(text: string, options = {}) {
  const l = lab(text);
  const d = labDevice(l, 'mem1');
  if (!d.ok) throw new Error(d.error.message);
  return runProbe(l, d.value.spec, d.value.device, options);
}

const opcodes = (r: ReturnType<typeof probe>) =>
  r.steps.filter((s) => s.kind === 'mailbox').map((s) => s.opcode);

describe('QEMU-default pmem device', () => {
  const r = probe(QEMU);

  it('sends the v6.5 sequence: logs, CEL, timestamp, identify, then the nvdimm security and label reads', () => {
    // No Get Partition Info: Partition Alignment 0 (cxl_mem_create_range_info).
    expect(opcodes(r)).toEqual([0x0400, 0x0401, 0x0301, 0x4000, 0x4500, 0x4500, 0x4102]);
    expect(r.ok).toBe(true);
  });

  it('reads Memory Device Status at 0x8A8 first, then Mailbox Capabilities, status again and Control', () => {
    // Memory Device Status = 0x88 (mailbox) + 0x20 (registers) + 0x800 (2 KiB payload) = 0x8A8.
    expect(r.steps[0]?.mmio.map((a) => [a.op, a.offset, a.size])).toEqual([['read', 0x8a8, 8]]);
    // Capabilities at 0x88 (readl), status at 0x8A8 (readq), Control at 0x88 + 4 = 0x8C (readl).
    expect(r.steps[1]?.mmio.map((a) => [a.op, a.offset, a.size])).toEqual([
      ['read', 0x88, 4],
      ['read', 0x8a8, 8],
      ['read', 0x8c, 4],
    ]);
  });

  it('each command follows __cxl_pci_mbox_send_cmd: doorbell check, payload, Command, Doorbell, poll, Status, length, output', () => {
    const identify = r.steps.find((s) => s.opcode === 0x4000);
    expect(identify?.mmio.map((a) => `${a.op} ${a.offset.toString(16)}`)).toEqual([
      'read 8c', // Control: doorbell clear?
      'write a8', // payload area (0x88 + 0x20), empty here
      'write 90', // Command = opcode | length << 16
      'write 8c', // Control = Doorbell
      'read 8c', // poll until clear
      'read 98', // Status: return code [47:32]
      'read 90', // Command: output length [36:16]
      'read a8', // output payload
    ]);
    expect(identify?.mmio[2]?.value).toBe(0x4000n);
  });

  it('reads the CEL in one Get Log: 15 commands × 4 bytes = 60 bytes < 2048-byte payload', () => {
    const log = r.steps.find((s) => s.opcode === 0x0401);
    // Input: CEL UUID, offset 0 at 0x10, length 60 = 0x3c at 0x14.
    expect([...(log?.input?.subarray(0x10, 0x18) ?? [])]).toEqual([0, 0, 0, 0, 0x3c, 0, 0, 0]);
    expect(log?.output?.length).toBe(60);
  });

  it('reads the index blocks with one Get LSA of 2017 bytes (nd_label_data_init arithmetic)', () => {
    // 128-byte labels first: nslot = floor(131072 / 129) = 1016; index = align(72 + 127, 256) = 256;
    // read_size = 2 × 256 = 512. max_xfer = min(2048 − 8, 131072) = 2040; since 512 < 2040:
    // max_xfer −= (2039 − 131071 mod 2040) / ceil(131072 / 2040) = (2039 − 511) / 65 = 23 → 2017;
    // read_size = ceil(512 / 2017) × 2017 = 2017.
    const get = r.steps.filter((s) => s.opcode === 0x4102);
    expect(get.map((s) => [...(s.input ?? [])])).toEqual([[0, 0, 0, 0, 0xe1, 0x07, 0, 0]]); // 2017 = 0x7E1
  });

  it('derives ram 0 and pmem 256 MiB and prints the memdev as cxl list -M does', () => {
    expect(r.capacities?.ram).toEqual({ start: 0, size: 0 });
    expect(r.capacities?.pmem).toEqual({ start: 0, size: 256 * MIB });
    // ram_size is left out when 0 (ndctl cxl/json.c: only non-zero sizes).
    expect(r.memdev).toEqual({ memdev: 'mem1', pmem_size: 268435456, serial: 2, host: '0000:02:00.0' });
  });
});

describe('partitionable device', () => {
  const r = probe(PARTITIONED);

  it('adds Get Partition Info right after Identify', () => {
    expect(opcodes(r).slice(0, 5)).toEqual([0x0400, 0x0401, 0x0301, 0x4000, 0x4100]);
  });

  it('ram = [0, active volatile), pmem after it: 4 × 256 MiB each', () => {
    // Get Partition Info: active volatile 4 units at 0x00, active persistent 4 units at 0x08.
    const pi = r.steps.find((s) => s.opcode === 0x4100);
    expect([...(pi?.output?.subarray(0, 16) ?? [])]).toEqual([
      4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(r.capacities?.ram).toEqual({ start: 0, size: GIB });
    expect(r.capacities?.pmem).toEqual({ start: GIB, size: GIB });
    expect(r.memdev).toEqual({
      memdev: 'mem1',
      pmem_size: GIB,
      ram_size: GIB,
      serial: 2,
      host: '0000:02:00.0',
    });
  });

  it('follows a Set Partition Info applied before the probe', async () => {
    // Volatile share 2 × 256 MiB, Immediate: ram 512 MiB, pmem 1.5 GiB.
    const out = await runCli(
      [
        'mbox',
        'p.json',
        'mem1',
        'set-partition-info',
        '--in-json',
        '{"volatile":"512M","immediate":true}',
        '--apply',
        '-o',
        'q.json',
      ],
      { 'p.json': PARTITIONED },
    );
    expect(out.code).toBe(0);
    const q = probe(String(out.written.get('q.json') ?? ''));
    expect(q.capacities?.ram.size).toBe(512 * MIB);
    expect(q.capacities?.pmem).toEqual({ start: 512 * MIB, size: 1536 * MIB });
  });
});

describe('labels and failures', () => {
  it('reads on past the first 2017 bytes for a used slot beyond them', () => {
    const l = lab(QEMU);
    const d = labDevice(l, 'mem1');
    if (!d.ok) throw new Error('device');
    expect(writeLabelSet(d.value.spec, d.value.device).ok).toBe(true);
    // Mark slot 10 in use in block 1 (byte 0x148 + 1, bit 2) and re-seal block 1's checksum.
    const lsa = d.value.device.state.lsa;
    const block = lsa.read(0x100, 256);
    block[0x49] = (block[0x49] ?? 0) & ~0x04;
    block.fill(0, 0x40, 0x48);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 256; i += 4) {
      lo = (lo + new DataView(block.buffer).getUint32(i, true)) % 2 ** 32;
      hi = (hi + lo) % 2 ** 32;
    }
    new DataView(block.buffer).setBigUint64(0x40, (BigInt(hi) << 32n) | BigInt(lo), true);
    lsa.write(0x100, block);
    const r = runProbe(l, d.value.spec, d.value.device);
    // Slot 10 sits at 0x200 + 10 × 256 = 3072; 3072 + 256 > 2017, so read_size becomes 3072 and
    // ceil((3072 + 256 − 3072) / 2017) × 2017 = 2017 more bytes are read from 3072 = 0xC00.
    const get = r.steps.filter((s) => s.opcode === 0x4102).map((s) => [...(s.input ?? [])]);
    expect(get).toEqual([
      [0, 0, 0, 0, 0xe1, 0x07, 0, 0],
      [0x00, 0x0c, 0, 0, 0xe1, 0x07, 0, 0],
    ]);
  });

  it('with native error control the lab device fails Get Event Interrupt Policy and the probe', () => {
    const r = probe(QEMU, { nativeErrors: true });
    expect(r.ok).toBe(false);
    expect(r.failure).toContain('Get Event Interrupt Policy answered Unsupported (0x03)');
    expect(r.memdev).toBeNull();
  });
});

describe('worker requests and CLI', () => {
  it('device.lsa hands the whole 128 KiB LSA and its decode; device.probe the timeline', () => {
    const l = lab(QEMU);
    const v = lsaView(l, 'mem1');
    expect(v.ok && v.value.bytes.length).toBe(131072);
    expect(v.ok && v.value.current).toBeNull(); // a fresh LSA is all zero: no index block
    const p = probeView(l, 'mem1', false);
    expect(p.ok && p.value.steps.length).toBeGreaterThan(8);
    expect(p.ok && p.value.registerMap.find((x) => x.name === 'Memory Device Status')?.offset).toBe(0x8a8);
    expect(lsaView(l, 'nope').ok).toBe(false);
  });

  it('cxl-lab probe and lsa, with --init-labels and bad input', async () => {
    const files = { 'q.json': QEMU };
    const p = await runCli(['probe', 'q.json', 'mem1', '--json'], files);
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout).memdev.pmem_size).toBe(268435456);
    const w = await runCli(['lsa', 'q.json', 'mem1', '--init-labels', '-o', 'l.json'], files);
    expect(w.code).toBe(0);
    const d = await runCli(['lsa', 'l.json', 'mem1', '--json'], {
      'l.json': String(w.written.get('l.json') ?? ''),
    });
    expect(JSON.parse(d.stdout).labels.map((x: { kind: string }) => x.kind)).toEqual(['region', 'namespace']);
    expect((await runCli(['lsa', 'q.json', 'mem0', '--init-labels', '-o', 'x.json'], files)).code).toBe(1);
    expect((await runCli(['probe', 'q.json', 'nope'], files)).code).toBe(1);
    expect((await runCli(['lsa', 'q.json'], files)).code).toBe(2);
  });
});
