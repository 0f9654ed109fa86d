/**
 * The build's stand-in for d3-interpolate (`src/lib/d3-interpolate-deferred.ts`, vite.config.ts
 * `deferD3Parts`): its `interpolate` must equal d3's own generic `interpolate` on what d3-zoom hands
 * it, two views [x, y, width]; d3's real module is the reference here. Before d3's animation code has
 * loaded, `interpolateZoom` is linear with the same ends; once loaded, it is d3's own.
 */
import { interpolate as d3Interpolate, interpolateZoom as d3InterpolateZoom } from 'd3-interpolate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate, interpolateZoom } from '../../src/lib/d3-interpolate-deferred.ts';
import { loadD3Animation } from '../../src/lib/d3-load.ts';

const coord = fc.double({ min: -1e7, max: 1e7, noNaN: true });
const width = fc.double({ min: 1e-3, max: 1e7, noNaN: true });
const view = fc.tuple(coord, coord, width);
const t = fc.double({ min: 0, max: 1, noNaN: true });

describe('d3-interpolate stand-in', () => {
  it("interpolate equals d3's generic interpolate on two views, at every t", () => {
    fc.assert(
      fc.property(view, view, t, (a, b, at) => {
        expect(interpolate(a, b)(at)).toEqual(d3Interpolate(a, b)(at));
      }),
    );
  });

  it('worked example: halfway from [0, 0, 100] to [200, -40, 50] is [100, -20, 75]', () => {
    // 0·0.5 + 200·0.5 = 100; 0·0.5 + (−40)·0.5 = −20; 100·0.5 + 50·0.5 = 75.
    expect(interpolate([0, 0, 100], [200, -40, 50])(0.5)).toEqual([100, -20, 75]);
  });

  it("interpolateZoom is linear with d3's ends before the animation code loads, d3's own after", async () => {
    const a = [10, 20, 300];
    const b = [400, -50, 120];
    const linear = interpolateZoom(a, b);
    expect(linear(0)).toEqual(a);
    expect(linear(1)).toEqual(b);
    expect(linear(0.25)).toEqual(interpolate(a, b)(0.25));
    await loadD3Animation();
    const after = interpolateZoom(a, b);
    const real = d3InterpolateZoom(a as [number, number, number], b as [number, number, number]);
    for (const at of [0, 0.1, 0.5, 0.9, 1]) expect(after(at)).toEqual(real(at));
  });
});
