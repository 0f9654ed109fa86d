/**
 * The presets as the Presets menu lists them: `list.ts`'s id, name and loader with a description,
 * group and the topology's own name. Loaded with the header's menus, after the first paint.
 * `presets.test.ts` checks every `specName` against its file.
 */
import type { Preset } from '../state/types.ts';
import { PRESET_LIST } from './list.ts';

export interface PresetEntry extends Preset {
  /** One or two sentences for the Presets menu. */
  description: string;
  /** The topology's own name (the file's "name"), which the lab shows once it is open. */
  specName: string;
  /** Menu group: working examples, a broken one to debug, large ones, multi-host memory pooling. */
  group: 'examples' | 'debugging' | 'scale' | 'pooling';
}

type PresetDetails = Omit<PresetEntry, keyof Preset>;

const DETAILS: Readonly<Record<string, PresetDetails>> = {
  default: {
    description:
      'A 2-way window across both host bridges, each interleaving 2-way: one 4-way region at 4 KiB (the lab’s default).',
    group: 'examples',
    specName: '2 host bridges x 2 devices, 4-way at 4 KiB',
  },
  single: {
    description: 'One host bridge, one root port, one 4 GiB Type 3 device in a 1-way ram region.',
    group: 'examples',
    specName: 'Single device, 1-way',
  },
  'hb1-x2': {
    description:
      'A 1-way window on one host bridge whose HDM decoder interleaves 2-way across its root ports at 256 B.',
    group: 'examples',
    specName: '1 host bridge x 2 root ports, 2-way at 256 B',
  },
  'switch-x4': {
    description:
      'One root port leads to a switch whose upstream port interleaves 4-way across its downstream ports.',
    group: 'examples',
    specName: 'Switch with 4 devices, 4-way at 256 B',
  },
  'switch-2level': {
    description:
      'A switch below a root port fans out to two more switches: the upper one selects on HPA bit 8, the lower ones on bit 9.',
    group: 'examples',
    specName: 'Two switch levels, 4-way at 256 B',
  },
  x3: {
    description:
      'A window interleaving 3-way (modulo 3, not a bit field) across three host bridges, one device each.',
    group: 'examples',
    specName: '3-way window at 256 B',
  },
  x12: {
    description: 'Twelve host bridges behind one 12-way window (modulo 12), one 2 GiB device each.',
    group: 'examples',
    specName: '12-way window at 256 B',
  },
  'xor-x4': {
    description:
      'A 4-way window with XOR arithmetic: each way bit is the parity of several HPA bits (CXIMS maps 0x404100, 0x808200).',
    group: 'examples',
    specName: 'XOR window across 4 host bridges, 8-way at 256 B',
  },
  rch: {
    description:
      'A CXL 1.1 host bridge (8 KiB RCRB, no HDM decoders, no root ports) with its restricted device directly below, decoding by its DVSEC range.',
    group: 'examples',
    specName: 'CXL 1.1 restricted host and device',
  },
  'farm-32': {
    description:
      'Four host bridges, eight switches, 32 devices with ram and pmem; five regions at once (x16, x8 ram and x8 pmem on the same devices, x4, x2).',
    group: 'examples',
    specName: 'Test farm: 32 devices in 5 regions',
  },
  'misprogrammed-alias': {
    description:
      'Looks like the default 4-way region, but two HPAs reach the same DPA. Open the Check tab to see what is wrong; the Inspector’s notes hold the answer.',
    group: 'debugging',
    specName: 'Misprogrammed: host-bridge granularity (aliasing)',
  },
  'scale-128': {
    description:
      '8 host bridges, 2 switch levels, 128 Type 3 devices in eight 16-way regions: the canvas benchmark’s topology.',
    group: 'scale',
    specName: 'Scale: 128 devices under 8 host bridges and 2 switch levels',
  },
  'pool-2h-2mld': {
    description:
      'Two hosts share one switch and two multi-logical devices; each host gets one 1 GiB LD of each MLD in a 2-way region. The lab’s notes walk through it.',
    group: 'pooling',
    specName: '2 hosts × 1 switch × 2 MLDs, half of each MLD per host',
  },
  'mhd-4h': {
    description:
      'Four hosts, no switch: one multi-headed device with a head per host, each serving its own 1 GiB LD.',
    group: 'pooling',
    specName: '4 hosts sharing a multi-headed device',
  },
  'rebind-demo': {
    description:
      'hostA holds both LDs of an MLD; unbind one with the Fabric Manager, bind it to hostB, and watch hostA’s region go offline.',
    group: 'pooling',
    specName: 'Rebinding demo: an LD moves from hostA to hostB',
  },
  'pool-bind-yourself': {
    description:
      'The two-host pool before anything is bound: bind LDs in the Fabric tab, then create each host’s region in the Regions dialog.',
    group: 'pooling',
    specName: 'Pool: bind it yourself (2 hosts, 2 MLDs, nothing bound)',
  },
};

export const PRESET_CATALOG: readonly PresetEntry[] = PRESET_LIST.map((p) => {
  const details = DETAILS[p.id];
  if (details === undefined) throw new Error(`preset "${p.id}" has no menu details in catalog.ts`);
  return { ...p, ...details };
});
