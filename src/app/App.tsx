// The app's root component: the lab store around the shell (header, palette, canvas, dock, inspector),
// undo/redo keys and opening a dropped file as a lab.
import '../ui/theme.css';
import './shell.css';
import { useEffect, useState } from 'react';
import { LabCanvas } from '../canvas/LabCanvas';
import { DecodeBar } from '../panels/DecodeBar';
import { Dock } from '../panels/Dock';
import { Inspector } from '../panels/Inspector';
import { OperationBar } from '../panels/OperationBar';
import { Palette } from '../panels/Palette';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { AppHeader } from './AppHeader';
import { Banners } from './Banners';
import { EmbedApp } from './EmbedShell';
import { isEmbedMode } from './embed';
import { readFileBytes } from './file-io';
import { useShareLinkFromLocation } from './interop-actions';
import { LabStoreProvider } from './LabStoreProvider';
import { LabsDialog } from './LabsDialog';
import { SaveConflictBanner } from './SaveConflictBanner';

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target.tagName === 'INPUT' ||
      target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT')
  );
}

/** Ctrl+Z undo; Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS). Text fields keep their own undo. */
function useHistoryShortcuts(): void {
  const store = useLabStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTextEntry(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        void store.getState().undo();
      } else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) {
        event.preventDefault();
        void store.getState().redo();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

/** A file dragged anywhere over the page shows the drop overlay; dropping it opens it as a lab. */
function useFileDrop(onFile: (file: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file !== undefined) onFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [onFile]);
  return dragging;
}

/** The lab's shell: header, palette | canvas + dock | inspector; a dropped file opens as a lab. */
function Shell() {
  useHistoryShortcuts();
  useShareLinkFromLocation(true);
  const store = useLabStoreApi();
  const status = useLabStore((s) => s.status);
  const [openDropped] = useState(
    () => (file: File) =>
      void readFileBytes(file).then((bytes) => store.getState().openFile(file.name, bytes)),
  );
  const dragging = useFileDrop(openDropped);

  return (
    <div className="app-shell" data-status={status}>
      <AppHeader />
      <Palette />
      <main className="app-main">
        <Banners />
        <SaveConflictBanner />
        <LabCanvas />
        <DecodeBar />
        <OperationBar />
        <Dock />
      </main>
      <Inspector />
      <LabsDialog />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-overlay__card">Drop a cxl-lab/1 file to open it as a new lab</div>
        </div>
      )}
    </div>
  );
}

/** The app: one lab store (worker, saved labs) around the shell. */
export function App() {
  if (isEmbedMode()) return <EmbedApp />;
  return (
    <LabStoreProvider>
      <Shell />
    </LabStoreProvider>
  );
}
