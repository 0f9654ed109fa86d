/**
 * What d3-zoom and @xyflow/system import as `d3-interpolate` in the production build (vite.config.ts
 * `deferD3Parts`), so d3-interpolate and d3-color (about 6 kB gzip) load with the zoom animation
 * after the first paint (`d3-load.ts`) instead of in it.
 *
 * - `interpolateZoom`: d3's own once loaded. Until then no transition runs over time: the stand-in
 *   transition (`d3-transition-deferred.ts`) only takes d3-zoom's tween to t = 1, where d3-zoom uses
 *   the end transform itself (d3-zoom's `src/zoom.js`, `schedule`); the linear path here
 *   is only a fallback.
 * - `interpolate`: React Flow hands it to d3-zoom for a viewport change with `interpolate: 'linear'`
 *   (@xyflow/system's `XYPanZoom`: `setViewport`, `scaleTo`, `scaleBy`), and d3-zoom's `schedule`
 *   calls it with two arrays [x, y, width / k]. For arrays of numbers d3's generic `interpolate` is
 *   d3-interpolate's `interpolateArray` of `interpolateNumber`s, `a * (1 - t) + b * t` per element;
 *   this computes the same.
 */
import { loadedD3Animation } from './d3-load';

type Point = readonly number[];

/** Interpolates two arrays of numbers element by element, as d3's generic `interpolate` does. */
export function interpolate(a: Point, b: Point): (t: number) => number[] {
  return (t) =>
    b.map((end, i) => {
      const start = a[i];
      return start === undefined ? end : start * (1 - t) + end * t;
    });
}

/** d3's smooth zoom between two views [x, y, width] once loaded; linear before. */
export function interpolateZoom(a: Point, b: Point): (t: number) => number[] {
  const real = loadedD3Animation()?.interpolate;
  if (real !== undefined)
    return real.interpolateZoom(a as [number, number, number], b as [number, number, number]);
  return interpolate(a, b);
}
