/** Selectors shared by components (read the store through these or inline ones, never whole). */
import type { DecoderState, LabView, TopologySpec } from '../worker/protocol.ts';
import type { LabStoreState } from './types.ts';

const NO_DECODERS: Readonly<Record<string, readonly DecoderState[]>> = {};

export const selectView = (s: LabStoreState): LabView | null => s.view;
export const selectSpec = (s: LabStoreState): TopologySpec | null => s.view?.spec ?? null;
export const selectDecoders = (s: LabStoreState): Readonly<Record<string, readonly DecoderState[]>> =>
  s.view?.decoders ?? NO_DECODERS;
export const selectCanUndo = (s: LabStoreState): boolean => s.past.length > 0 && s.status === 'ready';
export const selectCanRedo = (s: LabStoreState): boolean => s.future.length > 0 && s.status === 'ready';
/** The first window's base: where the access console's address fields start. */
export const selectFirstWindowBase = (s: LabStoreState): number | null =>
  s.view?.spec.windows[0]?.base ?? null;
