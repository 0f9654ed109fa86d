/**
 * Topologies the lab ships with, as `cxl-lab/1` text: the worker parses and validates them with the
 * core's parser like any opened file. The first one is what a new lab starts from.
 */
import type { Preset } from '../state/types.ts';
import defaultTopology from './default.topology.json';

export const PRESETS: readonly Preset[] = [
  { id: 'default', name: defaultTopology.name, text: `${JSON.stringify(defaultTopology, null, 2)}\n` },
];
