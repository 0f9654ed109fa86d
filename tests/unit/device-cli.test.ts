/**
 * `cxl-lab mbox` and `cxl-lab config` in process: decoded output, `--apply` saving device state that
 * a later command sees, the file's `device` entry round-tripping, and hostile input (bad hex, bad
 * JSON, unknown commands and devices, oversized payloads) answered with a clear error and exit 2/1/3,
 * never an exception.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabFile, serializeLabFile } from '../../src/cxl/index.ts';
import { runCli } from './helpers/fake-io.ts';

const BLANK = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url), 'utf8');

/** The blank fixture with mem1 turned into a 1 GiB volatile + 1 GiB persistent, partitionable device. */
function pmemLab(): string {
  const parsed = parseLabFile(BLANK);
  if (!parsed.ok) throw new Error('fixture');
  for (const c of parsed.value.spec.components) {
    if (c.id === 'mem1' && c.kind === 'type3') {
      c.volatile = 2 ** 30;
      c.persistent = 2 ** 30;
      c.device = { partitionAlign: 2 ** 28, lsaSize: 0x2000 };
    }
  }
  return serializeLabFile(parsed.value);
}

const files = { 'lab.json': BLANK, 'pmem.json': pmemLab() };

describe('cxl-lab mbox', () => {
  it('identify prints the return code, hex and decoded capacities', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', 'identify'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Identify Memory Device (0x4000) → Success (0x00)');
    // 4 GiB = 16 × 256 MiB at offset 0x10.
    expect(r.stdout).toContain('  0010: 10 00 00 00 00 00 00 00 10 00 00 00');
    expect(r.stdout).toContain('Total Capacity = 0x10  (16 × 256 MiB = 4 GiB)');
    expect(r.stdout).toContain('write    8 @ 0x90   Command Register = 0x0000000000004000');
  });

  it('accepts an opcode and prints JSON', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', '0x4100', '--json'], files);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('Get Partition Info');
    // Active volatile 16 units, the rest 0: 0x10 then 31 zero bytes.
    expect(j.output).toBe(`10${'00'.repeat(31)}`);
    expect(j.mmio.length).toBe(8);
  });

  it('a non-success return code exits 3', async () => {
    const r = await runCli(
      ['mbox', 'lab.json', 'mem0', 'get-lsa', '--in-json', '{"offset":0,"length":16}'],
      files,
    );
    // mem0 has no persistent capacity → LSA size 0 → Invalid Input.
    expect(r.stdout).toContain('Invalid Input (0x02)');
    expect(r.code).toBe(3);
  });

  it('an opcode the device lacks is Unsupported, from the device', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', '0x4400'], files);
    expect(r.stdout).toContain('not implemented');
    expect(r.stdout).toContain('Unsupported (0x03)');
    expect(r.code).toBe(3);
  });

  it('--apply saves Set LSA, and a later Get LSA reads it back from the saved file', async () => {
    const set = await runCli(
      [
        'mbox',
        'pmem.json',
        'mem1',
        'set-lsa',
        '--in-json',
        '{"offset":"0x1ffc","data":"de ad be ef"}',
        '--apply',
        '-o',
        'out.json',
      ],
      files,
    );
    expect(set.code).toBe(0);
    const saved = set.written.get('out.json');
    expect(typeof saved).toBe('string');
    const get = await runCli(['mbox', 'out.json', 'mem1', 'get-lsa', '--in', 'fc1f0000 04000000'], {
      'out.json': saved as string,
    });
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('  0000: de ad be ef');
  });

  it('--apply of Set Partition Info (Immediate) changes the capacities in the file', async () => {
    const r = await runCli(
      [
        'mbox',
        'pmem.json',
        'mem1',
        'set-partition-info',
        '--in-json',
        '{"volatile":"512M","immediate":true}',
        '--apply',
        '-o',
        'p.json',
      ],
      files,
    );
    expect(r.code).toBe(0);
    const parsed = parseLabFile(r.written.get('p.json') as string);
    expect(parsed.ok).toBe(true);
    const mem1 = parsed.ok ? parsed.value.spec.components.find((c) => c.id === 'mem1') : undefined;
    // Partitionable = 2 GiB total − 0 − 0; volatile share 512 MiB → 512 MiB volatile, 1.5 GiB persistent.
    expect(mem1?.kind === 'type3' && [mem1.volatile, mem1.persistent]).toEqual([2 ** 29, 3 * 2 ** 29]);
  });

  it('--apply of inject-poison keeps the record; a failed command writes nothing', async () => {
    const inj = await runCli(
      [
        'mbox',
        'lab.json',
        'mem0',
        'inject-poison',
        '--in-json',
        '{"dpa":"0x1000"}',
        '--apply',
        '-o',
        'x.json',
      ],
      files,
    );
    expect(inj.code).toBe(0);
    const list = await runCli(
      ['mbox', 'x.json', 'mem0', 'get-poison-list', '--in-json', '{"dpa":0,"length":"4G"}'],
      { 'x.json': inj.written.get('x.json') as string },
    );
    expect(list.stdout).toContain('Media Error Record 0 = DPA 0x1000 length 1 × 64 B  (Injected)');
    const bad = await runCli(
      [
        'mbox',
        'lab.json',
        'mem0',
        'inject-poison',
        '--in-json',
        '{"dpa":"0x1001"}',
        '--apply',
        '-o',
        'y.json',
      ],
      files,
    );
    expect(bad.code).toBe(3);
    expect(bad.written.has('y.json')).toBe(false);
  });

  it('a file without device state is written back without a "device" entry', () => {
    const parsed = parseLabFile(BLANK);
    expect(parsed.ok && serializeLabFile(parsed.value)).not.toContain('"device"');
  });
});

describe('hostile input', () => {
  const cases: [string, string[], RegExp][] = [
    ['odd hex', ['--in', 'abc'], /odd number of hex digits/],
    ['not hex', ['--in', '0g'], /"g" at digit 2 is not a hex digit/],
    ['bad JSON', ['--in-json', '{offset:'], /--in-json: not JSON/],
    ['JSON array', ['--in-json', '[1]'], /must be a JSON object/],
    ['unknown key', ['--in-json', '{"offset":0,"length":1,"x":1}'], /key "x" is not one of/],
    ['negative', ['--in-json', '{"offset":-1,"length":1}'], /negative/],
    ['too large', ['--in-json', '{"offset":"0x100000000","length":1}'], /exceeds/],
    ['both inputs', ['--in', '00', '--in-json', '{}'], /not both/],
  ];
  for (const [name, extra, message] of cases) {
    it(`${name}: exit 2 with a clear message`, async () => {
      const r = await runCli(['mbox', 'lab.json', 'mem0', 'get-lsa', ...extra], files);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('an unknown command name is a usage error', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', 'frobnicate'], files);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('neither a command name nor an opcode');
  });

  it('an unknown device is exit 1 naming the devices', async () => {
    const r = await runCli(['mbox', 'lab.json', 'rp0.0', 'identify'], files);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('devices: mem0, mem1');
  });

  it('a payload longer than the 2048-byte area gets Invalid Payload Length from the device', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', 'set-lsa', '--in', '00'.repeat(4096)], files);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Invalid Payload Length (0x16)');
  });

  it('--apply without -o is a usage error', async () => {
    const r = await runCli(['mbox', 'lab.json', 'mem0', 'identify', '--apply'], files);
    expect(r.code).toBe(2);
  });
});

describe('cxl-lab config', () => {
  it('prints the DVSECs lspci-style with decoded Range 1', async () => {
    const r = await runCli(['config', 'lab.json', 'mem0'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[10c] PCIe DVSEC for CXL Device');
    expect(r.stdout).toContain('Memory_Info_Valid+ Memory_Active+ Media_Type=0x2 Memory_Class=0x2');
    expect(r.stdout).toContain('→ size 4 GiB at base 0x0, media type and class given by CDAT');
    expect(r.stdout).toContain('→ CXL Memory Device Registers in BAR 2 (config 0x18) at offset 0x0');
  });

  it('--json lists the capabilities by offset', async () => {
    const r = await runCli(['config', 'lab.json', 'rp0.0', '--json'], files);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.capabilities.map((c: { offset: string }) => c.offset)).toContain('0x188');
  });

  it('a host bridge or unknown component is exit 1 with the reason', async () => {
    const hb = await runCli(['config', 'lab.json', 'hb0'], files);
    expect(hb.code).toBe(1);
    expect(hb.stderr).toContain('CEDT CHBS');
    const none = await runCli(['config', 'lab.json', 'nope'], files);
    expect(none.code).toBe(1);
  });
});

describe('cxl-lab list --media-errors', () => {
  it('lists each memdev poison record with the HPAs reaching it', async () => {
    const base = 0x4c_0000_0000;
    const G = 2 ** 30;
    const spec = {
      name: 'two-way',
      windows: [
        {
          id: 'cfmw0',
          base,
          size: 8 * G,
          ways: 1,
          granularity: 256,
          arithmetic: 'modulo' as const,
          xormaps: [],
          targets: ['hb0'],
          restrictions: ['type3' as const, 'volatile' as const],
          qtg: 0,
        },
      ],
      components: [
        {
          kind: 'host-bridge' as const,
          id: 'hb0',
          uid: 0,
          decoderCount: 4,
          componentRegBase: 0x1_0000_0000,
          decoders: [
            { base, size: 8 * G, ways: 2, granularity: 256, targets: [0, 1], commit: true, lock: false },
          ],
        },
        { kind: 'root-port' as const, id: 'rp0', parent: 'hb0', port: 0 },
        { kind: 'root-port' as const, id: 'rp1', parent: 'hb0', port: 1 },
        ...[0, 1].map((i) => ({
          kind: 'type3' as const,
          id: `mem${i}`,
          parent: `rp${i}`,
          volatile: 4 * G,
          persistent: 0,
          decoderCount: 4,
          serial: i + 1,
          decoders: [{ base, size: 8 * G, ways: 2, granularity: 256, commit: true, lock: false }],
          ...(i === 0
            ? {
                device: {
                  state: {
                    lsa: [],
                    poison: [{ dpa: 0x1000, length: 128, source: 3 }],
                    events: [],
                    nextEventHandle: 1,
                  },
                },
              }
            : {}),
        })),
      ],
    };
    const text = serializeLabFile({ spec, registers: new Map(), memory: new Map() });
    const r = await runCli(['list', 'l.json', '--media-errors'], { 'l.json': text });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // mem0 is way 0 of a 2-way, 256 B interleave: DPA 0x1000 is its chunk 16 (0x1000 / 256), which is
    // HPA chunk 16 × 2 + 0 = 32 → base + 32 × 256 = base + 0x2000; the next line, DPA 0x1040, is base + 0x2040.
    expect(j[0].media_errors).toEqual([
      {
        offset: '0x1000',
        length: 128,
        source: 'Injected',
        hpa: [`0x${(base + 0x2000).toString(16)}`, `0x${(base + 0x2040).toString(16)}`],
      },
    ]);
    expect(j[1].media_errors).toEqual([]);
  });
});

describe('device state through the lab', () => {
  it("another device's saved LSA and poison survive an --apply on this one (the spec stays JSON-safe)", async () => {
    const first = await runCli(
      [
        'mbox',
        'pmem.json',
        'mem1',
        'set-lsa',
        '--in-json',
        '{"offset":16,"data":"0102"}',
        '--apply',
        '-o',
        'a.json',
      ],
      files,
    );
    expect(first.code).toBe(0);
    const second = await runCli(
      ['mbox', 'a.json', 'mem0', 'inject-poison', '--in-json', '{"dpa":"0x40"}', '--apply', '-o', 'b.json'],
      { 'a.json': first.written.get('a.json') as string },
    );
    expect(second.code).toBe(0);
    const b = { 'b.json': second.written.get('b.json') as string };
    const lsa = await runCli(
      ['mbox', 'b.json', 'mem1', 'get-lsa', '--in-json', '{"offset":16,"length":2}'],
      b,
    );
    expect(lsa.stdout).toContain('  0000: 01 02');
    const poison = await runCli(
      ['mbox', 'b.json', 'mem0', 'get-poison-list', '--in-json', '{"length":"1M"}'],
      b,
    );
    expect(poison.stdout).toContain('DPA 0x40 length 1 × 64 B');
  });
});
