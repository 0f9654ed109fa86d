/**
 * The side Inspector and the bottom dock as the shell mounts them: each loads after the first paint,
 * in a placeholder of the same size and heading, so the initial bundle holds only the canvas.
 */
import { lazy, Suspense } from 'react';
import { useLabStore } from '../state/hooks';
import { PanelHeader } from '../ui/PanelHeader';

const Inspector = lazy(() => import('./Inspector').then((m) => ({ default: m.Inspector })));
const Dock = lazy(() => import('./Dock').then((m) => ({ default: m.Dock })));

function InspectorPlaceholder() {
  return (
    <aside className="inspector" aria-labelledby="inspector-title" aria-busy="true">
      <PanelHeader title="Inspector" id="inspector-title" />
      <div className="inspector__body">
        <p className="inspector__hint">Starting the emulator…</p>
      </div>
    </aside>
  );
}

export function InspectorSlot() {
  return (
    <Suspense fallback={<InspectorPlaceholder />}>
      <Inspector />
    </Suspense>
  );
}

/** Holds the dock's place (same height) while its code loads, so the canvas does not jump. */
function DockPlaceholder() {
  const open = useLabStore((s) => s.dockOpen);
  const height = useLabStore((s) => s.dockHeight);
  return (
    <section
      className={open ? 'dock' : 'dock is-collapsed'}
      style={open ? { flexBasis: height } : undefined}
      aria-label="Panels"
      aria-busy="true"
    />
  );
}

export function DockSlot() {
  return (
    <Suspense fallback={<DockPlaceholder />}>
      <Dock />
    </Suspense>
  );
}
