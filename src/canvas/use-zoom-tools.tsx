/**
 * The canvas's tools for large labs, wired together for LabCanvas: level of detail (data-lod on the
 * canvas, the peek label), framing (zoom to selection / path, the store's frame requests), Find, and
 * their keys: Z zoom to selection, P zoom to path, Ctrl/⌘+F or / find.
 */
import { type FocusEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { CanvasSearch } from './CanvasSearch';
import { isTextEntry } from './canvas-config';
import { LodPeek, useLevelOfDetail, usePeekTarget } from './LodPeek';
import { LOD_STYLE, type Lod } from './lod';
import type { LabFlowNode } from './to-flow';
import { useFrameNodes, useFrameRequests, useZoomCommands, type ZoomCommands } from './use-frame';

export interface ZoomTools {
  lod: Lod;
  /** Spread on the canvas's wrapper element. */
  wrapper: {
    'data-lod': Lod;
    style: typeof LOD_STYLE;
    onFocus: (e: FocusEvent<HTMLElement>) => void;
    onBlur: () => void;
  };
  /** Spread on <ReactFlow>. */
  flow: {
    onNodeMouseEnter: (e: unknown, node: { id: string }) => void;
    onNodeMouseLeave: () => void;
  };
  /** The toolbar's zoom buttons and Find. */
  toolbar: { zoom: ZoomButtons; search: ReactNode };
  /** Rendered inside <ReactFlow>: the name of the card under the pointer or focus at low detail. */
  overlay: ReactNode;
}

type ZoomButtons = { onSelection: () => void; onPath: () => void; hasSelection: boolean; hasPath: boolean };

/** Z, P, Ctrl/⌘+F and / (not while typing, nor under a dialog, nor while `paused`). */
function useZoomKeys(zoom: ZoomCommands, openSearch: () => void, paused: boolean): void {
  const { zoomToSelection, zoomToPath } = zoom;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (paused || event.altKey || isTextEntry(event.target)) return;
      if (document.querySelector('dialog[open]') !== null) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if ((mod && !event.shiftKey && key === 'f') || (!mod && event.key === '/')) {
        event.preventDefault();
        openSearch();
      } else if (!mod && !event.shiftKey && key === 'z') {
        if (zoomToSelection()) event.preventDefault();
      } else if (!mod && !event.shiftKey && key === 'p') {
        if (zoomToPath()) event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [zoomToSelection, zoomToPath, openSearch, paused]);
}

export function useZoomTools(nodes: readonly LabFlowNode[], paused: boolean): ZoomTools {
  const lod = useLevelOfDetail();
  const peek = usePeekTarget();
  const frame = useFrameNodes();
  useFrameRequests(frame);
  const zoom = useZoomCommands(frame);
  const [searchOpen, setSearchOpen] = useState(false);
  const openSearch = useCallback(() => setSearchOpen(true), []);
  useZoomKeys(zoom, openSearch, paused);
  const { zoomToSelection, zoomToPath, hasSelection, hasPath } = zoom;
  return {
    lod,
    wrapper: { 'data-lod': lod, style: LOD_STYLE, onFocus: peek.onFocus, onBlur: peek.onBlur },
    flow: { onNodeMouseEnter: peek.onNodeMouseEnter, onNodeMouseLeave: peek.onNodeMouseLeave },
    toolbar: {
      zoom: {
        onSelection: () => void zoomToSelection(),
        onPath: () => void zoomToPath(),
        hasSelection,
        hasPath,
      },
      search: <CanvasSearch open={searchOpen} onOpenChange={setSearchOpen} nodes={nodes} />,
    },
    overlay: <LodPeek target={peek} lod={lod} />,
  };
}
