/**
 * `importCxlList` on hand-written listings of five machines, each as ndctl v76 prints it (no
 * `parent_dport`, Debian 12's ndctl) and as current ndctl (v80+) prints it, side by side in
 * tests/fixtures: both import with every device placed and route every sampled address alike; some
 * addresses are checked against device/DPA worked out by hand below. Then every other shape ndctl
 * prints: one object, flag subsets, -vvv extras, anonymous memdevs, several buses, unknown keys.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { route } from '../../src/cxl/decode/access.ts';
import { importCxlList } from '../../src/cxl/index.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { placeUnplacedDevice } from '../../src/lib/place-unplaced.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const MIB = 2 ** 20;
const W0 = 0x4_9000_0000; // decoder0.0 resource in every fixture but the switch one
const W_SWITCH = 0x5_1000_0000;
const W1 = 0x5_9000_0000; // decoder0.1 of the two-window machine

function imported(text: string): { lab: Lab; notes: string[]; unplaced: number } {
  const r = importCxlList(text);
  if (!r.ok) throw new Error(r.error.map((e) => `${e.code}: ${e.message}`).join('\n'));
  const created = createLab(r.value.spec);
  if (!created.ok) throw new Error(created.error.message);
  expect(created.value.findings).toEqual([]);
  return {
    lab: created.value.lab,
    notes: r.value.findings.map((f) => f.message),
    unplaced: r.value.unplaced.length,
  };
}

function at(l: Lab, hpa: number): [string, number] | [string] {
  const r = route(l, hpa);
  return r.ok ? [r.device, r.dpa] : [r.error.code];
}

interface Machine {
  name: string;
  current: string;
  v76: string;
  /** [HPA, device, DPA], worked by hand in the comments. */
  expected: [number, string, number][];
  /** Sample ranges for the v76 = current comparison. */
  ranges: [number, number][];
  /** Placement notes the v76 import must give. */
  notes: string[];
}

const MACHINES: Machine[] = [
  {
    // 1 HB (UID 12) × 2 RP, window 1-way, region0 2-way g 256: position = ⌊o/256⌋ mod 2,
    // DPA = ⌊o/512⌋·256 + o mod 256; position 0 = mem0 (0c:00.0), 1 = mem1 (0c:01.0).
    name: '1 HB × 2 RP, 2-way',
    current: 'cxl-list-1hb-2rp-2way.current.json',
    v76: 'cxl-list-1hb-2rp-2way.v76.json',
    expected: [
      [W0, 'mem0', 0],
      [W0 + 256, 'mem1', 0],
      [W0 + 512 + 3, 'mem0', 256 + 3],
      [W0 + 0x1000 + 0x180, 'mem1', 0x800 + 0x80], // o = 0x1180: ⌊0x1180/256⌋ = 17 → 1; ⌊o/512⌋ = 8 → 0x800
    ],
    ranges: [[W0, 512 * MIB]],
    notes: [
      'mem0 placed below 0000:0c:00.0: region0 position 0 → decoder1.0 target 0',
      'mem1 placed below 0000:0c:01.0: region0 position 1 → decoder1.0 target 1',
    ],
  },
  {
    // 2 HB (UIDs 12, 222) × 2 RP, window 2-way g 256, region0 4-way g 256: position =
    // ⌊o/256⌋ mod 4; position = root index + 2 × HB index: 0 = mem0, 1 = mem2, 2 = mem1, 3 = mem3.
    // DPA = ⌊o/1024⌋·256 + o mod 256.
    name: '2 HB × 2 RP, 4-way',
    current: 'cxl-list-2hb-4way.json',
    v76: 'cxl-list-2hb-4way.v76.json',
    expected: [
      [W0, 'mem0', 0],
      [W0 + 256, 'mem2', 0],
      [W0 + 512 + 9, 'mem1', 9],
      [W0 + 768, 'mem3', 0],
      [W0 + 4 * 1024 + 256 + 1, 'mem2', 4 * 256 + 1],
    ],
    ranges: [[W0, 1024 * MIB]],
    notes: [
      'mem0 placed below 0000:0c:00.0: region0 position 0 → decoder1.0 target 0',
      'mem1 placed below 0000:0c:01.0: region0 position 2 → decoder1.0 target 1',
      'mem2 placed below 0000:de:00.0: region0 position 1 → decoder2.0 target 0',
      'mem3 placed below 0000:de:01.0: region0 position 3 → decoder2.0 target 1',
    ],
  },
  {
    // HB (one root port, passthrough) → switch with 4 DSPs, region0 4-way g 256: position =
    // ⌊o/256⌋ mod 4 = DSP index = memN; DPA = ⌊o/1024⌋·256 + o mod 256.
    name: 'a switch with 4 DSPs, 4-way',
    current: 'cxl-list-switch-4dsp.current.json',
    v76: 'cxl-list-switch-4dsp.v76.json',
    expected: [
      [W_SWITCH, 'mem0', 0],
      [W_SWITCH + 256, 'mem1', 0],
      [W_SWITCH + 512, 'mem2', 0],
      [W_SWITCH + 768 + 255, 'mem3', 255],
      [W_SWITCH + 1024, 'mem0', 256],
    ],
    ranges: [[W_SWITCH, 1024 * MIB]],
    notes: [
      'port2 placed below 0000:35:00.0: port1 has a single dport',
      'mem2 placed below 0000:37:02.0: region0 position 2 → decoder2.0 target 2',
    ],
  },
  {
    // Positions reversed against port order. Window targets [UID 16, UID 12], g 1024; region0
    // 4-way g 1024; each HB decoder lists its second root port first. position = ⌊o/1024⌋ mod 4 =
    // root index + 2 × HB index: 0 → HB 16 target 0 = 10:01.0 = mem3; 1 → HB 12 target 0 = 0c:01.0 =
    // mem1; 2 → 10:00.0 = mem2; 3 → 0c:00.0 = mem0. DPA = ⌊o/4096⌋·1024 + o mod 1024.
    name: 'positions reversed against port order',
    current: 'cxl-list-reversed.current.json',
    v76: 'cxl-list-reversed.v76.json',
    expected: [
      [W0, 'mem3', 0],
      [W0 + 1024, 'mem1', 0],
      [W0 + 2048 + 5, 'mem2', 5],
      [W0 + 3072, 'mem0', 0],
      [W0 + 4096 + 1000, 'mem3', 1024 + 1000],
    ],
    ranges: [[W0, 1024 * MIB]],
    notes: [
      'mem3 placed below 0000:10:01.0: region0 position 0 → decoder2.0 target 0',
      'mem0 placed below 0000:0c:00.0: region0 position 3 → decoder1.0 target 1',
    ],
  },
  {
    // Two windows. region0 (ram, window 0) 2-way g 256 in port order: position ⌊o/256⌋ mod 2,
    // DPA = ⌊o/512⌋·256 + o mod 256. region1 (pmem, window 1) 2-way g 4096, targets reversed
    // (position 0 = mem1): position ⌊o/4096⌋ mod 2, DPA = 256 MiB (after ram) + ⌊o/8192⌋·4096 + o mod 4096.
    name: 'two regions on two windows',
    current: 'cxl-list-2regions.current.json',
    v76: 'cxl-list-2regions.v76.json',
    expected: [
      [W0, 'mem0', 0],
      [W0 + 256, 'mem1', 0],
      [W1, 'mem1', 256 * MIB],
      [W1 + 4096 + 7, 'mem0', 256 * MIB + 7],
      [W1 + 8192 + 4096, 'mem0', 256 * MIB + 4096],
    ],
    ranges: [
      [W0, 512 * MIB],
      [W1, 512 * MIB],
    ],
    notes: [
      'mem0 placed below 0000:0c:00.0: region0 position 0 → decoder1.0 target 0',
      'mem1 placed below 0000:0c:01.0: region0 position 1 → decoder1.0 target 1',
    ],
  },
];

describe('v76 and current listings of the same machines', () => {
  for (const m of MACHINES) {
    it(`${m.name}: both place every device and route alike, as worked by hand`, () => {
      const cur = imported(fixture(m.current));
      const old = imported(fixture(m.v76));
      expect([cur.unplaced, old.unplaced]).toEqual([0, 0]);
      for (const [hpa, device, dpa] of m.expected) {
        expect([hpa, ...at(cur.lab, hpa)]).toEqual([hpa, device, dpa]);
        expect([hpa, ...at(old.lab, hpa)]).toEqual([hpa, device, dpa]);
      }
      for (const [base, size] of m.ranges) {
        for (let k = 0; k < 200; k++) {
          const hpa = base + ((k * 0x9e3779b1) % size);
          expect([hpa, ...at(old.lab, hpa)]).toEqual([hpa, ...at(cur.lab, hpa)]);
        }
      }
      for (const n of m.notes) expect(old.notes).toContain(n);
      expect(cur.notes.filter((n) => n.includes(' placed below '))).toEqual([]);
    });
  }
});

describe('every shape ndctl prints', () => {
  // Compact (json-c prints no space after the colon): the edits below match on that spelling.
  const current = JSON.stringify(JSON.parse(fixture('cxl-list-1hb-2rp-2way.current.json')));
  const doc = (): { [k: string]: unknown }[] => JSON.parse(current);

  it('one object instead of an array (cxl list -u with one result, or jq .[0])', () => {
    const one = imported(JSON.stringify(doc()[0]));
    expect(at(one.lab, W0 + 256)).toEqual(['mem1', 0]);
  });

  it('-vvv extras (health, partition_info, numa_node, qos classes) are read or ignored, never noted', () => {
    const r = importCxlList(fixture('cxl-list-1hb-2rp-2way.v76.json'));
    expect(r.ok && r.value.findings.filter((f) => f.code === 'cxl-list.unknown-key')).toEqual([]);
  });

  it('unknown keys are ignored and each is named once', () => {
    const text = current
      .replaceAll('"numa_node":0,', '"numa_node":0, "frobnicate":1,')
      .replace('"provider"', '"zork":[1],"provider"');
    const r = importCxlList(text);
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.findings.filter((f) => f.code === 'cxl-list.unknown-key').map((f) => f.message)).toEqual([
      'key "zork" (1 time) is not one ndctl prints; ignored',
      'key "frobnicate" (2 times) is not one ndctl prints; ignored',
    ]);
  });

  it('every subset of -T -D -E -R -M -P imports or is refused with a reason, never throws', () => {
    const groups: { [flag: string]: string[] } = {
      T: ['targets', 'dports', 'nr_targets', 'nr_dports'],
      D: ['decoders:root0', 'decoders:port1', 'decoders:endpoint2', 'decoders:endpoint3'],
      E: ['endpoints:port1'],
      R: ['regions:decoder0.0'],
      M: ['memdev'],
      P: ['ports:root0'],
    };
    const flags = Object.keys(groups);
    for (let mask = 0; mask < 1 << flags.length; mask++) {
      const drop = flags.filter((_, k) => (mask >> k) & 1).flatMap((f) => groups[f] ?? []);
      const r = importCxlList(JSON.stringify(doc(), (k, v) => (drop.includes(k) ? undefined : v)));
      if (r.ok) expect(createLab(r.value.spec).ok).toBe(true);
      else expect(r.error[0]?.message.length).toBeGreaterThan(0);
    }
  });

  it('anonymous memdevs (ndctl v72: memdevs only) go to the unplaced tray with their capacity', () => {
    const r = importCxlList(
      JSON.stringify([
        { memdev: 'mem0', pmem_size: 268435456, ram_size: 536870912, serial: 7, host: '0000:35:00.0' },
      ]),
    );
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(
      r.value.unplaced.map((u) => [u.device.id, u.device.volatile, u.device.persistent, u.device.serial]),
    ).toEqual([['mem0', 512 * MIB, 256 * MIB, 7]]);
    expect(r.value.findings.map((f) => f.code)).toContain('cxl-list.unplaced');
  });

  it('ndctl v72 (cxl list -M -H: memdevs and health only, no serial): both devices in the tray', () => {
    const r = importCxlList(fixture('cxl-list-v72-memdevs.json'));
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.spec.components).toEqual([]);
    expect(r.value.unplaced.map((u) => [u.device.id, u.device.volatile, u.device.persistent])).toEqual([
      ['mem0', 0, 256 * MIB],
      ['mem1', 512 * MIB, 0],
    ]);
    const codes = r.value.findings.map((f) => f.code);
    expect(codes.filter((c) => c === 'cxl-list.serial')).toHaveLength(2);
    expect(codes).not.toContain('cxl-list.unknown-key');
  });

  it('an endpoint nothing places is not guessed: it waits in the tray, and placing it routes', () => {
    // v76 shape without regions (-R) and without decoders: nothing names mem1's root port.
    const v76 = JSON.parse(fixture('cxl-list-1hb-2rp-2way.v76.json')) as { [k: string]: unknown }[];
    const text = JSON.stringify(v76, (k, v) => (k === 'regions:decoder0.0' ? undefined : v));
    const r = importCxlList(text);
    if (!r.ok) throw new Error(r.error[0]?.message);
    expect(r.value.unplaced.map((u) => [u.device.id, u.endpoint, u.candidates])).toEqual([
      ['mem0', 'endpoint2', ['rp0.0', 'rp0.1']],
      ['mem1', 'endpoint3', ['rp0.0', 'rp0.1']],
    ]);
    expect(r.value.findings.map((f) => f.message)).toContain(
      'endpoint3 (mem1): no parent_dport listed; port1 has 2 dports and no committed region decoder names the one it uses; in the unplaced tray (place it below its port; lspci -tv on the machine shows which)',
    );
    let spec = r.value.spec;
    for (const [k, u] of r.value.unplaced.entries()) {
      const placed = placeUnplacedDevice(spec, u.device, `rp0.${k}`);
      if (!placed.ok) throw new Error(placed.reason);
      spec = placed.spec;
    }
    const first = r.value.unplaced[0]?.device;
    if (first === undefined) throw new Error('empty tray');
    // A port holds one device: a second one below rp0.0 is refused, naming the holder.
    expect(placeUnplacedDevice(spec, { ...first, id: 'x' }, 'rp0.0')).toEqual({
      ok: false,
      reason: '0000:0c:00.0 already holds mem0',
    });
    const created = createLab(spec);
    if (!created.ok) throw new Error(created.error.message);
    expect(at(created.value.lab, W0 + 256)).toEqual(['mem1', 0]);
  });

  it('several buses: host bridges and windows of every root, side by side', () => {
    const two = doc();
    const second = JSON.parse(
      current
        .replaceAll('root0', 'root9')
        .replaceAll('pci0000:0c', 'pci0000:40')
        .replaceAll('0000:0c:', '0000:40:')
        .replaceAll('"id":12', '"id":64')
        .replaceAll('ACPI0016:00', 'ACPI0016:01')
        .replace(/decoder0\./g, 'decoder9.')
        .replace(/port1\b/g, 'port11')
        .replace(/endpoint2\b/g, 'endpoint12')
        .replace(/endpoint3\b/g, 'endpoint13')
        .replace(/decoder1\./g, 'decoder11.')
        .replace(/decoder2\./g, 'decoder12.')
        .replace(/decoder3\./g, 'decoder13.')
        .replaceAll('"mem0"', '"mem2"')
        .replaceAll('"mem1"', '"mem3"')
        .replaceAll('19595788288', '36775657472'), // 0x890000000
    )[0];
    two.push(second);
    const r = importCxlList(JSON.stringify(two));
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    expect(r.value.spec.windows.map((w) => [w.id, w.base])).toEqual([
      ['cfmw0', W0],
      ['cfmw0-root9', 0x8_9000_0000],
    ]);
    const created = createLab(r.value.spec);
    if (!created.ok) throw new Error(created.error.message);
    expect(at(created.value.lab, 0x8_9000_0000 + 256)).toEqual(['mem3', 0]);
    expect(r.value.findings.map((f) => f.code)).toContain('cxl-list.buses');
  });
});

describe('hostile listings (issue 13)', () => {
  it('names and keys that are Object.prototype members are plain names', () => {
    const text = JSON.stringify([
      {
        bus: 'root0',
        dports: [{ dport: 'constructor', alias: '__proto__', id: 1 }],
        'ports:root0': [
          {
            port: 'port1',
            host: 'constructor',
            depth: 1,
            dports: [{ dport: 'toString', id: 0 }],
            'endpoints:port1': [
              {
                endpoint: 'endpoint2',
                host: 'hasOwnProperty',
                memdev: { memdev: 'valueOf', ram_size: 268435456 },
              },
            ],
          },
        ],
      },
    ]).replace('"bus":"root0"', '"__proto__":{"polluted":true},"bus":"root0"');
    const r = importCxlList(text);
    if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
    expect(r.value.spec.components.map((c) => [c.id, c.kind])).toEqual([
      ['hb0', 'host-bridge'],
      ['rp0.0', 'root-port'],
      ['ep2', 'type3'],
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('a lab name longer than a file holds is refused, naming the length', () => {
    const r = importCxlList(fixture('cxl-list-1hb-2rp-2way.v76.json'), { name: 'x'.repeat(5000) });
    expect(r.ok ? [] : r.error.map((e) => e.message)).toEqual([
      'the lab name is 5000 characters; at most 256',
    ]);
  });

  it('more components than a lab file holds: refused, naming the limit', () => {
    const dports = Array.from({ length: 200 }, (_, k) => ({ dport: `d${k}`, id: k }));
    const ports = Array.from({ length: 30 }, (_, h) => ({
      port: `port${h + 1}`,
      host: `pci0000:${h}`,
      depth: 1,
      dports: dports.map((d) => ({ ...d, dport: `${h}.${d.dport}` })),
    }));
    const r = importCxlList(JSON.stringify({ bus: 'root0', 'ports:root0': ports }));
    expect(r.ok ? [] : r.error.map((e) => e.code)).toEqual(['cxl-list.too-many-components']);
  });

  it('6 000 root decoders over one range: refused past the window limit, with the count', () => {
    const roots = Array.from({ length: 6000 }, (_, k) => ({
      decoder: `decoder0.${k}`,
      resource: W0,
      size: 2 ** 32,
      interleave_ways: 1,
      targets: [{ target: 'pci0000:0c', position: 0, id: 12 }],
    }));
    const r = importCxlList(JSON.stringify({ bus: 'root0', 'decoders:root0': roots }));
    expect(r.ok ? [] : r.error.map((e) => e.message)).toEqual([
      '6000 root decoders listed; a lab file holds at most 256 windows',
    ]);
  });
});

describe('mutated v76 listings (placement from regions) never throw', () => {
  it('values replaced and keys dropped anywhere', () => {
    const texts = [fixture('cxl-list-switch-4dsp.v76.json'), fixture('cxl-list-reversed.v76.json')];
    const paths = texts.map((t) => {
      const out: (string | number)[][] = [];
      const walk = (v: unknown, path: (string | number)[]): void => {
        out.push(path);
        if (Array.isArray(v)) {
          for (const [i, x] of v.entries()) walk(x, [...path, i]);
        } else if (v !== null && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
      };
      walk(JSON.parse(t), []);
      return out;
    });
    const values: unknown[] = [
      null,
      -1,
      0,
      1,
      3,
      17,
      2 ** 60,
      '0x0',
      'decoder2.0',
      '0000:37:01.0',
      'port1',
      [],
      {},
    ];
    fc.assert(
      fc.property(
        fc.nat(1),
        fc.array(fc.record({ path: fc.nat(), drop: fc.boolean(), value: fc.nat(values.length - 1) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (which, edits) => {
          const doc = JSON.parse(texts[which] ?? '[]') as unknown;
          const all = paths[which] ?? [];
          for (const e of edits) {
            const path = all[e.path % all.length] ?? [];
            if (path.length === 0) continue;
            let parent = doc as Record<string | number, unknown> | null;
            for (const k of path.slice(0, -1)) {
              const next: unknown = parent?.[k];
              parent =
                next !== null && typeof next === 'object' ? (next as Record<string | number, unknown>) : null;
            }
            if (parent === null) continue;
            const last = path[path.length - 1] as string | number;
            if (e.drop) delete parent[last];
            else parent[last] = structuredClone(values[e.value]);
          }
          const r = importCxlList(JSON.stringify(doc));
          if (r.ok) expect(createLab(r.value.spec).ok).toBe(true);
          else expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300, seed: 1212 },
    );
  });
});
