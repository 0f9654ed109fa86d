// Level-of-detail thresholds, framing arithmetic (bounds, padding, viewport) and node search, with the
// numbers worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { boundsOf, framedIds, paddingPx, viewportFor } from '../../src/canvas/frame-math.ts';
import { LOD_HYSTERESIS, LODS, type Lod, lodMinZoom, nextLod } from '../../src/canvas/lod.ts';
import { type SearchEntry, searchNodes } from '../../src/canvas/node-search.ts';
import { pathNodeIds, type StepShape } from '../../src/lib/decode-steps.ts';
import { createSelectionSlice } from '../../src/state/slices/selection-slice.ts';
import type { SelectionSlice } from '../../src/state/types.ts';

describe('level of detail', () => {
  it('each level starts where its smallest text reaches 11 px on screen', () => {
    // full: 12 px text → 11 / 12 = 0.91666…; compact: 18 px detail line → 11 / 18 = 0.6111…;
    // name: 40 px names → 11 / 40 = 0.275; glyph has no text.
    expect(lodMinZoom('full')).toBeCloseTo(0.916667, 5);
    expect(lodMinZoom('compact')).toBeCloseTo(0.611111, 5);
    expect(lodMinZoom('name')).toBeCloseTo(0.275, 9);
    expect(lodMinZoom('glyph')).toBe(0);
  });

  it('zooming out drops detail exactly at the threshold', () => {
    expect(nextLod('full', 0.92)).toBe('full'); // 12 × 0.92 = 11.04 px
    expect(nextLod('full', 0.91)).toBe('compact'); // 12 × 0.91 = 10.92 px: too small
    expect(nextLod('compact', 0.62)).toBe('compact'); // 18 × 0.62 = 11.16 px
    expect(nextLod('compact', 0.6)).toBe('name'); // 18 × 0.6 = 10.8 px
    expect(nextLod('name', 0.28)).toBe('name'); // 40 × 0.28 = 11.2 px
    expect(nextLod('name', 0.27)).toBe('glyph'); // 40 × 0.27 = 10.8 px
    expect(nextLod('full', 0.05)).toBe('glyph');
  });

  it('zooming back in needs 8 % more than the threshold (no flicker at the edge)', () => {
    // full again at 11/12 × 1.08 = 0.99; compact again at 11/18 × 1.08 = 0.66; name at 0.275 × 1.08 = 0.297.
    expect(LOD_HYSTERESIS).toBe(1.08);
    expect(nextLod('compact', 0.95)).toBe('compact');
    expect(nextLod('compact', 0.99)).toBe('full');
    expect(nextLod('name', 0.65)).toBe('name');
    expect(nextLod('name', 0.661)).toBe('compact'); // just above 0.66 (0.66 itself is a rounding edge)
    expect(nextLod('glyph', 0.29)).toBe('glyph');
    expect(nextLod('glyph', 0.3)).toBe('name');
    // A fit at 100 % after zooming out shows full cards again.
    expect(nextLod('glyph', 1)).toBe('full');
  });

  it('property: the level chosen never shows text below 11 px, and asking again changes nothing', () => {
    const smallest: Record<Lod, number> = {
      full: 12,
      compact: 18,
      name: 40,
      glyph: Number.POSITIVE_INFINITY,
    };
    fc.assert(
      fc.property(fc.constantFrom(...LODS), fc.double({ min: 0.01, max: 2, noNaN: true }), (prev, zoom) => {
        const level = nextLod(prev, zoom);
        expect(smallest[level] * zoom).toBeGreaterThanOrEqual(11 - 1e-9);
        expect(nextLod(level, zoom)).toBe(level);
      }),
    );
  });
});

describe('framing', () => {
  it('bounds of boxes', () => {
    expect(boundsOf([])).toBeNull();
    // x from −10 to max(90, 50 + 100) = 150; y from 5 to max(5 + 20, 40 + 10) = 50.
    expect(
      boundsOf([
        { x: -10, y: 5, width: 100, height: 20 },
        { x: 50, y: 40, width: 100, height: 10 },
      ]),
    ).toEqual({ x: -10, y: 5, width: 160, height: 45 });
  });

  it('padding as React Flow reads it', () => {
    // The canvas's fit padding: pixels as given.
    expect(paddingPx({ top: '72px', bottom: '84px', left: '56px', right: '56px' }, 1000, 500)).toEqual({
      top: 72,
      bottom: 84,
      left: 56,
      right: 56,
    });
    // 10 % of 1000 = 100 horizontally, of 500 = 50 vertically.
    expect(paddingPx('10%', 1000, 500)).toEqual({ top: 50, bottom: 50, left: 100, right: 100 });
    // A bare 0.25 leaves size / 1.25 for the content: (1000 − 800) / 2 = 100, (500 − 400) / 2 = 50.
    expect(paddingPx(0.25, 1000, 500)).toEqual({ top: 50, bottom: 50, left: 100, right: 100 });
  });

  it('the viewport puts the bounds, as large as fits, in the middle of the padded room', () => {
    const insets = { top: 72, bottom: 84, left: 56, right: 56 };
    // Room 1000 − 112 = 888 wide, 600 − 156 = 444 tall. Bounds 400 × 100 at (100, 200):
    // zoom = min(888 / 400, 444 / 100, max 1.5) = min(2.22, 4.44, 1.5) = 1.5.
    // Centre (300, 250) goes to (56 + 444, 72 + 222) = (500, 294): x = 500 − 450 = 50, y = 294 − 375 = −81.
    expect(
      viewportFor(
        { x: 100, y: 200, width: 400, height: 100 },
        { width: 1000, height: 600 },
        insets,
        0.02,
        1.5,
      ),
    ).toEqual({
      x: 50,
      y: -81,
      zoom: 1.5,
    });
    // Bounds 1776 × 222 at (0, 0): zoom = min(888 / 1776, 444 / 222) = 0.5; centre (888, 111) → (500, 294):
    // x = 500 − 444 = 56, y = 294 − 55.5 = 238.5.
    expect(
      viewportFor({ x: 0, y: 0, width: 1776, height: 222 }, { width: 1000, height: 600 }, insets, 0.02, 1.5),
    ).toEqual({
      x: 56,
      y: 238.5,
      zoom: 0.5,
    });
  });

  it('leaves a far-off root out only when it would make the rest unreadable', () => {
    const boxes = new Map([
      ['root', { x: 3000, y: 0, width: 500, height: 100 }],
      ['hb', { x: 0, y: 200, width: 200, height: 70 }],
      ['mem', { x: 0, y: 400, width: 200, height: 100 }],
    ]);
    // A pane with room 1000 × 500, no padding, no limit: zoom = min(1000 / w, 500 / h).
    const zoomOf = (b: { width: number; height: number }) => Math.min(1000 / b.width, 500 / b.height);
    // With the root: 3500 × 500 → min(0.2857, 1) = 0.286 < 0.611; without: 200 × 300 → min(5, 1.667) = 1.667,
    // more than 1.5 × 0.286: the root is left out.
    expect(framedIds(boxes, ['root', 'hb', 'mem'], 'root', zoomOf, 0.611)).toEqual(['hb', 'mem']);
    // Close by (root above the others): 500 × 500 → zoom 1, readable: kept.
    boxes.set('root', { x: 0, y: 0, width: 500, height: 100 });
    expect(framedIds(boxes, ['root', 'hb', 'mem'], 'root', zoomOf, 0.611)).toEqual(['root', 'hb', 'mem']);
    // The root alone, and unknown ids.
    expect(framedIds(boxes, ['root', 'nope'], 'root', zoomOf, 0.611)).toEqual(['root']);
  });

  it('the nodes of a decode path, in order, once each', () => {
    const s = (from: string, to: string | null): StepShape => ({
      piece: 0,
      kind: 'decoder',
      from,
      to,
      hop: null,
    });
    // Two pieces of one access through cxl-root → hb1 → rp3 → mem3 and then → hb0 → rp0 → mem0.
    const shapes = [
      s('cxl-root', 'hb1'),
      s('hb1', 'rp3'),
      s('rp3', 'mem3'),
      s('mem3', null),
      s('cxl-root', 'hb0'),
      s('hb0', 'rp0'),
      s('rp0', 'mem0'),
    ];
    expect(pathNodeIds(shapes)).toEqual(['cxl-root', 'hb1', 'rp3', 'mem3', 'hb0', 'rp0', 'mem0']);
  });
});

describe('find by name', () => {
  const entries: SearchEntry[] = [
    { id: 'cxl-root', kind: 'CXL root', names: ['CXL root', 'root0', 'cfmw0', 'decoder0.0'] },
    { id: 'hb1', kind: 'Host bridge', names: ['hb1', 'port2', 'decoder2.0'] },
    { id: 'mem13', kind: 'Type 3 device', names: ['mem13', 'mem1', 'endpoint7', 'decoder7.0'] },
    { id: 'mem3', kind: 'Type 3 device', names: ['mem3', 'mem3', 'endpoint5', 'decoder5.0'] },
    { id: 'mem1', kind: 'Type 3 device', names: ['mem1', 'mem13', 'endpoint9', 'decoder9.0'] },
  ];

  it('exact before prefix before inside; own name before a Linux name', () => {
    // "mem1": mem1's own id is exact (rank 0, own); mem13's memdev "mem1" is exact but not its own name;
    // mem13 itself is also a prefix match of its own id, but the exact memdev name ranks it first.
    expect(searchNodes(entries, 'MEM1 ').map((m) => [m.id, m.via])).toEqual([
      ['mem1', null],
      ['mem13', 'mem1'],
    ]);
    // "mem": prefix of every device's id; shorter names first, then canvas order.
    expect(searchNodes(entries, 'mem').map((m) => m.id)).toEqual(['mem3', 'mem1', 'mem13']);
    // A decoder or window finds its component, saying which name matched.
    expect(searchNodes(entries, 'decoder5.0')).toEqual([
      { id: 'mem3', kind: 'Type 3 device', label: 'mem3', via: 'decoder5.0', rank: 0 },
    ]);
    expect(searchNodes(entries, 'cfmw')[0]).toMatchObject({
      id: 'cxl-root',
      label: 'CXL root',
      via: 'cfmw0',
      rank: 1,
    });
    // Inside a name: "point" is in every endpoint name.
    expect(searchNodes(entries, 'point').map((m) => m.rank)).toEqual([2, 2, 2]);
  });

  it('nothing for an empty query or no match, and at most the limit', () => {
    expect(searchNodes(entries, '   ')).toEqual([]);
    expect(searchNodes(entries, 'switch9')).toEqual([]);
    expect(searchNodes(entries, 'e', 2)).toHaveLength(2);
  });
});

describe('frame requests through the store', () => {
  const newStore = () =>
    createStore<SelectionSlice>()((set, get, api) =>
      createSelectionSlice()(set as never, get as never, api as never),
    );

  it('each request is new (seq counts up), even for the same nodes; select picks the first', () => {
    const store = newStore();
    expect(store.getState().frameRequest).toBeNull();
    store.getState().frameNodes(['hb1', 'rp3']);
    expect(store.getState().frameRequest).toEqual({ ids: ['hb1', 'rp3'], seq: 1 });
    expect(store.getState().selectedId).toBeNull();
    store.getState().frameNodes(['mem3'], { select: true });
    store.getState().frameNodes(['mem3'], { select: true });
    expect(store.getState().frameRequest).toEqual({ ids: ['mem3'], seq: 3 });
    expect(store.getState().selectedId).toBe('mem3');
    // Nothing to frame: no request.
    store.getState().frameNodes([]);
    expect(store.getState().frameRequest?.seq).toBe(3);
  });
});
