/**
 * The canvas's editing layer with its engine, loaded after the first paint (`deferred-edits.ts`):
 * connect, move, delete, add, auto layout and the clipboard, handed to the canvas through `publish`.
 */
import { type RefObject, useLayoutEffect } from 'react';
import { useLabStoreApi } from '../state/hooks';
import type { EditHandlers } from './deferred-edits';
import * as engine from './edit-engine';
import type { LabFlowNode } from './to-flow';
import { useAddEdits, useConnectEdits, useEditApply, useLayoutEdits } from './use-canvas-edits';
import type { Notify } from './use-canvas-toast';
import { useClipboard } from './use-clipboard';

export interface CanvasEditsProps {
  wrapper: RefObject<HTMLDivElement | null>;
  nodes: readonly LabFlowNode[];
  notify: Notify;
  /** Receives the current handlers after every render, and the store's `settled`. */
  publish: (handlers: EditHandlers, settled: () => Promise<unknown>) => void;
}

export function CanvasEdits({ wrapper, nodes, notify, publish }: CanvasEditsProps) {
  const store = useLabStoreApi();
  const edits = { ...useEditApply(notify), engine };
  const { isValidConnection, onConnect, onConnectEnd } = useConnectEdits(edits, notify);
  const { onNodeDragStop, onBeforeDelete, autoLayout } = useLayoutEdits(edits);
  const { onDragOver, onDrop } = useAddEdits(edits, notify, wrapper);
  const { copy, paste } = useClipboard(edits, nodes);
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
      },
      store.settled,
    );
  });
  return null;
}
