/**
 * Framing nodes on the canvas: `useFrameNodes()` zooms the view so a set of nodes fills it (inside the
 * fit padding that keeps overlays clear); `useFrameRequests` carries out the store's `frameNodes(ids)`
 * requests from outside the canvas (decode bar, findings); `useZoomCommands` is zoom to path / selection.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { type RefObject, useCallback, useEffect } from 'react';
import { ROOT_NODE_ID } from '../lib/ids';
import { pathNodeIds, stepShapes } from '../lib/step-shapes';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { FIT_VIEW_OPTIONS } from './canvas-config';
import { hostNodeMap } from './fabric/fabric-node-map';
import { type Box, boundsOf, framedIds, paddingPx, viewportFor } from './frame-math';
import { lodMinZoom } from './lod';

/** Framing never zooms in further than this (one small card would otherwise fill a projector). */
export const FRAME_MAX_ZOOM = 1.5;

/** Frames nodes by id; false when none of them is on the canvas. */
export type FrameNodes = (ids: readonly string[]) => boolean;

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Zooms and pans so the nodes `ids` fill the canvas inside its fit padding, centred, at most
 * FRAME_MAX_ZOOM. The CXL root is left out when it sits so far to the side (a large lab's root is
 * centred over all its host bridges) that keeping it would make the other cards unreadable.
 */
export function useFrameNodes(): FrameNodes {
  const { getInternalNode, setViewport } = useReactFlow();
  const flowStore = useStoreApi();
  const labStore = useLabStoreApi();
  return useCallback(
    (componentIds) => {
      // A multi-host lab names the focused host's components, drawn under namespaced node ids.
      const fabric = labStore.getState().view?.fabric;
      const nodeOf = fabric === undefined ? null : hostNodeMap(fabric, fabric.focus);
      const ids = nodeOf === null ? componentIds : componentIds.map((id) => nodeOf.get(id) ?? id);
      const rootId = nodeOf?.get(ROOT_NODE_ID) ?? ROOT_NODE_ID;
      const { width, height, minZoom } = flowStore.getState();
      const boxes = new Map<string, Box>();
      for (const id of ids) {
        const n = getInternalNode(id);
        if (n === undefined) continue;
        const p = n.internals.positionAbsolute;
        const w = n.measured.width ?? n.width ?? 0;
        const h = n.measured.height ?? n.height ?? 0;
        boxes.set(id, { x: p.x, y: p.y, width: w, height: h });
      }
      const pane = { width, height };
      const insets = paddingPx(FIT_VIEW_OPTIONS.padding, width, height);
      const zoomOf = (b: Box) => viewportFor(b, pane, insets, minZoom, FRAME_MAX_ZOOM).zoom;
      const chosen = framedIds(boxes, ids, rootId, zoomOf, lodMinZoom('compact'));
      const bounds = boundsOf(chosen.flatMap((id) => boxes.get(id) ?? []));
      if (bounds === null) return false;
      const vp = viewportFor(bounds, pane, insets, minZoom, FRAME_MAX_ZOOM);
      void setViewport(vp, { duration: reducedMotion() ? 0 : 250 });
      return true;
    },
    [flowStore, labStore, getInternalNode, setViewport],
  );
}

/**
 * Carries out `frameNodes` requests made through the store (by panels outside the canvas). `done`
 * is the last request handled, kept by the canvas: a request made before this hook mounts (it loads
 * after the first paint) is carried out when it does.
 */
export function useFrameRequests(frame: FrameNodes, done: RefObject<number>): void {
  const request = useLabStore((s) => s.frameRequest);
  useEffect(() => {
    if (request === null || request.seq === done.current) return;
    done.current = request.seq;
    // After the selection (if any) has reached the canvas.
    requestAnimationFrame(() => frame(request.ids));
  }, [request, frame, done]);
}

export interface ZoomCommands {
  /** Frames the hops of the access shown in the decode bar; false when there is none. */
  zoomToPath: () => boolean;
  /** Frames the selected nodes; false when nothing is selected. */
  zoomToSelection: () => boolean;
  hasPath: boolean;
  hasSelection: boolean;
}

/** Zoom to the decode path and zoom to the selection. */
export function useZoomCommands(frame: FrameNodes): ZoomCommands {
  const store = useLabStoreApi();
  const { getNodes } = useReactFlow();
  const hasPath = useLabStore((s) => s.animation !== null);
  const hasSelection = useLabStore((s) => s.selectedId !== null);
  const zoomToPath = useCallback(() => {
    const a = store.getState().animation;
    return a !== null && frame(pathNodeIds(stepShapes(a.trace)));
  }, [store, frame]);
  const zoomToSelection = useCallback(() => {
    const picked = getNodes()
      .filter((n) => n.selected)
      .map((n) => n.id);
    const primary = store.getState().selectedId;
    const ids = picked.length > 0 ? picked : primary === null ? [] : [primary];
    return ids.length > 0 && frame(ids);
  }, [store, frame, getNodes]);
  return { zoomToPath, zoomToSelection, hasPath, hasSelection };
}
