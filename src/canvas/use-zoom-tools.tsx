/**
 * The canvas's tools for large labs, wired together for LabCanvas: level of detail (data-lod on the
 * canvas, the peek label), framing (zoom to selection / path, the store's frame requests), Find, and
 * their keys: Z zoom to selection, P zoom to path, Ctrl/⌘+F or / find. The keys and the level of
 * detail are here from the first paint; framing, the peek label and Find's field load after it
 * (`ZoomLayer.tsx`), and a key or button pressed before then acts once they arrive.
 */
import { type FocusEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { deferred } from '../lib/deferred';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { useFocusHandOver } from '../ui/MenuStandIn';
import { useDeferred } from '../ui/use-deferred';
import { ToolIcon, ZOOM_ICONS } from './CanvasToolbar';
import { isTextEntry } from './canvas-config';
import { LOD_STYLE, type Lod } from './lod';
import type { LabFlowNode } from './to-flow';
import type { ZoomCommands } from './use-frame';
import { type PeekTarget, useLevelOfDetail, usePeekTarget } from './use-lod';

export const zoomLayer = deferred(() => import('./ZoomLayer'));

/** Starts loading the zoom layer (once); on idle after the first paint and at the first use. */
export const loadZoomLayer = (): Promise<unknown> => zoomLayer.load();

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
  /** Rendered inside <ReactFlow>: the zoom layer and the peek label. */
  overlay: ReactNode;
}

type ZoomButtons = { onSelection: () => void; onPath: () => void; hasSelection: boolean; hasPath: boolean };
type Frame = Pick<ZoomCommands, 'zoomToPath' | 'zoomToSelection'>;

/**
 * Stable zoom commands forwarding to the layer's once published. Before that, a command with
 * something to frame (a selection, an access shown) waits, starts the load, and runs on arrival.
 */
function useDeferredFrame(): { zoom: Frame; publish: (real: Frame) => void } {
  const store = useLabStoreApi();
  const [forward] = useState(() => {
    let real: Frame | null = null;
    const waiting: (keyof Frame)[] = [];
    const command = (name: keyof Frame, possible: () => boolean) => () => {
      if (real !== null) return real[name]();
      if (!possible()) return false;
      waiting.push(name);
      loadZoomLayer().catch(() => undefined); // tried again on the next press
      return true;
    };
    const zoom: Frame = {
      zoomToPath: command('zoomToPath', () => store.getState().animation !== null),
      zoomToSelection: command('zoomToSelection', () => store.getState().selectedId !== null),
    };
    const publish = (next: Frame) => {
      real = next;
      for (let name = waiting.shift(); name !== undefined; name = waiting.shift()) next[name]();
    };
    return { zoom, publish };
  });
  return forward;
}

/** Z, P, Ctrl/⌘+F and / (not while typing, nor under a dialog, nor while `paused`). */
function useZoomKeys(zoom: Frame, openSearch: () => void, paused: boolean): void {
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

interface FindProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  nodes: readonly LabFlowNode[];
}

/** Find: the same button until the search's code is here (opened meanwhile, it opens on arrival). */
function FindSlot({ open, onOpenChange, nodes }: FindProps) {
  const mod = useDeferred(zoomLayer);
  useFocusHandOver(FIND_IDS, mod !== null);
  useEffect(() => {
    if (open && mod === null) loadZoomLayer().catch(() => onOpenChange(false));
  }, [open, mod, onOpenChange]);
  if (mod !== null) return <mod.CanvasSearch open={open} onOpenChange={onOpenChange} nodes={nodes} />;
  return (
    <div className="lab-search">
      <button
        type="button"
        className="lab-toolbar__button lab-toolbar__button--icon"
        onClick={() => onOpenChange(true)}
        aria-expanded={false}
        title="Find a component by name (Ctrl+F or /)"
        aria-label="Find a component"
        data-testid="canvas-find"
      >
        <ToolIcon d={ZOOM_ICONS.find} />
      </button>
    </div>
  );
}

const FIND_IDS = ['canvas-find'];

/** Inside <ReactFlow>: the zoom layer and the peek label, once their code is here. */
function ZoomOverlay(props: {
  target: PeekTarget;
  lod: Lod;
  done: { current: number };
  publish: (zoom: Frame) => void;
}) {
  const mod = useDeferred(zoomLayer);
  const request = useLabStore((s) => s.frameRequest);
  useEffect(() => {
    if (request !== null && mod === null) loadZoomLayer().catch(() => undefined);
  }, [request, mod]);
  if (mod === null) return null;
  return (
    <>
      <mod.ZoomLayer done={props.done} publish={props.publish} />
      <mod.LodPeek target={props.target} lod={props.lod} />
    </>
  );
}

export function useZoomTools(nodes: readonly LabFlowNode[], paused: boolean): ZoomTools {
  const lod = useLevelOfDetail();
  const peek = usePeekTarget();
  const { zoom, publish } = useDeferredFrame();
  const store = useLabStoreApi();
  // Requests made before the canvas mounted are not this canvas's to carry out.
  const [done] = useState(() => ({ current: store.getState().frameRequest?.seq ?? 0 }));
  const hasPath = useLabStore((s) => s.animation !== null);
  const hasSelection = useLabStore((s) => s.selectedId !== null);
  const [searchOpen, setSearchOpen] = useState(false);
  const openSearch = useCallback(() => setSearchOpen(true), []);
  useZoomKeys(zoom, openSearch, paused);
  const { zoomToSelection, zoomToPath } = zoom;
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
      search: <FindSlot open={searchOpen} onOpenChange={setSearchOpen} nodes={nodes} />,
    },
    overlay: <ZoomOverlay target={peek} lod={lod} done={done} publish={publish} />,
  };
}
