/**
 * The canvas's editing engine's type (`CanvasEdits.tsx` loads the engine with the editing hooks), and
 * a hook that loads it for controls outside those hooks (a context menu's Delete).
 */
import { useEffect, useState } from 'react';

export type EditEngine = typeof import('./edit-engine');

/** The engine once its chunk has arrived (loaded on first use of the calling control), else null. */
export function useEditEngine(): EditEngine | null {
  const [engine, setEngine] = useState<EditEngine | null>(null);
  useEffect(() => {
    let live = true;
    void import('./edit-engine').then((m) => {
      if (live) setEngine(m);
    });
    return () => {
      live = false;
    };
  }, []);
  return engine;
}
