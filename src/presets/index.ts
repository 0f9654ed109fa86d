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
import { PRESET_CATALOG, type PresetEntry } from './catalog.ts';
import defaultText from './default.topology.json?raw';
import farm32Text from './farm-32.topology.json?raw';
import hb1x2Text from './hb1-x2.topology.json?raw';
import misprogrammedText from './misprogrammed-alias.topology.json?raw';
import rchText from './rch.topology.json?raw';
import scale128Text from './scale-128.topology.json?raw';
import singleText from './single.topology.json?raw';
import switch2LevelText from './switch-2level.topology.json?raw';
import switchX4Text from './switch-x4.topology.json?raw';
import x3Text from './x3.topology.json?raw';
import x12Text from './x12.topology.json?raw';
import xorX4Text from './xor-x4.topology.json?raw';

export type { PresetEntry };

/** Every preset's text by id, read at build time (Node: tests and the preset generator's check). */
const TEXTS: Readonly<Record<string, string>> = {
  default: defaultText,
  'farm-32': farm32Text,
  'hb1-x2': hb1x2Text,
  'misprogrammed-alias': misprogrammedText,
  rch: rchText,
  'scale-128': scale128Text,
  single: singleText,
  'switch-2level': switch2LevelText,
  'switch-x4': switchX4Text,
  x3: x3Text,
  x12: x12Text,
  'xor-x4': xorX4Text,
};

/** The catalog with each preset's text (the app imports `catalog.ts`, whose texts load lazily). */
export const PRESETS: readonly (PresetEntry & { text: string })[] = PRESET_CATALOG.map((e) => ({
  ...e,
  text: TEXTS[e.id] ?? '',
}));
