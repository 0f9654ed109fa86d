// The app's root component: the lab store around the shell (header, palette, canvas, dock, inspector),
// undo/redo keys and opening a dropped file as a lab.
import '../ui/theme.css';
import './shell.css';
import { lazy, Suspense, useEffect, useState } from 'react';
import { isTextEntry } from '../canvas/canvas-config';
import { readFileBytes } from '../lib/file-io';
import { DecodeAnnouncer } from '../panels/DecodeAnnouncer';
import { DecodeBarSlot } from '../panels/DecodeBarSlot';
import { OperationBar } from '../panels/OperationBar';
import { Palette } from '../panels/Palette';
import { DockSlot, InspectorSlot } from '../panels/PanelSlots';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { AppHeader } from './AppHeader';
import { CollapsibleSide } from './CollapsibleSide';
import { isEmbedMode } from './embed';
import { LabCanvasArea } from './LabCanvasArea';
import { LabStoreProvider } from './LabStoreProvider';
import { PresentationBar, PresentButton } from './PresentationControls';
import { usePrefetchAfterFirstPaint } from './prefetch';
import { usePresentation } from './presentation';
import { useResumeLesson, useShareLinkFromLocation } from './share-location';
import { useSideLayout } from './shell-layout';
import { ToastStackSlot } from './ToastStackSlot';
import { useShellShortcuts } from './use-shell-shortcuts';

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

const EmbedApp = lazy(() => import('./EmbedShell').then((m) => ({ default: m.EmbedApp })));
const LabsDialog = lazy(() => import('./LabsDialog').then((m) => ({ default: m.LabsDialog })));

const LessonsDialog = lazy(() => import('./LessonsDialog').then((m) => ({ default: m.LessonsDialog })));

const LessonPanel = lazy(() => import('./LessonPanel').then((m) => ({ default: m.LessonPanel })));

/** The running lesson's side panel, loaded when a lesson starts. */
function LessonPanelSlot() {
  const open = useLabStore((s) => s.lesson !== null);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <LessonPanel />
    </Suspense>
  );
}

/** Header ▸ Lessons, loaded the first time it opens. */
function LessonsDialogHost() {
  const open = useLabStore((s) => s.lessonsDialogOpen);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <LessonsDialog />
    </Suspense>
  );
}

/** File ▸ Labs…, loaded the first time it opens. */
function LabsDialogHost() {
  const open = useLabStore((s) => s.labsDialogOpen);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <LabsDialog />
    </Suspense>
  );
}

/** The shell grid's classes: lesson panel, collapsed sides, presentation mode. */
function useShellClass(inLesson: boolean, presenting: boolean): string {
  const sides = useSideLayout();
  return [
    'app-shell',
    inLesson && 'app-shell--lesson',
    sides.palette && 'app-shell--palette-collapsed',
    sides.inspector && 'app-shell--inspector-collapsed',
    presenting && 'app-shell--present',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The lab's shell: header, palette | canvas + dock | inspector; a dropped file opens as a lab. The side
 * panels collapse ([ and ]); presentation mode (Shift+P) leaves only the canvas and the decode bar.
 */
function Shell() {
  useHistoryShortcuts();
  useShareLinkFromLocation(true);
  usePrefetchAfterFirstPaint();
  useResumeLesson();
  const store = useLabStoreApi();
  const status = useLabStore((s) => s.status);
  const inLesson = useLabStore((s) => s.lesson !== null);
  const labName = useLabStore((s) => s.labName);
  const presentation = usePresentation();
  useShellShortcuts(presentation.toggle);
  const [openDropped] = useState(
    () => (file: File) =>
      void readFileBytes(file).then((bytes) => store.getState().openFile(file.name, bytes)),
  );
  const dragging = useFileDrop(openDropped);
  const { presenting } = presentation;

  return (
    <div className={useShellClass(inLesson, presenting)} data-status={status} data-presenting={presenting}>
      <AppHeader actions={<PresentButton onPresent={presentation.enter} />} />
      <CollapsibleSide side="palette">
        <Palette />
      </CollapsibleSide>
      <main className="app-main">
        {presenting && (
          <PresentationBar
            labName={labName}
            fullscreen={presentation.fullscreen}
            onLeave={presentation.leave}
          />
        )}
        <LabCanvasArea presenting={presenting} />
        <DecodeBarSlot />
        <DecodeAnnouncer />
        <OperationBar />
        <DockSlot />
      </main>
      <CollapsibleSide side="inspector">
        <InspectorSlot />
      </CollapsibleSide>
      <LessonPanelSlot />
      <LabsDialogHost />
      <LessonsDialogHost />
      <ToastStackSlot />
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
  if (isEmbedMode()) {
    return (
      <Suspense fallback={null}>
        <EmbedApp />
      </Suspense>
    );
  }
  return (
    <LabStoreProvider>
      <Shell />
    </LabStoreProvider>
  );
}
