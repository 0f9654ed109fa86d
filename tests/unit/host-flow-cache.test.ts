// The multi-host drawing's per-host flow cache: a rebuild re-runs `toFlow` only for hosts whose view
// changed (by content: every view from the worker is a new object), and draws exactly what a fresh build draws.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fabricFlow } from '../../src/canvas/fabric/fabric-layout.ts';
import { HostFlowCache } from '../../src/canvas/fabric/host-flow-cache.ts';
import type { FabricView } from '../../src/worker/lab-types.ts';
import { fabricViewOfFile } from './helpers/fabric-view.ts';

const preset = (name: string) => readFileSync(`src/presets/multi-host/${name}.cxl-lab.json`, 'utf8');

describe('HostFlowCache', () => {
  const view = fabricViewOfFile(preset('mhd-4h'), 'hostA');

  it('runs toFlow once per host, then not at all for a focus change with every host view re-sent', () => {
    const cache = new HostFlowCache();
    fabricFlow(view, null, cache);
    expect(cache.runs).toBe(4);
    fabricFlow(structuredClone({ ...view, focus: 'hostC' }), null, cache);
    expect(cache.runs).toBe(4);
  });

  it('re-runs toFlow for the one host whose view changed, and draws what a fresh build draws', () => {
    const cache = new HostFlowCache();
    const first = fabricFlow(view, null, cache);
    const changed: FabricView = structuredClone(view);
    const hostB = changed.hosts[1];
    if (hostB === undefined) throw new Error('mhd-4h has 4 hosts');
    hostB.regions = [];
    const cached = fabricFlow(changed, first, cache);
    expect(cache.runs).toBe(5);
    expect(cached).toEqual(fabricFlow(changed, first, new HostFlowCache()));
    // And the drawing did change (the region's colour left hostB's nodes), so a stale flow would fail above.
    expect(view.hosts[1]?.regions.length).toBeGreaterThan(0);
    expect(cached.nodes).not.toEqual(first.nodes);
  });

  it('keeps only the hosts of the last build (no growth as labs change)', () => {
    const cache = new HostFlowCache();
    fabricFlow(view, null, cache);
    fabricFlow(fabricViewOfFile(preset('pool-2h-2mld'), 'hostA'), null, cache);
    expect(cache.runs).toBe(6);
    // mhd-4h again: its 4 hosts were dropped when pool-2h-2mld was drawn, so they are built again.
    fabricFlow(view, null, cache);
    expect(cache.runs).toBe(10);
  });
});
