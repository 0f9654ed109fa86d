// The canvas's own toolbar: auto layout, fit, zoom to selection / path, find, regions, image export (its
// menu's code loads after the first paint), legend and help.
import './zoom-tools.css';
import type { ReactNode } from 'react';
import { LazyMenuButton } from '../ui/LazyMenuButton';

/** 16 × 16 toolbar icons: a selection box with a dot, and a path of hops from top to bottom. */
export const ZOOM_ICONS = {
  selection:
    'M1 1h4v1.5H2.5V5H1zM15 1v4h-1.5V2.5H11V1zM1 15v-4h1.5v2.5H5V15zM15 15h-4v-1.5h2.5V11H15zM8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5z',
  path: 'M6 1h4v3.5H8.75v2.25h3V9.5H13V13H9V9.5h1.25V8.25h-4.5V9.5H7V13H3V9.5h1.25V6.75h3V4.5H6z',
  find: 'M6.5 1a5.5 5.5 0 0 1 4.38 8.83l4.15 4.14-1.06 1.06-4.14-4.15A5.5 5.5 0 1 1 6.5 1zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
} as const;

export function ToolIcon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}

/** The canvas's own commands, top left: layout, fit, zoom to selection and path, find, regions, export, legend, help. */
export function CanvasToolbar({
  onLayout,
  onFit,
  zoom,
  search,
  onExport,
  legendOpen,
  onToggleLegend,
  onHelp,
  onRegions,
}: {
  onLayout: () => void;
  onFit: () => void;
  /** Zoom to the selection and to the decode path (each disabled while there is none). */
  zoom: { onSelection: () => void; onPath: () => void; hasSelection: boolean; hasPath: boolean };
  /** The Find button and its search field. */
  search: ReactNode;
  onExport: (format: 'png' | 'svg') => void;
  legendOpen: boolean;
  onToggleLegend: () => void;
  onHelp: () => void;
  onRegions: () => void;
}) {
  return (
    <div className="lab-toolbar" role="toolbar" aria-label="Canvas">
      <button
        type="button"
        className="lab-toolbar__button"
        onClick={onLayout}
        title="Auto layout (L)"
        data-testid="canvas-layout"
      >
        Auto layout
      </button>
      <button
        type="button"
        className="lab-toolbar__button"
        onClick={onFit}
        title="Zoom to fit (F)"
        data-testid="canvas-fit"
      >
        Fit
      </button>
      <button
        type="button"
        className="lab-toolbar__button lab-toolbar__button--icon"
        onClick={zoom.onSelection}
        disabled={!zoom.hasSelection}
        title="Zoom to the selection (Z)"
        aria-label="Zoom to selection"
        data-testid="canvas-zoom-selection"
      >
        <ToolIcon d={ZOOM_ICONS.selection} />
      </button>
      <button
        type="button"
        className="lab-toolbar__button lab-toolbar__button--icon"
        onClick={zoom.onPath}
        disabled={!zoom.hasPath}
        title={
          zoom.hasPath
            ? 'Zoom to the decode path of the access shown (P)'
            : 'Zoom to path: make an access first'
        }
        aria-label="Zoom to decode path"
        data-testid="canvas-zoom-path"
      >
        <ToolIcon d={ZOOM_ICONS.path} />
      </button>
      {search}
      <button
        type="button"
        className="lab-toolbar__button"
        onClick={onRegions}
        title="Create and destroy regions (cxl create-region)"
        data-testid="canvas-regions"
      >
        Regions
      </button>
      <LazyMenuButton
        label="Export"
        testId="canvas-export"
        items={[
          { id: 'png', label: 'PNG image', hint: '2× scale', onSelect: () => onExport('png') },
          { id: 'svg', label: 'SVG drawing', hint: 'vector', onSelect: () => onExport('svg') },
        ]}
      />
      <button
        type="button"
        className={`lab-toolbar__button${legendOpen ? ' is-on' : ''}`}
        onClick={onToggleLegend}
        aria-pressed={legendOpen}
        data-testid="canvas-legend-toggle"
      >
        Legend
      </button>
      <button
        type="button"
        className="lab-toolbar__button lab-toolbar__button--icon"
        onClick={onHelp}
        title="Keyboard shortcuts (?)"
        aria-label="Keyboard shortcuts"
        data-testid="canvas-help"
      >
        ?
      </button>
    </div>
  );
}
