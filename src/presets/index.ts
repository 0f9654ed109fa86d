/**
 * Topologies the lab ships with, as `cxl-lab/1` text: the worker parses and validates them with the
 * core's parser like any opened file. The first one is what a new lab starts from.
 *
 * Every preset loads with its decoders already committed, programmed exactly as Linux programs them
 * for the listed regions (`cxl create-region`): the files are generated from
 * `scripts/presets/definitions.ts` by the core's region code (`npx tsx scripts/presets/write.ts`), and
 * `tests/unit/presets.test.ts` checks each one still matches, routes as Linux's position formula
 * says, and passes `check` (except the deliberately misprogrammed one).
 */
import type { Preset } from '../state/types.ts';
import defaultText from './default.topology.json?raw';
import farm32Text from './farm-32.topology.json?raw';
import hb1x2Text from './hb1-x2.topology.json?raw';
import misprogrammedText from './misprogrammed-alias.topology.json?raw';
import scale128Text from './scale-128.topology.json?raw';
import singleText from './single.topology.json?raw';
import switch2LevelText from './switch-2level.topology.json?raw';
import switchX4Text from './switch-x4.topology.json?raw';
import x3Text from './x3.topology.json?raw';
import x12Text from './x12.topology.json?raw';
import xorX4Text from './xor-x4.topology.json?raw';

export interface PresetEntry extends Preset {
  /** One or two sentences for the Presets menu. */
  description: string;
  /** The topology's own name (the file's "name"), which the lab shows once it is open. */
  specName: string;
  /** Menu group: working examples, a broken one to debug, large ones. */
  group: 'examples' | 'debugging' | 'scale';
}

type Entry = Omit<PresetEntry, 'specName'>;

/** The file's top-level "name" (the first key after "format"), read without parsing the whole file. */
function specNameOf(text: string): string {
  return /"name":\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
}

const ENTRIES: readonly Entry[] = [
  {
    id: 'default',
    name: '2 host bridges × 2 root ports, 4-way',
    description:
      'A 2-way window across both host bridges, each interleaving 2-way: one 4-way region at 4 KiB (the lab’s default).',
    group: 'examples',
    text: defaultText,
  },
  {
    id: 'single',
    name: 'Single device',
    description: 'One host bridge, one root port, one 4 GiB Type 3 device in a 1-way ram region.',
    group: 'examples',
    text: singleText,
  },
  {
    id: 'hb1-x2',
    name: '1 host bridge × 2 root ports, 2-way',
    description:
      'A 1-way window on one host bridge whose HDM decoder interleaves 2-way across its root ports at 256 B.',
    group: 'examples',
    text: hb1x2Text,
  },
  {
    id: 'switch-x4',
    name: 'Switch with 4 devices, 4-way',
    description:
      'One root port leads to a switch whose upstream port interleaves 4-way across its downstream ports.',
    group: 'examples',
    text: switchX4Text,
  },
  {
    id: 'switch-2level',
    name: 'Two switch levels',
    description:
      'A switch below a root port fans out to two more switches: the upper one selects on HPA bit 8, the lower ones on bit 9.',
    group: 'examples',
    text: switch2LevelText,
  },
  {
    id: 'x3',
    name: '3-way window',
    description:
      'A window interleaving 3-way (modulo 3, not a bit field) across three host bridges, one device each.',
    group: 'examples',
    text: x3Text,
  },
  {
    id: 'x12',
    name: '12-way window',
    description: 'Twelve host bridges behind one 12-way window (modulo 12), one 2 GiB device each.',
    group: 'examples',
    text: x12Text,
  },
  {
    id: 'xor-x4',
    name: 'XOR window across 4 host bridges',
    description:
      'A 4-way window with XOR arithmetic: each way bit is the parity of several HPA bits (CXIMS maps 0x404100, 0x808200).',
    group: 'examples',
    text: xorX4Text,
  },
  {
    id: 'farm-32',
    name: 'Test farm: 32 devices, 5 regions',
    description:
      'Four host bridges, eight switches, 32 devices with ram and pmem; five regions at once (x16, x8 ram and x8 pmem on the same devices, x4, x2).',
    group: 'examples',
    text: farm32Text,
  },
  {
    id: 'misprogrammed-alias',
    name: 'Misprogrammed: aliasing',
    description:
      'Looks like the default 4-way region, but two HPAs reach the same DPA. Run check and find out why (the notes explain).',
    group: 'debugging',
    text: misprogrammedText,
  },
  {
    id: 'scale-128',
    name: 'Scale: 128 devices',
    description:
      '8 host bridges, 2 switch levels, 128 Type 3 devices in eight 16-way regions: the canvas benchmark’s topology.',
    group: 'scale',
    text: scale128Text,
  },
];

export const PRESETS: readonly PresetEntry[] = ENTRIES.map((e) => ({ ...e, specName: specNameOf(e.text) }));
