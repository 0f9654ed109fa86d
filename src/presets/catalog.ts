/**
 * The presets as the app lists them: name, description, group and the topology's own name, with a
 * loader for the text. Only the default preset (a new lab's) is in the initial bundle; the others
 * load when opened. `presets.test.ts` checks every `specName` against its file.
 */
import type { Preset } from '../state/types.ts';
import defaultText from './default.topology.json?raw';

export interface PresetEntry extends Preset {
  /** One or two sentences for the Presets menu. */
  description: string;
  /** The topology's own name (the file's "name"), which the lab shows once it is open. */
  specName: string;
  /** Menu group: working examples, a broken one to debug, large ones. */
  group: 'examples' | 'debugging' | 'scale';
}

export const PRESET_CATALOG: readonly PresetEntry[] = [
  {
    id: 'default',
    name: '2 host bridges × 2 root ports, 4-way',
    description:
      'A 2-way window across both host bridges, each interleaving 2-way: one 4-way region at 4 KiB (the lab’s default).',
    group: 'examples',
    specName: '2 host bridges x 2 devices, 4-way at 4 KiB',
    load: () => Promise.resolve(defaultText),
  },
  {
    id: 'single',
    name: 'Single device',
    description: 'One host bridge, one root port, one 4 GiB Type 3 device in a 1-way ram region.',
    group: 'examples',
    specName: 'Single device, 1-way',
    load: () => import('./single.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'hb1-x2',
    name: '1 host bridge × 2 root ports, 2-way',
    description:
      'A 1-way window on one host bridge whose HDM decoder interleaves 2-way across its root ports at 256 B.',
    group: 'examples',
    specName: '1 host bridge x 2 root ports, 2-way at 256 B',
    load: () => import('./hb1-x2.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'switch-x4',
    name: 'Switch with 4 devices, 4-way',
    description:
      'One root port leads to a switch whose upstream port interleaves 4-way across its downstream ports.',
    group: 'examples',
    specName: 'Switch with 4 devices, 4-way at 256 B',
    load: () => import('./switch-x4.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'switch-2level',
    name: 'Two switch levels',
    description:
      'A switch below a root port fans out to two more switches: the upper one selects on HPA bit 8, the lower ones on bit 9.',
    group: 'examples',
    specName: 'Two switch levels, 4-way at 256 B',
    load: () => import('./switch-2level.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'x3',
    name: '3-way window',
    description:
      'A window interleaving 3-way (modulo 3, not a bit field) across three host bridges, one device each.',
    group: 'examples',
    specName: '3-way window at 256 B',
    load: () => import('./x3.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'x12',
    name: '12-way window',
    description: 'Twelve host bridges behind one 12-way window (modulo 12), one 2 GiB device each.',
    group: 'examples',
    specName: '12-way window at 256 B',
    load: () => import('./x12.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'xor-x4',
    name: 'XOR window across 4 host bridges',
    description:
      'A 4-way window with XOR arithmetic: each way bit is the parity of several HPA bits (CXIMS maps 0x404100, 0x808200).',
    group: 'examples',
    specName: 'XOR window across 4 host bridges, 8-way at 256 B',
    load: () => import('./xor-x4.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'rch',
    name: 'CXL 1.1 restricted host (RCH) and device',
    description:
      'A CXL 1.1 host bridge (8 KiB RCRB, no HDM decoders, no root ports) with its restricted device directly below, decoding by its DVSEC range.',
    group: 'examples',
    specName: 'CXL 1.1 restricted host and device',
    load: () => import('./rch.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'farm-32',
    name: 'Test farm: 32 devices, 5 regions',
    description:
      'Four host bridges, eight switches, 32 devices with ram and pmem; five regions at once (x16, x8 ram and x8 pmem on the same devices, x4, x2).',
    group: 'examples',
    specName: 'Test farm: 32 devices in 5 regions',
    load: () => import('./farm-32.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'misprogrammed-alias',
    name: 'Misprogrammed: aliasing',
    description:
      'Looks like the default 4-way region, but two HPAs reach the same DPA. Open the Check tab to see what is wrong; the Inspector’s notes hold the answer.',
    group: 'debugging',
    specName: 'Misprogrammed: host-bridge granularity (aliasing)',
    load: () => import('./misprogrammed-alias.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'scale-128',
    name: 'Scale: 128 devices',
    description:
      '8 host bridges, 2 switch levels, 128 Type 3 devices in eight 16-way regions: the canvas benchmark’s topology.',
    group: 'scale',
    specName: 'Scale: 128 devices under 8 host bridges and 2 switch levels',
    load: () => import('./scale-128.topology.json?raw').then((m) => m.default),
  },
];
