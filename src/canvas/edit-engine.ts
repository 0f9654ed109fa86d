/**
 * The canvas's editing engine (topology edits and connection rules), loaded just after the first
 * paint so the initial bundle holds only what draws the canvas (`use-edit-engine.ts` loads it).
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
