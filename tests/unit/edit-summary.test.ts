/** The Undo toast's sentence: what the user removed, what went with it, and what it did to windows and regions. */
import { describe, expect, it } from 'vitest';
import type { ComponentSpec, WindowSpec } from '../../src/cxl/topology/model.ts';
import { type EditSide, summarizeEdit } from '../../src/lib/edit-summary.ts';

const c = (id: string, parent: string): ComponentSpec =>
  parent === ''
    ? { kind: 'host-bridge', id, uid: 0, decoderCount: 4, componentRegBase: 0, decoders: [] }
    : { kind: 'root-port', id, parent, port: 0 };
const w = (id: string, targets: string[]): WindowSpec => ({
  id,
  base: 0,
  size: 2 ** 30,
  ways: targets.length,
  granularity: 256,
  arithmetic: 'modulo',
  xormaps: [],
  targets,
  restrictions: [],
  qtg: 0,
});

function side(
  components: ComponentSpec[],
  windows: WindowSpec[],
  regions: EditSide['regions'] = [],
  drafts: ComponentSpec[] = [],
): EditSide {
  return { spec: { name: 't', windows, components }, drafts, regions };
}

describe('summarizeEdit', () => {
  const before = side(
    [c('hb0', ''), c('hb1', ''), c('rp0', 'hb0'), c('rp1', 'hb1'), c('rp2', 'hb1')],
    [w('cfmw0', ['hb0', 'hb1']), w('cfmw1', ['hb0'])],
    [
      { name: 'region0', ways: 2, members: ['mem0', 'mem1'] },
      { name: 'region1', ways: 1, members: ['mem5'] },
    ],
  );

  it('counts what went below several chosen components, and names windows that went', () => {
    // hb0 and rp1 chosen; rp0 went with hb0 (1 below them); cfmw1 lost its only target; cfmw0 2 → 1 way.
    const after = side(
      [c('hb1', ''), c('rp2', 'hb1')],
      [w('cfmw0', ['hb1'])],
      [{ name: 'region1', ways: 1, members: ['mem5'] }],
    );
    expect(summarizeEdit(before, after, { kind: 'delete', ids: ['hb0', 'rp1'] })).toBe(
      'Deleted hb0 and rp1, with rp0 below them; cfmw0 now 1-way (was 2-way); window cfmw1 removed; region0 (2-way) gone',
    );
  });

  it('a destroyed region or a deleted window is said once', () => {
    const noRegion0 = side(before.spec.components, before.spec.windows, [
      before.regions[1] as EditSide['regions'][number],
    ]);
    expect(summarizeEdit(before, noRegion0, { kind: 'destroy-region', id: 'region0' })).toBe(
      'Destroyed region0',
    );
    const noCfmw1 = side(before.spec.components, [w('cfmw0', ['hb0', 'hb1'])], before.regions);
    expect(summarizeEdit(before, noCfmw1, { kind: 'delete-window', id: 'cfmw1' })).toBe(
      'Deleted window cfmw1',
    );
  });

  it('uncommit and disconnect, with the regions they break', () => {
    const broken = side(before.spec.components, before.spec.windows, [
      { name: 'region0', ways: 2, members: ['mem1'] },
      before.regions[1] as EditSide['regions'][number],
    ]);
    expect(summarizeEdit(before, broken, { kind: 'uncommit', component: 'mem0', index: 0 })).toBe(
      'Uncommitted mem0 decoder 0; region0 lost mem0 (1 of 2 members left)',
    );
    expect(summarizeEdit(before, before, { kind: 'disconnect', ids: ['rp2'] })).toBe(
      'Disconnected rp2: left unconnected on the canvas',
    );
  });

  it('lists at most three names', () => {
    const many = side([c('a', ''), c('b', ''), c('d', ''), c('e', '')], []);
    const none = side([], []);
    expect(summarizeEdit(many, none, { kind: 'delete', ids: ['a', 'b', 'd', 'e'] })).toBe(
      'Deleted a, b, d and 1 more',
    );
  });
});
