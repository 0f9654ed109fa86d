// The canvas toolbar's Find button; its search field (SearchPopover) loads the first time it opens.
import { lazy, Suspense, useCallback, useRef } from 'react';
import { useDismiss } from '../ui/use-dismiss';
import { ToolIcon, ZOOM_ICONS } from './CanvasToolbar';
import type { LabFlowNode } from './to-flow';

const SearchPopover = lazy(() => import('./SearchPopover').then((m) => ({ default: m.SearchPopover })));

export interface CanvasSearchProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The canvas's nodes, searched by their names. */
  nodes: readonly LabFlowNode[];
}

/** The Find button and, while open, the search field with its matches under the toolbar. */
export function CanvasSearch({ open, onOpenChange, nodes }: CanvasSearchProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const dismiss = useCallback(() => onOpenChange(false), [onOpenChange]);
  useDismiss(open, rootRef, dismiss);
  const close = useCallback(
    (refocus: boolean) => {
      onOpenChange(false);
      if (refocus) buttonRef.current?.focus();
    },
    [onOpenChange],
  );
  return (
    <div className="lab-search" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`lab-toolbar__button lab-toolbar__button--icon${open ? ' is-on' : ''}`}
        onClick={() => onOpenChange(!open)}
        aria-expanded={open}
        title="Find a component by name (Ctrl+F or /)"
        aria-label="Find a component"
        data-testid="canvas-find"
      >
        <ToolIcon d={ZOOM_ICONS.find} />
      </button>
      {open && (
        <Suspense fallback={null}>
          <SearchPopover nodes={nodes} onClose={close} />
        </Suspense>
      )}
    </div>
  );
}
