/** What is selected on the canvas (shared by the canvas, the Inspector and the dock panels), and requests to frame nodes. */
import type { SelectionSlice, SliceCreator } from '../types.ts';

export function createSelectionSlice(): SliceCreator<SelectionSlice> {
  let seq = 0;
  return (set) => ({
    selectedId: null,
    select: (id) => set({ selectedId: id }),
    frameRequest: null,
    frameNodes: (ids, options) => {
      if (ids.length === 0) return;
      seq += 1;
      set({
        frameRequest: { ids: [...ids], seq },
        ...(options?.select === true ? { selectedId: ids[0] ?? null } : {}),
      });
    },
  });
}
