/** Loads the editing engine once, when the canvas first mounts; null until it has arrived. */
import { useEffect, useState } from 'react';

export type EditEngine = typeof import('./edit-engine');

let loading: Promise<EditEngine> | null = null;

export function loadEditEngine(): Promise<EditEngine> {
  loading ??= import('./edit-engine');
  return loading;
}

export function useEditEngine(): EditEngine | null {
  const [engine, setEngine] = useState<EditEngine | null>(null);
  useEffect(() => {
    let live = true;
    void loadEditEngine().then((e) => {
      if (live) setEngine(e);
    });
    return () => {
      live = false;
    };
  }, []);
  return engine;
}
