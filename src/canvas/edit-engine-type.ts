// The canvas's editing engine's type (`CanvasEdits.tsx` loads the engine with the editing hooks), for
// the hooks that are handed it; a type only, so importing it loads nothing.
export type EditEngine = typeof import('./edit-engine');
