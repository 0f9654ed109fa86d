// Where the toast stack may go so that it never covers the canvas (use-toast-room.ts).
import { describe, expect, it } from 'vitest';
import { toastRoom } from '../../src/app/use-toast-room';

describe('toastRoom', () => {
  it('goes beside the canvas when the Inspector column is open', () => {
    // 1440 wide, canvas ends at x 1120: 1440 − 1120 − 2 × 8 = 304 px beside it.
    expect(toastRoom({ right: 1120, bottom: 610 }, { width: 1440, height: 900 })).toEqual({
      width: 304,
      maxHeight: null,
    });
    // A 300 px column: 1440 − 1140 − 16 = 284 px.
    expect(toastRoom({ right: 1140, bottom: 610 }, { width: 1440, height: 900 }).width).toBe(284);
  });
  it('goes below the canvas, no taller than the room under it, when the Inspector is collapsed', () => {
    // 1024 × 700, canvas ends at x 988 (a 36 px rail) and y 518: 700 − 518 − 16 = 166 px high.
    expect(toastRoom({ right: 988, bottom: 518 }, { width: 1024, height: 700 })).toEqual({
      width: null,
      maxHeight: 166,
    });
  });
  it('keeps room for one toast when the canvas fills the window (presentation mode)', () => {
    expect(toastRoom({ right: 1024, bottom: 700 }, { width: 1024, height: 700 }).maxHeight).toBe(72);
  });
});
