// The canvas's own toolbar: auto layout, fit, zoom to selection / path, find, regions, image export, legend and help.
import type { ReactNode } from 'react';
import { MenuButton } from '../ui/MenuButton';

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
        className="lab-toolbar__button"
        onClick={zoom.onSelection}
        disabled={!zoom.hasSelection}
        title="Zoom to the selection (Z)"
        aria-label="Zoom to selection"
        data-testid="canvas-zoom-selection"
      >
        Selection
      </button>
      <button
        type="button"
        className="lab-toolbar__button"
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
        Path
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
      <MenuButton
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
