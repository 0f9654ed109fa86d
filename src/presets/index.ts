/** Topologies the lab ships with. The first one is what the lab opens on. */
import { type ParseResult, parseLabFile } from '../lib/lab-file';
import defaultTopology from './default.topology.json';

export type Preset = { id: string; parsed: ParseResult };

export const PRESETS: readonly Preset[] = [{ id: 'default', parsed: parseLabFile(defaultTopology) }];

export const DEFAULT_PRESET: Preset = PRESETS[0] ?? {
  id: 'none',
  parsed: { ok: false, issues: ['no presets'] },
};
