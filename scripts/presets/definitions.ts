/**
 * The shipped presets, as the lab builds them: each is a bare topology (no decoder programmed) plus
 * the regions to create on it, in creation order, the way `cxl create-region` would be run on Linux.
 * `build.ts` runs the core's `createRegion` / `applyPlan` on these and writes the programmed topology
 * as `src/presets/<id>.topology.json`; the unit test checks the stored files still match.
 *
 * Ids follow the style guide (`hb0`, `rp0.1`, `sw0`, `dsp0.2`, `mem3`), except the default preset,
 * which keeps the ids the lab has always opened on (`rp0` … `rp3`). Type 3 devices are listed in
 * Linux `memN` order (the lab numbers memdevs in file order), so each `memN` id is also its Linux name.
 */

import type { RegionRequest } from '../../src/cxl/region/types.ts';
import type {
  ComponentSpec,
  DecoderProgramSpec,
  TopologySpec,
  WindowRestriction,
  WindowSpec,
} from '../../src/cxl/topology/model.ts';

export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

/** QEMU x86 puts its first CXL fixed memory window here with the default memory map (QEMU hw/i386/pc.c pc_get_cxl_range_end). */
export const WINDOW_BASE = 0x4c_0000_0000;
/** 300 GiB: a multiple of 3 × 256 MiB and 12 × 256 MiB, so 3/6/12-way windows decode the same on absolute and offset HPAs. */
export const MOD3_WINDOW_BASE = 0x4b_0000_0000;

export interface PresetDefinition {
  /** The catalogue id (`src/presets/index.ts` holds its menu name and description). */
  id: string;
  spec: TopologySpec;
  /** Regions in creation order; members in position order. */
  regions: RegionRequest[];
  /**
   * Deliberate damage applied to the Linux-programmed decoders before the file is written (the
   * misprogrammed preset only). Receives the programmed spec and edits it in place.
   */
  misprogram?: (spec: TopologySpec) => void;
  /** Regions Linux assembles from decoders firmware committed (the RCH preset's DVSEC range), besides `regions`. */
  autoRegions?: number;
  /** The preset is expected to have `check` errors (the misprogrammed one). */
  expectCheckErrors?: readonly string[];
  /** `check` warnings the preset is expected to have (the misprogrammed one's aliasing). */
  expectCheckWarnings?: readonly string[];
}

// ---- Small builders ---------------------------------------------------------------------------

interface Builder {
  windows: WindowSpec[];
  components: ComponentSpec[];
  hb(id: string, uid: number, decoderCount?: number): string;
  rp(id: string, parent: string, port: number): string;
  sw(id: string, parent: string, decoderCount?: number): string;
  dsp(id: string, parent: string, port: number): string;
  t3(id: string, parent: string, volatile: number, persistent?: number): string;
  win(
    id: string,
    targets: string[],
    opts: {
      base: number;
      size: number;
      granularity: number;
      restrictions?: WindowRestriction[];
      xormaps?: number[];
    },
  ): string;
  done(name: string, notes?: string): TopologySpec;
}

function builder(): Builder {
  const windows: WindowSpec[] = [];
  const components: ComponentSpec[] = [];
  let hostBridges = 0;
  let devices = 0;
  const noDecoders: DecoderProgramSpec[] = [];
  return {
    windows,
    components,
    hb(id, uid, decoderCount = 4) {
      components.push({
        kind: 'host-bridge',
        id,
        uid,
        decoderCount,
        // The parser's default placement: 64 KiB blocks from 0x1_0000_0000 (QEMU x86 "cxl_host_reg").
        componentRegBase: 0x1_0000_0000 + hostBridges * 0x1_0000,
        decoders: [...noDecoders],
      });
      hostBridges++;
      return id;
    },
    rp(id, parent, port) {
      components.push({ kind: 'root-port', id, parent, port });
      return id;
    },
    sw(id, parent, decoderCount = 4) {
      components.push({ kind: 'switch', id, parent, decoderCount, decoders: [] });
      return id;
    },
    dsp(id, parent, port) {
      components.push({ kind: 'downstream-port', id, parent, port });
      return id;
    },
    t3(id, parent, volatile, persistent = 0) {
      devices++;
      components.push({
        kind: 'type3',
        id,
        parent,
        volatile,
        persistent,
        decoderCount: 4,
        serial: devices,
        decoders: [],
      });
      return id;
    },
    win(id, targets, opts) {
      windows.push({
        id,
        base: opts.base,
        size: opts.size,
        ways: targets.length,
        granularity: opts.granularity,
        arithmetic: opts.xormaps === undefined ? 'modulo' : 'xor',
        xormaps: opts.xormaps ?? [],
        targets,
        restrictions: opts.restrictions ?? ['type3', 'volatile', 'persistent'],
        qtg: 0,
      });
      return id;
    },
    done(name, notes) {
      const spec: TopologySpec = { name, windows, components };
      if (notes !== undefined) spec.notes = notes;
      return spec;
    },
  };
}

const RAM: WindowRestriction[] = ['type3', 'volatile'];
const PMEM: WindowRestriction[] = ['type3', 'persistent'];

// ---- The presets ------------------------------------------------------------------------------

function single(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.rp('rp0.0', 'hb0', 0);
  b.t3('mem0', 'rp0.0', 4 * GIB);
  b.win('cfmw0', ['hb0'], { base: WINDOW_BASE, size: 4 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'single',
    spec: b.done('Single device, 1-way'),
    regions: [{ window: 'cfmw0', members: ['mem0'], mode: 'volatile' }],
  };
}

function oneHbTwoWay(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.rp('rp0.0', 'hb0', 0);
  b.rp('rp0.1', 'hb0', 1);
  b.t3('mem0', 'rp0.0', 4 * GIB);
  b.t3('mem1', 'rp0.1', 4 * GIB);
  b.win('cfmw0', ['hb0'], { base: WINDOW_BASE, size: 8 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'hb1-x2',
    spec: b.done('1 host bridge x 2 root ports, 2-way at 256 B'),
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem1'], mode: 'volatile' }],
  };
}

/** The lab's default: two host bridges × two root ports, a 4-way region at 4 KiB (the docs/cxl-notes.md worked example with QEMU-like granularity). */
function twoHbFourWay(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.hb('hb1', 1);
  b.rp('rp0', 'hb0', 0);
  b.rp('rp1', 'hb0', 1);
  b.rp('rp2', 'hb1', 0);
  b.rp('rp3', 'hb1', 1);
  b.t3('mem0', 'rp0', 4 * GIB);
  b.t3('mem1', 'rp1', 4 * GIB);
  b.t3('mem2', 'rp2', 4 * GIB);
  b.t3('mem3', 'rp3', 4 * GIB);
  b.win('cfmw0', ['hb0', 'hb1'], { base: WINDOW_BASE, size: 8 * GIB, granularity: 4096 });
  return {
    id: 'default',
    spec: b.done('2 host bridges x 2 devices, 4-way at 4 KiB'),
    // Linux position order: the window picks the host bridge first (pos mod 2), then the root port.
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem2', 'mem1', 'mem3'], mode: 'volatile' }],
  };
}

function switchFourWay(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.rp('rp0.0', 'hb0', 0);
  b.sw('sw0', 'rp0.0');
  for (let p = 0; p < 4; p++) {
    b.dsp(`dsp0.${p}`, 'sw0', p);
  }
  for (let p = 0; p < 4; p++) b.t3(`mem${p}`, `dsp0.${p}`, 4 * GIB);
  b.win('cfmw0', ['hb0'], { base: WINDOW_BASE, size: 16 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'switch-x4',
    spec: b.done('Switch with 4 devices, 4-way at 256 B'),
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem1', 'mem2', 'mem3'], mode: 'volatile' }],
  };
}

function twoSwitchLevels(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.rp('rp0.0', 'hb0', 0);
  b.sw('sw0', 'rp0.0');
  b.dsp('dsp0.0', 'sw0', 0);
  b.dsp('dsp0.1', 'sw0', 1);
  b.sw('sw1', 'dsp0.0');
  b.sw('sw2', 'dsp0.1');
  b.dsp('dsp1.0', 'sw1', 0);
  b.dsp('dsp1.1', 'sw1', 1);
  b.dsp('dsp2.0', 'sw2', 0);
  b.dsp('dsp2.1', 'sw2', 1);
  b.t3('mem0', 'dsp1.0', 4 * GIB);
  b.t3('mem1', 'dsp1.1', 4 * GIB);
  b.t3('mem2', 'dsp2.0', 4 * GIB);
  b.t3('mem3', 'dsp2.1', 4 * GIB);
  b.win('cfmw0', ['hb0'], { base: WINDOW_BASE, size: 16 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'switch-2level',
    spec: b.done('Two switch levels, 4-way at 256 B'),
    // Position = 2 × (lower switch's port) + (upper switch's port): upper levels use the low bits.
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem2', 'mem1', 'mem3'], mode: 'volatile' }],
  };
}

function threeWay(): PresetDefinition {
  const b = builder();
  for (let h = 0; h < 3; h++) {
    b.hb(`hb${h}`, h);
    b.rp(`rp${h}.0`, `hb${h}`, 0);
  }
  for (let h = 0; h < 3; h++) b.t3(`mem${h}`, `rp${h}.0`, 4 * GIB);
  b.win('cfmw0', ['hb0', 'hb1', 'hb2'], {
    base: MOD3_WINDOW_BASE,
    size: 12 * GIB,
    granularity: 256,
    restrictions: RAM,
  });
  return {
    id: 'x3',
    spec: b.done('3-way window at 256 B'),
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem1', 'mem2'], mode: 'volatile' }],
  };
}

function twelveWay(): PresetDefinition {
  const b = builder();
  for (let h = 0; h < 12; h++) {
    b.hb(`hb${h}`, h);
    b.rp(`rp${h}.0`, `hb${h}`, 0);
  }
  for (let h = 0; h < 12; h++) b.t3(`mem${h}`, `rp${h}.0`, 2 * GIB);
  const hbs = Array.from({ length: 12 }, (_, h) => `hb${h}`);
  b.win('cfmw0', hbs, { base: MOD3_WINDOW_BASE, size: 24 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'x12',
    spec: b.done('12-way window at 256 B'),
    regions: [
      { window: 'cfmw0', members: Array.from({ length: 12 }, (_, i) => `mem${i}`), mode: 'volatile' },
    ],
  };
}

/** cxl_test's XORMAPs for HBIG 0 (Linux tools/testing/cxl/test/cxl.c; map values not re-checked there): way bit 0 = parity of bits 8, 14, 22; way bit 1 = bits 9, 15, 23. */
const XORMAPS_256 = [0x404100, 0x808200];

function xorFourHb(): PresetDefinition {
  const b = builder();
  for (let h = 0; h < 4; h++) {
    b.hb(`hb${h}`, h);
    b.rp(`rp${h}.0`, `hb${h}`, 0);
    b.rp(`rp${h}.1`, `hb${h}`, 1);
  }
  let n = 0;
  for (let h = 0; h < 4; h++) {
    for (let p = 0; p < 2; p++) b.t3(`mem${n++}`, `rp${h}.${p}`, 2 * GIB);
  }
  b.win('cfmw0', ['hb0', 'hb1', 'hb2', 'hb3'], {
    base: WINDOW_BASE,
    size: 16 * GIB,
    granularity: 256,
    restrictions: RAM,
    xormaps: XORMAPS_256,
  });
  // Positions: pos mod 4 picks the host bridge (window way), pos div 4 the root port.
  const members: string[] = [];
  for (let p = 0; p < 2; p++) for (let h = 0; h < 4; h++) members.push(`mem${h * 2 + p}`);
  return {
    id: 'xor-x4',
    spec: b.done('XOR window across 4 host bridges, 8-way at 256 B'),
    regions: [{ window: 'cfmw0', members, mode: 'volatile' }],
  };
}

/**
 * 32 devices: 4 host bridges × 2 root ports × a switch with 4 downstream ports. Every device has
 * 2 GiB ram + 2 GiB pmem. Five regions in four windows, created in ascending HPA order (Linux
 * refuses a region below one that already uses the same port).
 */
function testFarm(): PresetDefinition {
  const b = builder();
  const dev = (h: number, s: number, p: number) => `mem${h * 8 + s * 4 + p}`;
  for (let h = 0; h < 4; h++) b.hb(`hb${h}`, h);
  for (let h = 0; h < 4; h++) {
    for (let s = 0; s < 2; s++) {
      const sw = `sw${h * 2 + s}`;
      b.rp(`rp${h}.${s}`, `hb${h}`, s);
      b.sw(sw, `rp${h}.${s}`);
      for (let p = 0; p < 4; p++) b.dsp(`dsp${h * 2 + s}.${p}`, sw, p);
    }
  }
  for (let h = 0; h < 4; h++)
    for (let s = 0; s < 2; s++)
      for (let p = 0; p < 4; p++) b.t3(dev(h, s, p), `dsp${h * 2 + s}.${p}`, 2 * GIB, 2 * GIB);

  let base = WINDOW_BASE;
  const next = (size: number) => {
    const at = base;
    base += size;
    return at;
  };
  // region0: ram, x16 across all four host bridges (downstream ports 0 and 1 of every switch).
  b.win('cfmw0', ['hb0', 'hb1', 'hb2', 'hb3'], {
    base: next(32 * GIB),
    size: 32 * GIB,
    granularity: 256,
    restrictions: RAM,
  });
  // region1 then region2: ram then pmem on the same 8 devices under hb0/hb1 (ports 2 and 3):
  // each device gets decoder 0 (ram) and decoder 1 (pmem, DPA right after the ram).
  b.win('cfmw1', ['hb0', 'hb1'], {
    base: next(16 * GIB),
    size: 16 * GIB,
    granularity: 1024,
    restrictions: RAM,
  });
  b.win('cfmw2', ['hb0', 'hb1'], {
    base: next(16 * GIB),
    size: 16 * GIB,
    granularity: 1024,
    restrictions: PMEM,
  });
  // region3: pmem, x4 under hb2 alone; region4: ram, x2 under one switch of hb3.
  b.win('cfmw3', ['hb2'], { base: next(8 * GIB), size: 8 * GIB, granularity: 256, restrictions: PMEM });
  b.win('cfmw4', ['hb3'], { base: next(8 * GIB), size: 8 * GIB, granularity: 256, restrictions: RAM });

  // Position order: window way (host bridge) first, then root port (switch), then downstream port.
  const r0: string[] = [];
  for (let p = 0; p < 2; p++) for (let s = 0; s < 2; s++) for (let h = 0; h < 4; h++) r0.push(dev(h, s, p));
  const r12: string[] = [];
  for (let p = 2; p < 4; p++) for (let s = 0; s < 2; s++) for (let h = 0; h < 2; h++) r12.push(dev(h, s, p));
  const r3: string[] = [];
  for (let p = 2; p < 4; p++) for (let s = 0; s < 2; s++) r3.push(dev(2, s, p));
  const r4 = [dev(3, 0, 2), dev(3, 0, 3)];
  return {
    id: 'farm-32',
    spec: b.done(
      'Test farm: 32 devices in 5 regions',
      'mem30 and mem31 (hb3, sw7 ports 2 and 3) are left out of every region: their paths stay grey.',
    ),
    regions: [
      { window: 'cfmw0', members: r0, mode: 'volatile' },
      { window: 'cfmw1', members: r12, mode: 'volatile' },
      { window: 'cfmw2', members: r12, mode: 'persistent' },
      { window: 'cfmw3', members: r3, mode: 'persistent' },
      { window: 'cfmw4', members: r4, mode: 'volatile' },
    ],
  };
}

// Paragraphs (no hard line breaks inside one: the lab wraps them).
// The paragraph starting "Answer:" and those after it are the explanation: the Inspector keeps
// them hidden until the user asks ("Show the answer", panels/check/notes-answer.ts).
const ALIAS_NOTES = [
  'Deliberately misprogrammed: find the bug.',
  'Symptom: every decoder is committed, yet the Check tab (in the panels under the canvas; cxl-lab check on the command line) warns of aliasing: two HPAs reach the same DPA of mem0, and of mem3, and mem1 and mem2 are never reached.',
  'Answer: both host-bridge decoders were programmed with granularity 256 B, the same as the window. The window already selects the host bridge with HPA bit 8, so every address reaching hb0 has bit 8 = 0 and hb0 (which also selects on bit 8) always picks root port 0; every address reaching hb1 has bit 8 = 1, so hb1 always picks root port 1. The endpoints still decode 4-way (they drop bits 8-9), so chunks 0 and 2 of every 1 KiB stripe land on the same DPA of mem0 (chunks 1 and 3 on mem3).',
  'Linux derives each level’s granularity as parent granularity × parent ways: the host bridges should interleave at 256 × 2 = 512 B (HPA bit 9). Fix: set hb0 and hb1 decoder 0 to 512 B (uncommit, reprogram, commit), or destroy the region and create it again.',
].join('\n\n');

function misprogrammedAlias(): PresetDefinition {
  const b = builder();
  b.hb('hb0', 0);
  b.hb('hb1', 1);
  b.rp('rp0.0', 'hb0', 0);
  b.rp('rp0.1', 'hb0', 1);
  b.rp('rp1.0', 'hb1', 0);
  b.rp('rp1.1', 'hb1', 1);
  b.t3('mem0', 'rp0.0', 4 * GIB);
  b.t3('mem1', 'rp0.1', 4 * GIB);
  b.t3('mem2', 'rp1.0', 4 * GIB);
  b.t3('mem3', 'rp1.1', 4 * GIB);
  b.win('cfmw0', ['hb0', 'hb1'], { base: WINDOW_BASE, size: 16 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'misprogrammed-alias',
    spec: b.done('Misprogrammed: host-bridge granularity (aliasing)', ALIAS_NOTES),
    regions: [{ window: 'cfmw0', members: ['mem0', 'mem2', 'mem1', 'mem3'], mode: 'volatile' }],
    misprogram(spec) {
      for (const c of spec.components) {
        if (c.kind !== 'host-bridge') continue;
        for (const d of c.decoders) d.granularity = 256;
      }
    },
    expectCheckErrors: ['region.port-interleave', 'region.position-mismatch'],
    expectCheckWarnings: ['region.alias'],
  };
}

/**
 * The scale topology for the canvas benchmark: 8 host bridges × 2 root ports; each root port leads to
 * a switch with 2 downstream ports, each of those to a switch with 4: 16 devices per host bridge, 128
 * in all. One 1-way window per host bridge holds a 16-way region over its 16 devices (host bridge
 * 2-way, upper switch 2-way, lower switch 4-way).
 */
export function scaleDefinition(): PresetDefinition {
  const b = builder();
  for (let h = 0; h < 8; h++) b.hb(`hb${h}`, h);
  const leaves: string[][] = [];
  for (let h = 0; h < 8; h++) {
    const mine: string[] = [];
    for (let r = 0; r < 2; r++) {
      const upper = `sw${h}.${r}`;
      b.rp(`rp${h}.${r}`, `hb${h}`, r);
      b.sw(upper, `rp${h}.${r}`);
      for (let u = 0; u < 2; u++) {
        const lower = `sw${h}.${r}.${u}`;
        b.dsp(`dsp${h}.${r}.${u}`, upper, u);
        b.sw(lower, `dsp${h}.${r}.${u}`);
        for (let p = 0; p < 4; p++) {
          b.dsp(`dsp${h}.${r}.${u}.${p}`, lower, p);
          mine.push(`dsp${h}.${r}.${u}.${p}`);
        }
      }
    }
    leaves.push(mine);
  }
  let n = 0;
  const membersByHb: string[][] = [];
  for (let h = 0; h < 8; h++) {
    const byPort = new Map<string, string>();
    for (const port of leaves[h] ?? []) {
      const id = `mem${n++}`;
      b.t3(id, port, 2 * GIB);
      byPort.set(port, id);
    }
    // Position = r + 2u + 4p: the host bridge (root port r) uses the lowest bits, the lower switch the highest.
    const members: string[] = [];
    for (let p = 0; p < 4; p++)
      for (let u = 0; u < 2; u++)
        for (let r = 0; r < 2; r++) members.push(byPort.get(`dsp${h}.${r}.${u}.${p}`) ?? '');
    membersByHb.push(members);
  }
  for (let h = 0; h < 8; h++) {
    b.win(`cfmw${h}`, [`hb${h}`], {
      base: WINDOW_BASE + h * 32 * GIB,
      size: 32 * GIB,
      granularity: 256,
      restrictions: RAM,
    });
  }
  return {
    id: 'scale-128',
    spec: b.done('Scale: 128 devices under 8 host bridges and 2 switch levels'),
    regions: membersByHb.map((members, h) => ({ window: `cfmw${h}`, members, mode: 'volatile' as const })),
  };
}

/**
 * A CXL 1.1 restricted host (RCH, UID 0, its 8 KiB RCRB at 0xFED0_0000) with its restricted device
 * (RCD) directly below: no HDM decoders anywhere. Firmware programmed the device's DVSEC Range 1 over
 * the whole 4 GiB window and set Mem_Enable, so Linux emulates one locked endpoint decoder from it
 * (drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec) and there is no region to create.
 */
function restrictedHost(): PresetDefinition {
  const b = builder();
  b.components.push({
    kind: 'host-bridge',
    id: 'rch0',
    uid: 0,
    decoderCount: 0,
    componentRegBase: 0xfed0_0000,
    decoders: [],
    restricted: true,
  });
  b.components.push({
    kind: 'type3',
    id: 'mem0',
    parent: 'rch0',
    volatile: 4 * GIB,
    persistent: 0,
    decoderCount: 0,
    serial: 1,
    decoders: [],
    dvsec: { memEnable: true, ranges: [{ base: WINDOW_BASE, size: 4 * GIB }] },
  });
  b.win('cfmw0', ['rch0'], { base: WINDOW_BASE, size: 4 * GIB, granularity: 256, restrictions: RAM });
  return {
    id: 'rch',
    spec: b.done(
      'CXL 1.1 restricted host and device',
      'A CXL 1.1 host: the CHBS says CXL Version 0 and points at the 8 KiB RCRB; the device decodes by its DVSEC Range 1 (CXL 2.0 §8.1.3.8), from which Linux emulates a locked endpoint decoder.',
    ),
    regions: [],
    autoRegions: 1,
  };
}

/** Every preset, in menu order. The first is the one a new lab opens on. */
export function presetDefinitions(): PresetDefinition[] {
  return [
    twoHbFourWay(),
    single(),
    oneHbTwoWay(),
    switchFourWay(),
    twoSwitchLevels(),
    threeWay(),
    twelveWay(),
    xorFourHb(),
    restrictedHost(),
    testFarm(),
    misprogrammedAlias(),
    scaleDefinition(),
  ];
}
