/**
 * Level of detail of a multi-host canvas (issue 18 scale): at glyph zoom vPPB nodes are hidden unless
 * selected; at every other level, and in a lab without vPPBs, the nodes are passed through untouched.
 */
import type { Node } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { withFabricLod } from '../../src/canvas/fabric/fabric-lod';
import { LODS } from '../../src/canvas/lod';

const node = (id: string, type: string, extra: Partial<Node> = {}): Node => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: {},
  ...extra,
});

describe('withFabricLod', () => {
  const nodes = [
    node('fabric::sw0', 'fabric-switch'),
    node('fabric::sw0.vcs0', 'fabric-vcs'),
    node('fabric::sw0.vcs0.vppb0', 'fabric-vppb'),
    node('fabric::sw0.vcs0.vppb1', 'fabric-vppb', { selected: true }),
    node('fabric::mld0.ld0', 'fabric-ld'),
    node('host::hostA::hb0', 'bridge'),
  ];

  it('hides unselected vPPB nodes at glyph and keeps every other node as it was', () => {
    const drawn = withFabricLod(nodes, 'glyph');
    expect(drawn.map((n) => [n.id, n.hidden === true])).toEqual([
      ['fabric::sw0', false],
      ['fabric::sw0.vcs0', false],
      ['fabric::sw0.vcs0.vppb0', true],
      ['fabric::sw0.vcs0.vppb1', false],
      ['fabric::mld0.ld0', false],
      ['host::hostA::hb0', false],
    ]);
    for (const i of [0, 1, 3, 4, 5]) expect(drawn[i]).toBe(nodes[i]);
    expect(nodes[2]?.hidden).toBeUndefined();
  });

  it.each(LODS.filter((l) => l !== 'glyph'))('draws every node at %s (same array)', (lod) => {
    expect(withFabricLod(nodes, lod)).toBe(nodes);
  });

  it('leaves a single-host lab’s nodes alone at glyph', () => {
    const single = [node('hb0', 'bridge'), node('mem0', 'device')];
    expect(withFabricLod(single, 'glyph')).toBe(single);
  });
});
