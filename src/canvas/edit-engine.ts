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
