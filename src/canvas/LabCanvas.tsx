/**
 * The topology canvas: React Flow over the worker's view, composed from hooks (flow sync, edits,
 * clipboard, shortcuts, image export; its messages go to the app's toast stack); the edits and
 * clipboard load after the first paint (`deferred-edits.ts`). Dialogs of the app (Regions) are the app's to mount.
 */
import '@xyflow/react/dist/style.css';
import './canvas.css';
import './lod.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLabStore } from '../state/hooks';
import { selectView } from '../state/selectors';
import { useDeferred } from '../ui/use-deferred';
import { CanvasEditsSlot, loadCanvasEdits } from './CanvasEditsSlot';
import { CanvasToolbar } from './CanvasToolbar';
import {
  CULL_FROM_NODES,
  CULL_FROM_ZOOM,
  DELETE_KEYS,
  FIT_VIEW_OPTIONS,
  PRESENT_MAX_ZOOM,
} from './canvas-config';
import { useDeferredEdits } from './deferred-edits';
import { fabricCanvas } from './fabric/fabric-slot';
import { multiHostEdits } from './fabric/multi-host-edits';
import { Legend, useHostLegend } from './Legend';
import { CANVAS_ARIA_LABELS, useLinkKeys } from './link-keys';
import { NextStepSlot } from './NextStepSlot';
import { edgeTypes, nodeTypes } from './node-types';
import { UnplacedTraySlot } from './UnplacedTraySlot';
import { useCanvasShortcuts } from './use-canvas-shortcuts';
import { useCanvasToast } from './use-canvas-toast';
import { useColorMode } from './use-color-mode';
import { useFlowSync } from './use-flow-sync';
import { useImageExport } from './use-image-export';
import { useRefitOnResize } from './use-refit-on-resize';
import { useZoomTools } from './use-zoom-tools';

// The credit React Flow asks for is a link in the bar above the canvas, not a mark over the drawing.
const PRO_OPTIONS = { hideAttribution: true };
// The decode path animation loads the first time an access is traced or the address map focuses something.
const HelpDialog = lazy(() => import('./HelpDialog').then((m) => ({ default: m.HelpDialog })));
const DecodeAnimation = lazy(() => import('./DecodeAnimation').then((m) => ({ default: m.DecodeAnimation })));

export interface LabCanvasProps {
  /** The toolbar's Regions button: the app opens its Regions dialog. */
  onRegions: () => void;
  /** Whether an app dialog over the canvas has the keyboard (the canvas's shortcuts pause). */
  dialogOpen?: boolean;
  /** Presentation mode: fits may zoom in further (larger type on a projector). */
  presenting?: boolean;
}

/**
 * The topology canvas. Nodes and edges are derived from the worker's view (`toFlow`); every edit
 * (add, connect, disconnect, delete, paste, move, auto layout) is one `topology.set` through the
 * store, so the core validates it and undo/redo covers it. Selection and in-progress drags are local
 * to React Flow; the primary selection goes to the store for the Inspector.
 */
export function LabCanvas(props: LabCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

/** The fit used by Fit, F and re-fits on resize; presentation mode allows a closer zoom. */
function useFitOptions(presenting: boolean) {
  return useMemo(
    () => (presenting ? { ...FIT_VIEW_OPTIONS, maxZoom: PRESENT_MAX_ZOOM } : FIT_VIEW_OPTIONS),
    [presenting],
  );
}

function Canvas({ onRegions, dialogOpen = false, presenting = false }: LabCanvasProps) {
  const view = useLabStore(selectView);
  const decodeShown = useLabStore((s) => s.animation !== null || s.focus !== null);
  const { fitView } = useReactFlow();
  // Large labs read at close zoom render only what is on screen (panning 128 devices at 100 % stays
  // under a frame); zoomed out everything is on screen anyway, and mounting nodes at the edges as they
  // scroll in would only add jank there.
  const closeZoom = useStore((s) => s.transform[2] >= CULL_FROM_ZOOM);
  const wrapper = useRef<HTMLDivElement>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  // The help dialog loads the first time it opens, then stays mounted (its <dialog> opens and closes).
  const [helpLoaded, setHelpLoaded] = useState(false);
  if (helpOpen && !helpLoaded) setHelpLoaded(true);
  const [legendOpen, setLegendOpen] = useState(true);
  const { notify } = useCanvasToast();
  const fabricParts = useDeferred(fabricCanvas) !== null;
  const { flow, nodes, setNodes, edges, onNodesChange, onEdgesChange } = useFlowSync(fabricParts);
  const linkSaid = useLinkKeys({ wrapper, nodes, edges, onNodesChange, onEdgesChange });
  const colorMode = useColorMode();
  // A multi-host lab (issue 18): its drawing's components load now; its structure is not edited here.
  const multi = view?.fabric !== undefined;
  useEffect(() => {
    if (multi) void fabricCanvas.load();
  }, [multi]);
  const hostLegend = useHostLegend();
  // The edits' code loads after the first paint; these handlers hold any edit made before it arrives.
  const { edits: editHandlers, publish } = useDeferredEdits(loadCanvasEdits);
  const edits = useMemo(
    () => (multi ? multiHostEdits(editHandlers, notify) : editHandlers),
    [multi, editHandlers, notify],
  );
  const { isValidConnection, onConnect, onConnectEnd, onNodeDragStop, onBeforeDelete, autoLayout } = edits;
  const { onDragOver, onDrop, copy, paste } = edits;
  const exportImage = useImageExport(wrapper, notify);
  const fitOptions = useFitOptions(presenting);
  useRefitOnResize(wrapper, fitOptions);
  const zoomToFit = useCallback(() => void fitView({ ...fitOptions, duration: 200 }), [fitView, fitOptions]);
  const zoomTools = useZoomTools(nodes, dialogOpen || helpOpen);
  useCanvasShortcuts({
    copy,
    paste,
    zoomToFit,
    autoLayout,
    setNodes,
    setHelpOpen,
    helpOpen,
    paused: dialogOpen,
  });

  return (
    <div
      className="lab-canvas"
      role="application"
      aria-label="Topology editor"
      data-testid="canvas"
      {...zoomTools.wrapper}
      ref={wrapper}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      {view === null && (
        <div className="lab-canvas__loading" data-testid="canvas-loading">
          Starting the emulator…
        </div>
      )}
      <div className="lab-canvas__bar">
        <CanvasToolbar
          onLayout={() => void autoLayout()}
          onFit={zoomToFit}
          {...zoomTools.toolbar}
          onExport={(f) => void exportImage(f)}
          legendOpen={legendOpen}
          onToggleLegend={() => setLegendOpen((v) => !v)}
          onHelp={() => setHelpOpen(true)}
          onRegions={onRegions}
        />
        <Controls
          showInteractive={false}
          orientation="horizontal"
          position="top-right"
          fitViewOptions={fitOptions}
        />
        <a className="lab-canvas__credit" href="https://reactflow.dev" target="_blank" rel="noreferrer">
          React Flow
        </a>
      </div>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeContextMenu={edits.onNodeContextMenu}
        onPaneContextMenu={edits.onPaneContextMenu}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        {...zoomTools.flow}
        deleteKeyCode={multi ? null : DELETE_KEYS}
        nodesDraggable={!multi}
        nodesConnectable={!multi}
        connectionRadius={28}
        colorMode={colorMode}
        edgesFocusable={false}
        ariaLabelConfig={CANVAS_ARIA_LABELS}
        onlyRenderVisibleElements={closeZoom && nodes.length > CULL_FROM_NODES}
        fitView
        fitViewOptions={fitOptions}
        proOptions={PRO_OPTIONS}
        minZoom={0.02}
        maxZoom={2}
        aria-label="Topology canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        {zoomTools.overlay}
        {decodeShown && (
          <Suspense fallback={null}>
            <DecodeAnimation />
          </Suspense>
        )}
      </ReactFlow>
      {legendOpen && <Legend regions={flow.legend} hosts={hostLegend} />}
      <NextStepSlot onAction={edits.onHintAction} />
      <CanvasEditsSlot
        wrapper={wrapper}
        nodes={nodes}
        shown={flow.nodes}
        setNodes={setNodes}
        notify={notify}
        zoomToFit={zoomToFit}
        paused={dialogOpen}
        onRegions={onRegions}
        publish={publish}
      />
      <UnplacedTraySlot onMessage={notify} fitOptions={FIT_VIEW_OPTIONS} />
      {helpLoaded && (
        <Suspense fallback={null}>
          <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
      <p className="ui-visually-hidden" aria-live="polite" data-testid="canvas-live">
        {linkSaid}
      </p>
    </div>
  );
}
