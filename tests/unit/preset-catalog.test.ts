/**
 * The app's preset catalog (`src/presets/catalog.ts`, texts loaded on demand) against the shipped
 * files: every file is listed once (the multi-host `cxl-lab/2` files in the "pooling" group), each
 * entry's `specName` is its file's own "name", and `load()` gives the file's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESET_CATALOG } from '../../src/presets/catalog.ts';
import { PRESETS } from '../../src/presets/index.ts';

const DIR = new URL('../../src/presets/', import.meta.url);
const MULTI = new URL('multi-host/', DIR);

/** A preset's file: `<id>.topology.json`, or `multi-host/<id>.cxl-lab.json` for the pooling group. */
function fileOf(id: string, group: string): URL {
  return group === 'pooling' ? new URL(`${id}.cxl-lab.json`, MULTI) : new URL(`${id}.topology.json`, DIR);
}

describe('preset catalog', () => {
  it('lists every shipped topology file exactly once, the multi-host ones as "pooling"', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.topology.json'))
      .map((f) => f.replace('.topology.json', ''))
      .sort();
    const multi = readdirSync(MULTI)
      .filter((f) => f.endsWith('.cxl-lab.json'))
      .map((f) => f.replace('.cxl-lab.json', ''))
      .sort();
    expect(multi).toEqual(['mhd-4h', 'pool-2h-2mld', 'pool-bind-yourself', 'rebind-demo']);
    const single = PRESET_CATALOG.filter((p) => p.group !== 'pooling');
    const pooling = PRESET_CATALOG.filter((p) => p.group === 'pooling');
    expect(single.map((p) => p.id).sort()).toEqual(files);
    expect(pooling.map((p) => p.id).sort()).toEqual(multi);
    expect(PRESETS.map((p) => p.id)).toEqual(single.map((p) => p.id));
  });

  it.each(PRESET_CATALOG.map((p) => [p.id, p] as const))(
    '%s: specName and load() match the file',
    async (id, p) => {
      const text = readFileSync(fileOf(id, p.group), 'utf8');
      expect(p.specName).toBe((JSON.parse(text) as { name: string }).name);
      expect(await p.load()).toBe(text);
      if (p.group !== 'pooling') expect(PRESETS.find((q) => q.id === id)?.text).toBe(text);
    },
  );
});
