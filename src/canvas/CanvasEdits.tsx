/**
 * The canvas's editing layer with its engine, loaded after the first paint (`deferred-edits.ts`):
 * connect, move, re-parent by drop, delete, add, auto layout, the clipboard and the context menu,
 * handed to the canvas through `publish`.
 */
import { type RefObject, useLayoutEffect } from 'react';
import { useLabStoreApi } from '../state/hooks';
import { BuildLayer, useBuildLayer } from './BuildLayer';
import type { EditHandlers } from './deferred-edits';
import * as engine from './edit-engine';
import type { LabFlowNode } from './to-flow';
import { useDragStop } from './use-build-edits';
import { useAddEdits, useConnectEdits, useEditApply, useLayoutEdits } from './use-canvas-edits';
import type { Notify } from './use-canvas-toast';
import { useClipboard } from './use-clipboard';

export interface CanvasEditsProps {
  wrapper: RefObject<HTMLDivElement | null>;
  nodes: readonly LabFlowNode[];
  /** The nodes as the worker's view placed them (a refused re-parent puts a node back there). */
  shown: readonly LabFlowNode[];
  setNodes: (update: (nodes: LabFlowNode[]) => LabFlowNode[]) => void;
  notify: Notify;
  zoomToFit: () => void;
  /** An app dialog has the keyboard: the menu keys pause. */
  paused: boolean;
  onRegions: () => void;
  /** Receives the current handlers after every render, and the store's `settled`. */
  publish: (handlers: EditHandlers, settled: () => Promise<unknown>) => void;
}

export function CanvasEdits(props: CanvasEditsProps) {
  const { wrapper, nodes, notify, publish } = props;
  const store = useLabStoreApi();
  const edits = { ...useEditApply(notify), engine };
  const { isValidConnection, onConnect, onConnectEnd } = useConnectEdits(edits, notify);
  const { onNodeDragStop: onMoved, onBeforeDelete, autoLayout } = useLayoutEdits(edits);
  const { onDragOver, onDrop } = useAddEdits(edits, notify, wrapper);
  const { copy, paste } = useClipboard(edits, nodes);
  const build = useBuildLayer({
    edits,
    notify,
    wrapper,
    autoLayout,
    zoomToFit: props.zoomToFit,
    paused: props.paused,
    onRegions: props.onRegions,
  });
  const onNodeDragStop = useDragStop(build.edits, onMoved, props.shown, props.setNodes);
  const { onNodeContextMenu, onPaneContextMenu } = build.menu;
  const { onHintAction } = build;
  useLayoutEffect(() => {
    publish(
      {
        isValidConnection,
        onConnect,
        onConnectEnd,
        onNodeDragStop,
        onBeforeDelete,
        autoLayout,
        onDragOver,
        onDrop,
        copy,
        paste,
        onNodeContextMenu,
        onPaneContextMenu,
        onHintAction,
      },
      store.settled,
    );
  });
  return <BuildLayer build={build} wrapper={wrapper} />;
}
