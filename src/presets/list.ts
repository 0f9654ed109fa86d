/**
 * The presets the store can open: id, name and a loader for the text. Only the default preset (a new
 * lab's) is in the initial bundle; the others load when opened. The menu's details are in `catalog.ts`.
 */
import type { Preset } from '../state/types.ts';
import defaultText from './default.topology.json?raw';

export const PRESET_LIST: readonly Preset[] = [
  {
    id: 'default',
    name: '2 host bridges × 2 root ports, 4-way',
    load: () => Promise.resolve(defaultText),
  },
  {
    id: 'single',
    name: 'Single device',
    load: () => import('./single.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'hb1-x2',
    name: '1 host bridge × 2 root ports, 2-way',
    load: () => import('./hb1-x2.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'switch-x4',
    name: 'Switch with 4 devices, 4-way',
    load: () => import('./switch-x4.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'switch-2level',
    name: 'Two switch levels',
    load: () => import('./switch-2level.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'x3',
    name: '3-way window',
    load: () => import('./x3.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'x12',
    name: '12-way window',
    load: () => import('./x12.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'xor-x4',
    name: 'XOR window across 4 host bridges',
    load: () => import('./xor-x4.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'rch',
    name: 'CXL 1.1 restricted host (RCH) and device',
    load: () => import('./rch.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'farm-32',
    name: 'Test farm: 32 devices, 5 regions',
    load: () => import('./farm-32.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'misprogrammed-alias',
    name: 'Misprogrammed: aliasing',
    load: () => import('./misprogrammed-alias.topology.json?raw').then((m) => m.default),
  },
  {
    id: 'scale-128',
    name: 'Scale: 128 devices',
    load: () => import('./scale-128.topology.json?raw').then((m) => m.default),
  },
];
