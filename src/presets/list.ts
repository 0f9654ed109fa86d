/**
 * The presets the store can open: id, name and a loader for the text. Only the default preset (a new
 * lab's) is in the initial bundle; the others load when opened. The menu's details are in `catalog.ts`.
 */
import type { Preset } from '../state/types.ts';
import defaultText from './default.topology.json?raw';

/** A loader for a preset other than the default: `texts.ts` (tiny) names each one's own chunk. */
const text = (id: string) => () => import('./texts.ts').then((m) => m.presetText(id));

export const PRESET_LIST: readonly Preset[] = [
  {
    id: 'default',
    name: '2 host bridges × 2 root ports, 4-way',
    load: () => Promise.resolve(defaultText),
  },
  {
    id: 'single',
    name: 'Single device',
    load: text('single'),
  },
  {
    id: 'hb1-x2',
    name: '1 host bridge × 2 root ports, 2-way',
    load: text('hb1-x2'),
  },
  {
    id: 'switch-x4',
    name: 'Switch with 4 devices, 4-way',
    load: text('switch-x4'),
  },
  {
    id: 'switch-2level',
    name: 'Two switch levels',
    load: text('switch-2level'),
  },
  {
    id: 'x3',
    name: '3-way window',
    load: text('x3'),
  },
  {
    id: 'x12',
    name: '12-way window',
    load: text('x12'),
  },
  {
    id: 'xor-x4',
    name: 'XOR window across 4 host bridges',
    load: text('xor-x4'),
  },
  {
    id: 'rch',
    name: 'CXL 1.1 restricted host (RCH) and device',
    load: text('rch'),
  },
  {
    id: 'farm-32',
    name: 'Test farm: 32 devices, 5 regions',
    load: text('farm-32'),
  },
  {
    id: 'misprogrammed-alias',
    name: 'Misprogrammed: aliasing',
    load: text('misprogrammed-alias'),
  },
  {
    id: 'scale-128',
    name: 'Scale: 128 devices',
    load: text('scale-128'),
  },
  // Memory pooling (issue 18): multi-host labs, `cxl-lab/2` files in `multi-host/`.
  {
    id: 'pool-2h-2mld',
    name: 'Pool: 2 hosts × 2 MLDs',
    load: text('pool-2h-2mld'),
  },
  {
    id: 'mhd-4h',
    name: 'Pool: 4 hosts on a multi-headed device',
    load: text('mhd-4h'),
  },
  {
    id: 'rebind-demo',
    name: 'Pool: move an LD to another host',
    load: text('rebind-demo'),
  },
  {
    id: 'pool-bind-yourself',
    name: 'Pool: bind it yourself',
    load: text('pool-bind-yourself'),
  },
];
