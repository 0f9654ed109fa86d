/**
 * `cxl-lab list` → `import-cxl-list` round trip for every shipped preset, with `parent_dport` (ndctl
 * v77 and later) and with it stripped (ndctl ≤ v76): the same topology and decoders (the listing of
 * the copy equals the original's) and the same routes (device and DPA at sampled addresses).
 *
 * Stripped, a device can only be placed by its port having one dport or by a listed region naming its
 * position. The devices expected in the unplaced tray are worked out here from the original lab
 * (below a port with several dports and in no listed region); placing each from the tray onto the
 * port it had must then give the same lab.
 */
import { describe, expect, it } from 'vitest';
import { route } from '../../src/cxl/decode/access.ts';
import {
  cxlList,
  formatCxlJson,
  importCxlList,
  linuxNames,
  listRegions,
  type TopologySpec,
} from '../../src/cxl/index.ts';
import { createLab, type Lab } from '../../src/cxl/lab.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { placeUnplacedDevice } from '../../src/lib/place-unplaced.ts';
import { PRESETS } from '../../src/presets/index.ts';
import { runCli } from './helpers/fake-io.ts';

function load(text: string): Lab {
  const parsed = parseLabFile(text);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('; '));
  const created = createLab(parsed.value);
  if (!created.ok) throw new Error(created.error.message);
  return created.value.lab;
}

/** The listing as ndctl v76 prints it: no `parent_dport` anywhere. */
function stripParentDport(text: string): string {
  return JSON.stringify(JSON.parse(text), (k, v) => (k === 'parent_dport' ? undefined : v));
}

/** Memdevs a v76 listing cannot place: below a port with several dports, in no listed region. */
function expectedUnplaced(l: Lab): string[] {
  const names = linuxNames(l.topology);
  const inRegion = new Set(
    listRegions(l)
      .filter((r) => r.problems.length === 0)
      .flatMap((r) => r.targets.map((t) => t.memdevName)),
  );
  const out: string[] = [];
  for (const c of l.topology.spec.components) {
    if (c.kind !== 'type3') continue;
    const dport = l.topology.byId.get(c.parent);
    const owner = dport !== undefined && 'parent' in dport ? dport.parent : '';
    const siblings = (l.topology.children.get(owner) ?? []).length;
    const name = names.memdevName(c.id);
    if (siblings > 1 && !inRegion.has(name)) out.push(name);
  }
  return out.sort();
}

function reimport(text: string, original: Lab, strip: boolean): { lab: Lab; codes: string[] } {
  const r = importCxlList(text);
  if (!r.ok) throw new Error(r.error.map((e) => `${e.code}: ${e.message}`).join('\n'));
  const tray = r.value.unplaced.map((u) => u.device.id).sort();
  expect(tray).toEqual(strip ? expectedUnplaced(original) : []);
  // Place each as the user would: below the port (same PCI name) it had in the original.
  const names = linuxNames(original.topology);
  let spec: TopologySpec = r.value.spec;
  for (const u of r.value.unplaced) {
    const had = original.topology.byId.get(names.memdevIds.get(u.device.id) ?? '');
    const pciName = had?.kind === 'type3' ? names.pci.get(had.parent) : undefined;
    const target = spec.components.find((c) => c.name === pciName);
    const placed = placeUnplacedDevice(spec, u.device, target?.id ?? '?');
    if (!placed.ok) throw new Error(placed.reason);
    spec = placed.spec;
  }
  const created = createLab(spec);
  if (!created.ok) throw new Error(created.error.message);
  return { lab: created.value.lab, codes: r.value.findings.map((f) => f.code) };
}

/** Sample addresses: the first lines and a spread through every window. */
function samples(l: Lab): number[] {
  const out: number[] = [];
  for (const w of l.topology.spec.windows) {
    for (let k = 0; k < 64; k++) out.push(w.base + k * 256 + (k % 7));
    for (let k = 1; k < 64; k++) out.push(w.base + Math.floor((w.size / 64) * k) + 64 * k);
  }
  return out;
}

describe('cxl-lab list names', () => {
  it('every dport name is printed once in the whole listing (unique per port, as on Linux)', () => {
    for (const preset of PRESETS) {
      const names: string[] = [];
      JSON.stringify(cxlList(load(preset.text)), (k, v) => {
        if (k === 'dport' && typeof v === 'string' && !v.startsWith('pci')) names.push(v);
        return v;
      });
      const repeated = names.filter((n, i) => names.indexOf(n) !== i);
      expect([preset.id, repeated]).toEqual([preset.id, []]);
      // A CXL 1.1 preset has no root or switch ports: its only dport is the RCH on the bus (a pci name).
      if (preset.text.includes('"root-port"')) expect(names.length).toBeGreaterThan(0);
    }
  });
});

describe('cxl-lab list → import-cxl-list, every preset', () => {
  for (const preset of PRESETS) {
    for (const strip of [false, true]) {
      it(`${preset.id}${strip ? ' without parent_dport' : ''}: same listing and routes`, () => {
        const original = load(preset.text);
        const listing = formatCxlJson(cxlList(original));
        const { lab: copy, codes } = reimport(strip ? stripParentDport(listing) : listing, original, strip);
        expect(cxlList(copy)).toEqual(cxlList(original));
        const xor = original.topology.spec.windows.some((w) => w.arithmetic === 'xor');
        if (xor) {
          // cxl list does not show a window's arithmetic: the import says modulo is assumed.
          expect(codes).toContain('cxl-list.arithmetic');
          return;
        }
        const names = linuxNames(original.topology);
        for (const hpa of samples(original)) {
          const a = route(original, hpa);
          const b = route(copy, hpa);
          expect([hpa, b.ok]).toEqual([hpa, a.ok]);
          if (a.ok && b.ok) expect([hpa, b.device, b.dpa]).toEqual([hpa, names.memdevName(a.device), a.dpa]);
        }
      });
    }
  }
});

describe('cxl-lab list | cxl-lab import-cxl-list', () => {
  it('the 128-device preset through the CLI, parent_dport stripped: a lab file, placements as notes', async () => {
    const preset = PRESETS.find((p) => p.id === 'scale-128');
    if (preset === undefined) throw new Error('no scale-128 preset');
    const listed = await runCli(['list', 'lab.json'], { 'lab.json': preset.text });
    expect(listed.code).toBe(0);
    const imported = await runCli(['import-cxl-list', 'list.json'], {
      'list.json': stripParentDport(listed.stdout),
    });
    expect([
      imported.code,
      imported.stderr.split('\n').filter((l) => l.includes('cxl-list.unplaced')),
    ]).toEqual([0, []]);
    expect(imported.stderr).toContain('note cxl-list.placed: mem0 placed below ');
    const again = await runCli(['list', 'copy.json'], { 'copy.json': imported.stdout });
    expect(again.stdout).toBe(listed.stdout);
  });
});
