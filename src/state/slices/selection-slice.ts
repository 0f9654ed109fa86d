/** What is selected on the canvas (shared by the canvas, the Inspector and the dock panels). */
import type { SelectionSlice, SliceCreator } from '../types.ts';

export function createSelectionSlice(): SliceCreator<SelectionSlice> {
  return (set) => ({
    selectedId: null,
    select: (id) => set({ selectedId: id }),
  });
}
