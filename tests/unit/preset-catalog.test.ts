/**
 * The app's preset catalog (`src/presets/catalog.ts`, texts loaded on demand) against the shipped
 * files: every file is listed once, each entry's `specName` is its file's own "name", and `load()`
 * gives the file's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESET_CATALOG } from '../../src/presets/catalog.ts';
import { PRESETS } from '../../src/presets/index.ts';

const DIR = new URL('../../src/presets/', import.meta.url);

describe('preset catalog', () => {
  it('lists every shipped topology file exactly once', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.topology.json'))
      .map((f) => f.replace('.topology.json', ''))
      .sort();
    expect(PRESET_CATALOG.map((p) => p.id).sort()).toEqual(files);
    expect(PRESETS.map((p) => p.id)).toEqual(PRESET_CATALOG.map((p) => p.id));
  });

  it.each(PRESET_CATALOG.map((p) => [p.id, p] as const))(
    '%s: specName and load() match the file',
    async (id, p) => {
      const text = readFileSync(new URL(`${id}.topology.json`, DIR), 'utf8');
      expect(p.specName).toBe((JSON.parse(text) as { name: string }).name);
      expect(await p.load()).toBe(text);
      expect(PRESETS.find((q) => q.id === id)?.text).toBe(text);
    },
  );
});
