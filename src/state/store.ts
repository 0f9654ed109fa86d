/**
 * The lab's UI store: the topology document being shown and what is selected on it. Created per app
 * instance by `createLabStore` (no module singleton), provided by `LabStoreProvider` and read through
 * `useLabStore(selector)`. Holds plain, serializable data only.
 */
import { createStore } from 'zustand/vanilla';
import type { LabFile } from '../lib/lab-file';

export type LabState = {
  /** The topology document on the canvas. */
  lab: LabFile;
  /** Canvas node id of the selected node: a component id or the CXL root's id; null when none. */
  selectedId: string | null;
};

export type LabActions = {
  select: (id: string | null) => void;
  /** Replaces the document (e.g. a preset) and clears the selection. */
  loadLab: (lab: LabFile) => void;
};

export type LabStoreState = LabState & LabActions;

export function createLabStore(initial: { lab: LabFile }) {
  return createStore<LabStoreState>()((set) => ({
    lab: initial.lab,
    selectedId: null,
    select: (id) => set({ selectedId: id }),
    loadLab: (lab) => set({ lab, selectedId: null }),
  }));
}

export type LabStore = ReturnType<typeof createLabStore>;
