/**
 * The canvas's editing engine (topology edits and connection rules), loaded after the first paint
 * with the editing hooks (`CanvasEdits.tsx`), so the initial bundle holds only what draws the canvas.
 */
export {
  addComponent,
  addWindow,
  clearPositions,
  connect,
  copyComponents,
  disconnect,
  pasteComponents,
  removeComponents,
  setPositions,
} from '../lib/topology-edits';
export { checkConnection, connectGraph } from './connect-rules';
export { parentChoices, reparent } from './reparent';

/** The engine's type, for the hooks that are handed it once it has loaded. */
export type EditEngine = typeof import('./edit-engine');
