/** The canvas's keyboard shortcuts (Delete/Backspace are React Flow's; Ctrl+Z/Y are the app's). */
import { type Dispatch, type SetStateAction, useEffect } from 'react';
import { useLabStoreApi } from '../state/hooks';
import { isTextEntry } from './canvas-config';
import type { LabFlowNode } from './to-flow';

export interface ShortcutActions {
  copy: () => boolean;
  paste: () => void;
  zoomToFit: () => void;
  autoLayout: () => Promise<void>;
  setNodes: Dispatch<SetStateAction<LabFlowNode[]>>;
  setHelpOpen: Dispatch<SetStateAction<boolean>>;
  helpOpen: boolean;
  /** A dialog of the app's covers the canvas (its keys are the dialog's). */
  paused: boolean;
}

export function useCanvasShortcuts(a: ShortcutActions): void {
  const store = useLabStoreApi();
  const { copy, paste, zoomToFit, autoLayout, setNodes, setHelpOpen, helpOpen, paused } = a;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTextEntry(event.target) || event.altKey) return;
      if (document.querySelector('dialog[open]:not(.lab-help)') !== null || paused) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === '?' && !mod) {
        event.preventDefault();
        setHelpOpen((open) => !open);
      } else if (helpOpen) {
        return;
      } else if (mod && key === 'c') {
        if (copy()) event.preventDefault();
      } else if (mod && key === 'v') {
        event.preventDefault();
        paste();
      } else if (mod && key === 'd') {
        event.preventDefault();
        if (copy()) paste();
      } else if (mod && key === 'a') {
        event.preventDefault();
        setNodes((nds) => nds.map((n) => ({ ...n, selected: n.type !== 'cxl-root' })));
      } else if (!mod && !event.shiftKey && key === 'f') {
        zoomToFit();
      } else if (!mod && !event.shiftKey && key === 'l') {
        void autoLayout();
      } else if (event.key === 'Escape') {
        setNodes((nds) => nds.map((n) => (n.selected ? { ...n, selected: false } : n)));
        store.getState().select(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [copy, paste, zoomToFit, autoLayout, helpOpen, paused, store, setNodes, setHelpOpen]);
}
