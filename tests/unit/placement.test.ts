/**
 * Where dropped and added components go (src/canvas/placement.ts): at the asked-for spot when it is
 * free, otherwise the nearest spot that overlaps no node, checked against an independent brute-force
 * search over a grid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeSpot, nodeAtPoint, type Rect } from '../../src/canvas/placement.ts';

/** Whether a and b, each grown by gap on every side between them, share any area. */
function clash(a: Rect, b: Rect, gap: number): boolean {
  return !(
    a.x + a.width + gap <= b.x ||
    b.x + b.width + gap <= a.x ||
    a.y + a.height + gap <= b.y ||
    b.y + b.height + gap <= a.y
  );
}

const rect = fc.record({
  x: fc.integer({ min: -400, max: 400 }),
  y: fc.integer({ min: -400, max: 400 }),
  width: fc.integer({ min: 20, max: 200 }),
  height: fc.integer({ min: 20, max: 120 }),
});

describe('freeSpot', () => {
  const device = { width: 188, height: 96 };

  it('keeps the asked-for spot when nothing is there', () => {
    const others = [{ x: 0, y: 0, width: 188, height: 96 }];
    expect(freeSpot({ x: 300, y: 0, ...device }, others)).toEqual({ x: 300, y: 0 });
  });

  it('nudges a device dropped on another to the nearest side (worked by hand)', () => {
    // Another device at (0,0) 188×96; the new one asked for (20,10). With a 16 px gap the free
    // spots flush against it are: left x = 0 − 188 − 16 = −204 (moves 224), right x = 188 + 16 = 204
    // (moves 184), above y = 0 − 96 − 16 = −112 (moves 122), below y = 96 + 16 = 112 (moves 102).
    // Below is nearest: (20, 112).
    const others = [{ x: 0, y: 0, width: 188, height: 96 }];
    expect(freeSpot({ x: 20, y: 10, ...device }, others)).toEqual({ x: 20, y: 112 });
  });

  it('steps past a second node in the way (worked by hand)', () => {
    // Below (20,112) is now taken by a node at (0,120): the next nearest is above, y = −112 (122 away).
    const others = [
      { x: 0, y: 0, width: 188, height: 96 },
      { x: 0, y: 120, width: 188, height: 96 },
    ];
    expect(freeSpot({ x: 20, y: 10, ...device }, others)).toEqual({ x: 20, y: -112 });
  });

  it('never overlaps a node, and is never farther than the nearest free grid point', () => {
    fc.assert(
      fc.property(
        rect,
        fc.array(rect, { maxLength: 25 }),
        fc.integer({ min: 0, max: 24 }),
        (want, others, gap) => {
          const spot = freeSpot(want, others, gap);
          const placed = { ...spot, width: want.width, height: want.height };
          for (const o of others) expect(clash(placed, o, gap)).toBe(false);
          // Independent reference: the nearest free point of an 8 px grid around the asked-for spot.
          const d = Math.hypot(spot.x - want.x, spot.y - want.y);
          let best = Number.POSITIVE_INFINITY;
          for (let dx = -1200; dx <= 1200; dx += 8) {
            for (let dy = -1200; dy <= 1200; dy += 8) {
              const r = { x: want.x + dx, y: want.y + dy, width: want.width, height: want.height };
              if (others.every((o) => !clash(r, o, gap))) best = Math.min(best, Math.hypot(dx, dy));
            }
          }
          expect(d).toBeLessThanOrEqual(best + 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prefers a free spot inside the visible area (worked by hand)', () => {
    // Visible: x −300…500, y −20…200. Below the node (y 112…208) runs past 200 and above
    // (y −112) starts before −20, so neither is inside; of the sides, right (x 204, 184 away) is
    // nearer than left (x −204, 224 away), and x 204…392, y 10…106 is inside.
    const others = [{ x: 0, y: 0, width: 188, height: 96 }];
    const within = { x: -300, y: -20, width: 800, height: 220 };
    expect(freeSpot({ x: 20, y: 10, ...device }, others, 16, within)).toEqual({ x: 204, y: 10 });
    // With room below, below it is.
    expect(freeSpot({ x: 20, y: 10, ...device }, others, 16, { ...within, height: 400 })).toEqual({
      x: 20,
      y: 112,
    });
  });

  it('places several drops at the same point without overlapping each other', () => {
    const placed: Rect[] = [];
    for (let i = 0; i < 12; i++) {
      const spot = freeSpot({ x: 100, y: 100, ...device }, placed);
      placed.push({ ...spot, ...device });
    }
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(clash(placed[i] as Rect, placed[j] as Rect, 16)).toBe(false);
  });
});

describe('nodeAtPoint', () => {
  const nodes = [
    { id: 'rp0', position: { x: 0, y: 0 }, width: 112, height: 40 },
    { id: 'mem0', position: { x: 50, y: 20 }, measured: { width: 188, height: 96 } },
  ];
  it('finds the topmost node under a point, skipping the dragged one', () => {
    expect(nodeAtPoint({ x: 60, y: 30 }, nodes, new Set())).toBe('mem0');
    expect(nodeAtPoint({ x: 60, y: 30 }, nodes, new Set(['mem0']))).toBe('rp0');
    expect(nodeAtPoint({ x: 500, y: 500 }, nodes, new Set())).toBeNull();
  });
});
