// Handles' pointer targets stop before other links' strokes (src/canvas/link-clearance.ts).
import { describe, expect, it } from 'vitest';
import { CLEAR_GAP, clearance, pathCorners, SegmentGrid, segmentsOf } from '../../src/canvas/link-clearance';

/** The largest target: 8 px into the card, 32 px outward, 20 px either side (a 40 px square). */
const REACH = { inner: 8, outer: 32, side: 20 };

describe('pathCorners', () => {
  it('reads a smooth-step path as its corners (Q control points are the bends)', () => {
    // @xyflow/system getSmoothStepPath: M start, L to 8 px before each bend, Q corner then 8 px after, L end.
    const d = 'M100 50L 100,62Q 100,70 108,70L 142,70Q 150,70 150,78L150 90';
    expect(pathCorners(d)).toEqual([
      { x: 100, y: 50 },
      { x: 100, y: 62 },
      { x: 100, y: 70 },
      { x: 142, y: 70 },
      { x: 150, y: 70 },
      { x: 150, y: 90 },
    ]);
    // A straight link: no bends.
    expect(pathCorners('M10 20L10 60')).toEqual([
      { x: 10, y: 20 },
      { x: 10, y: 60 },
    ]);
    expect(pathCorners('')).toEqual([]);
    // Anything else (an arc) ends the list where it starts.
    expect(pathCorners('M0 0L0 10A5 5 0 0 1 5 15L9 9')).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 10 },
    ]);
  });
});

describe('clearance', () => {
  // hb0's ports at fit zoom: port 1's dot at (100, 50), its link down to y 70 then right to rp1 at
  // x 150; the "+" handle's dot 36 px right of port 1, at (136, 50). Stroke half-width 1.5.
  const link = segmentsOf(pathCorners('M100 53L 100,62Q 100,70 108,70L 142,70Q 150,70 150,78L150 100'), 1.5);
  const margin = 1.5 + CLEAR_GAP;

  it('stops a "+" handle\'s target above a sibling link\'s horizontal run under it', () => {
    // The run at y 70 is 20 px below the "+" dot: the target may reach 20 − 3 = 17 px down.
    expect(clearance({ x: 136, y: 50 }, 'bottom', link, REACH)).toEqual({
      far: 20 - margin,
      left: null,
      right: null,
    });
  });

  it("leaves a handle's own link to the notch, but not its own link's horizontal run", () => {
    // Port 1's own vertical run from its dot is the notch's; the run at y 70 caps it the same way.
    expect(clearance({ x: 100, y: 50 }, 'bottom', link, REACH)).toEqual({
      far: 20 - margin,
      left: null,
      right: null,
    });
  });

  it('caps a side where a vertical run passes beside the dot', () => {
    // rp1's top dot at (150, 103): the link enters it from above (its own). A dot 12 px to the left of
    // that line at (138, 103) as a top handle: the line is 12 px right: right reach 12 − 3 = 9.
    expect(clearance({ x: 150, y: 103 }, 'top', link, REACH)).toEqual({
      far: 33 - margin,
      left: null,
      right: null,
    });
    expect(clearance({ x: 138, y: 103 }, 'top', link, REACH)).toEqual({
      far: 33 - margin,
      left: null,
      right: 12 - margin,
    });
  });

  it('ignores links out of reach and runs on the card side', () => {
    // 40 px below: beyond the 32 px reach plus the stroke.
    const far = segmentsOf(
      [
        { x: 0, y: 90 },
        { x: 300, y: 90 },
      ],
      1.5,
    );
    expect(clearance({ x: 136, y: 50 }, 'bottom', far, REACH)).toEqual({
      far: null,
      left: null,
      right: null,
    });
    // A run above a bottom handle (inside its card) does not cap it.
    const above = segmentsOf(
      [
        { x: 0, y: 45 },
        { x: 300, y: 45 },
      ],
      1.5,
    );
    expect(clearance({ x: 136, y: 50 }, 'bottom', above, REACH)).toEqual({
      far: null,
      left: null,
      right: null,
    });
    // A run that ends 30 px to the side of the dot (beyond 20 + 3).
    const beside = segmentsOf(
      [
        { x: 0, y: 60 },
        { x: 106, y: 60 },
      ],
      1.5,
    );
    expect(clearance({ x: 136, y: 50 }, 'bottom', beside, REACH)).toEqual({
      far: null,
      left: null,
      right: null,
    });
  });

  it('never reaches below zero: a line through the dot leaves only the card side', () => {
    const through = segmentsOf(
      [
        { x: 0, y: 51 },
        { x: 300, y: 51 },
      ],
      1.5,
    );
    expect(clearance({ x: 136, y: 50 }, 'bottom', through, REACH).far).toBe(0);
  });
});

describe('SegmentGrid', () => {
  it('finds a long run from any cell it crosses, each segment once', () => {
    const run = segmentsOf(
      [
        { x: 0, y: 70 },
        { x: 1000, y: 70 },
      ],
      1.5,
    );
    const grid = new SegmentGrid(run, 64);
    expect(grid.near({ x: 500, y: 60 })).toEqual(run);
    expect(grid.near({ x: 500, y: 300 })).toEqual([]);
  });
});
