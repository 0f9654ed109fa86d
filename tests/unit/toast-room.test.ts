// Where the toast stack may go so that it never covers the canvas or a lesson's panel (use-toast-room.ts).
import { describe, expect, it } from 'vitest';
import { roomBelow, toastRoom } from '../../src/app/use-toast-room';

describe('toastRoom', () => {
  it('goes beside the canvas when the Inspector column is open', () => {
    // 1440 wide, canvas ends at x 1120: 1440 − 1120 − 2 × 8 = 304 px beside it, 8 px from the edge.
    expect(toastRoom({ left: 180, right: 1120, bottom: 610 }, { width: 1440, height: 900 })).toEqual({
      width: 304,
      right: 8,
      maxHeight: null,
      over: 'side',
    });
    // A 300 px column: 1440 − 1140 − 16 = 284 px.
    expect(toastRoom({ left: 180, right: 1140, bottom: 610 }, { width: 1440, height: 900 }).width).toBe(284);
  });
  it("goes to the dock's foot, inside the canvas's column, no taller than the room under it, when the Inspector is collapsed", () => {
    // 1024 × 700, canvas from x 180 to 988 (a 36 px rail) and down to y 518: 700 − 518 − 16 = 166 px
    // high; right-aligned 8 px inside the column's right edge (1024 − 988 + 8 = 44 from the window's),
    // as wide as min(880, 988 − 180 − 16 = 792) = 792 (a wider toast is a shorter one).
    expect(toastRoom({ left: 180, right: 988, bottom: 518 }, { width: 1024, height: 700 })).toEqual({
      width: 792,
      right: 44,
      maxHeight: 166,
      over: 'dock',
    });
  });
  it('keeps room for one toast when the canvas fills the window (presentation mode)', () => {
    expect(toastRoom({ left: 0, right: 1024, bottom: 700 }, { width: 1024, height: 700 }).maxHeight).toBe(72);
  });
  it('stays left of an open lesson panel: in the Inspector column beside it at 1440 × 900', () => {
    // Columns 180 | canvas to 780 | Inspector 300 | lesson 360 from x 1080: 1080 − 780 − 16 = 284 px
    // wide, its right edge 8 px left of the lesson panel: 1440 − 1080 + 8 = 368 px from the window's.
    expect(toastRoom({ left: 180, right: 780, bottom: 610 }, { width: 1440, height: 900 }, 1080)).toEqual({
      width: 284,
      right: 368,
      maxHeight: null,
      over: 'side',
    });
  });
  it('stays left of an open lesson panel: below the canvas at 1024 × 700 (no Inspector column)', () => {
    // Columns 180 | canvas to 664 | lesson from x 664: nothing beside the canvas (664 − 664 − 16 < 220),
    // so below it: right 1024 − 664 + 8 = 368, width min(880, 664 − 180 − 16 = 468), 700 − 420 − 16 = 264 high.
    expect(toastRoom({ left: 180, right: 664, bottom: 420 }, { width: 1024, height: 700 }, 664)).toEqual({
      width: 468,
      right: 368,
      maxHeight: 264,
      over: 'dock',
    });
    // A narrow main column ends at x 400: 400 − 180 − 16 = 204 px wide.
    expect(toastRoom({ left: 180, right: 400, bottom: 420 }, { width: 760, height: 700 }, 400).width).toBe(
      204,
    );
  });
  it("is at most 880 px wide at the dock's foot of a wide window", () => {
    // 1920 wide, Inspector collapsed: canvas from 180 to 1884, 1884 − 180 − 16 = 1688 > 880.
    expect(toastRoom({ left: 180, right: 1884, bottom: 800 }, { width: 1920, height: 1080 }).width).toBe(880);
  });
  it('has nowhere to go before the canvas is there', () => {
    expect(toastRoom(null, { width: 1024, height: 700 })).toEqual({
      width: null,
      right: null,
      maxHeight: null,
      over: null,
    });
  });
});

describe('roomBelow', () => {
  it("keeps the stack's height and an 8 px gap above and below it; nothing for an empty stack", () => {
    expect(roomBelow(42)).toBe(42 + 16);
    expect(roomBelow(41.2)).toBe(42 + 16); // whole pixels, never less than the stack
    expect(roomBelow(0)).toBe(0);
  });
});
