/**
 * How the palette hands components to the canvas: drags carry the kind under `PALETTE_MIME`; a
 * click asks the canvas (which knows the selection and the viewport) to add one. The palette and
 * the canvas never import each other; both use this.
 */
import type { ComponentKind } from '../cxl/topology/model.ts';

export const PALETTE_MIME = 'application/x-cxl-lab-component';

/** The palette's extra entry: a host bridge with `restricted: true` (`rch-edits.ts` builds it). */
export const RCH_ITEM = 'rch';

/** A palette entry: a component kind, or a CXL 1.1 restricted host (a host bridge with `restricted`). */
export type PaletteItem = ComponentKind | typeof RCH_ITEM;

type Listener = (kind: PaletteItem) => void;
const listeners = new Set<Listener>();

/** The palette asks for a component of `kind` (a click). */
export function requestAdd(kind: PaletteItem): void {
  for (const l of listeners) l(kind);
}

/** The canvas handles add requests; returns the unsubscribe function. */
export function onAddRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const KINDS: readonly ComponentKind[] = ['host-bridge', 'root-port', 'switch', 'downstream-port', 'type3'];

export function isComponentKind(s: string): s is ComponentKind {
  return (KINDS as readonly string[]).includes(s);
}

export function isPaletteItem(s: string): s is PaletteItem {
  return s === RCH_ITEM || isComponentKind(s);
}
