// Loads and mounts the canvas's editing layer (`CanvasEdits.tsx`); `deferred-edits.ts` holds edits until then.
import { deferred } from '../lib/deferred';
import { useDeferred } from '../ui/use-deferred';
import type { CanvasEditsProps } from './CanvasEdits';

export const canvasEdits = deferred(() => import('./CanvasEdits'));

/** Starts loading the editing layer (once); for edits made before it has arrived. */
export const loadCanvasEdits = (): Promise<unknown> => canvasEdits.load();

export function CanvasEditsSlot(props: CanvasEditsProps) {
  const mod = useDeferred(canvasEdits);
  return mod === null ? null : <mod.CanvasEdits {...props} />;
}
