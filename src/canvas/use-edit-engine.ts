/** The canvas's editing engine's type (`CanvasEdits.tsx` loads the engine with the editing hooks). */
export type EditEngine = typeof import('./edit-engine');
