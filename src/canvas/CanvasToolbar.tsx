// The canvas's own toolbar: auto layout, fit, regions, image export (its menu's code loads after the
// first paint), legend and help.
import { LazyMenuButton } from '../ui/LazyMenuButton';

/** The canvas's own commands, top left: layout, fit, regions, export, legend, help. */
export function CanvasToolbar({
  onLayout,
  onFit,
  onExport,
  legendOpen,
  onToggleLegend,
  onHelp,
  onRegions,
}: {
  onLayout: () => void;
  onFit: () => void;
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
