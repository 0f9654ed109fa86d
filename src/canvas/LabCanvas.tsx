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
  type FitViewOptions,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import {
  lazy,
  type ReactNode,
  type RefObject,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
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

/** React Flow's settings that never change (the credit it asks for is a link in the bar, not a mark over the drawing). */
const FLOW_SETTINGS = {
  nodeTypes,
  edgeTypes,
  connectionRadius: 28,
  edgesFocusable: false,
  ariaLabelConfig: CANVAS_ARIA_LABELS,
  fitView: true,
  proOptions: { hideAttribution: true },
  minZoom: 0.02,
  maxZoom: 2,
  'aria-label': 'Topology canvas',
} as const;
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

/** The decode path animation, while an access is traced or the address map focuses something. */
function DecodeLayer() {
  const decodeShown = useLabStore((s) => s.animation !== null || s.focus !== null);
  return decodeShown ? (
    <Suspense fallback={null}>
      <DecodeAnimation />
    </Suspense>
  ) : null;
}

/** The bar above the drawing: the toolbar (`children`), React Flow's zoom buttons, and its credit. */
function CanvasBar({ fitOptions, children }: { fitOptions: FitViewOptions; children: ReactNode }) {
  return (
    <div className="lab-canvas__bar">
      {children}
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
  );
}

/** The edit handlers React Flow calls (the canvas's edits, `deferred-edits.ts`). */
function editProps(edits: ReturnType<typeof useCanvasEdits>['edits']) {
  return {
    onNodeDragStop: edits.onNodeDragStop,
    onNodeContextMenu: edits.onNodeContextMenu,
    onPaneContextMenu: edits.onPaneContextMenu,
    onConnect: edits.onConnect,
    onConnectEnd: edits.onConnectEnd,
    isValidConnection: edits.isValidConnection,
    onBeforeDelete: edits.onBeforeDelete,
  };
}

/** A multi-host lab's structure is not edited on the canvas: no delete key, dragging or connecting. */
function structureLocks(multi: boolean) {
  return { deleteKeyCode: multi ? null : DELETE_KEYS, nodesDraggable: !multi, nodesConnectable: !multi };
}

/** The help dialog: loads the first time it opens, then stays mounted (its <dialog> opens and closes). */
function useHelpDialog() {
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpLoaded, setHelpLoaded] = useState(false);
  if (helpOpen && !helpLoaded) setHelpLoaded(true);
  return { helpOpen, setHelpOpen, helpLoaded };
}

/**
 * The canvas's edit handlers: they load after the first paint (these hold any edit made before they
 * arrive); a multi-host lab (issue 18) loads its drawing's components and refuses structure edits.
 */
function useCanvasEdits(multi: boolean, notify: ReturnType<typeof useCanvasToast>['notify']) {
  useEffect(() => {
    if (multi) void fabricCanvas.load();
  }, [multi]);
  const { edits: editHandlers, publish } = useDeferredEdits(loadCanvasEdits);
  const edits = useMemo(
    () => (multi ? multiHostEdits(editHandlers, notify) : editHandlers),
    [multi, editHandlers, notify],
  );
  return { edits, publish };
}

/**
 * Large labs read at close zoom render only what is on screen (panning 128 devices at 100 % stays
 * under a frame); zoomed out everything is on screen anyway, and mounting nodes at the edges as they
 * scroll in would only add jank there.
 */
function useCulling(nodeCount: number): boolean {
  const closeZoom = useStore((s) => s.transform[2] >= CULL_FROM_ZOOM);
  return closeZoom && nodeCount > CULL_FROM_NODES;
}

/** Fit (button, F key, re-fit on resize) with the presentation mode's zoom limit. */
function useZoomToFit(wrapper: RefObject<HTMLDivElement | null>, presenting: boolean) {
  const { fitView } = useReactFlow();
  const fitOptions = useFitOptions(presenting);
  useRefitOnResize(wrapper, fitOptions);
  const zoomToFit = useCallback(() => void fitView({ ...fitOptions, duration: 200 }), [fitView, fitOptions]);
  return { fitOptions, zoomToFit };
}

function Canvas({ onRegions, dialogOpen = false, presenting = false }: LabCanvasProps) {
  const view = useLabStore(selectView);
  const wrapper = useRef<HTMLDivElement>(null);
  const { helpOpen, setHelpOpen, helpLoaded } = useHelpDialog();
  const [legendOpen, setLegendOpen] = useState(true);
  const { notify } = useCanvasToast();
  const fabricParts = useDeferred(fabricCanvas) !== null;
  const { flow, nodes, setNodes, edges, onNodesChange, onEdgesChange } = useFlowSync(fabricParts);
  const cull = useCulling(nodes.length);
  const linkSaid = useLinkKeys({ wrapper, nodes, edges, onNodesChange, onEdgesChange });
  const colorMode = useColorMode();
  const multi = view?.fabric !== undefined;
  const hostLegend = useHostLegend();
  const { edits, publish } = useCanvasEdits(multi, notify);
  const { autoLayout, onDragOver, onDrop, copy, paste } = edits;
  const exportImage = useImageExport(wrapper, notify);
  const { fitOptions, zoomToFit } = useZoomToFit(wrapper, presenting);
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
      <CanvasBar fitOptions={fitOptions}>
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
      </CanvasBar>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        {...editProps(edits)}
        {...zoomTools.flow}
        {...structureLocks(multi)}
        {...FLOW_SETTINGS}
        colorMode={colorMode}
        onlyRenderVisibleElements={cull}
        fitViewOptions={fitOptions}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        {zoomTools.overlay}
        <DecodeLayer />
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
