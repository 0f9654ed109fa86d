/**
 * The canvas's edit handlers before and after their code (`CanvasEdits.tsx`) has loaded, on idle
 * after the first paint or at the first edit (`CanvasEditsSlot.tsx`): stable functions React Flow and the shortcuts call at
 * once. An edit that arrives before the code waits for it and then runs, so none is lost.
 */
import type { DragEvent, MouseEvent as ReactMouseEvent } from 'react';
import { useState } from 'react';
import { PALETTE_MIME } from '../lib/palette';
import type { NextAction } from './next-step';
import type { LabFlowNode } from './to-flow';
import type { useAddEdits, useConnectEdits, useLayoutEdits } from './use-canvas-edits';
import type { useClipboard } from './use-clipboard';

/** Everything the canvas hands to React Flow, its drop target and its shortcuts. */
export type EditHandlers = ReturnType<typeof useConnectEdits> &
  Omit<ReturnType<typeof useLayoutEdits>, 'onNodeDragStop'> &
  DragStop &
  ReturnType<typeof useAddEdits> &
  ReturnType<typeof useClipboard> &
  BuildHandlers;

/** A drag's end: a move, or a node dropped onto a new parent (`use-build-edits.ts` `useDragStop`). */
interface DragStop {
  onNodeDragStop: (event: MouseEvent | TouchEvent, node: LabFlowNode, dragged: LabFlowNode[]) => void;
}

/** Building from scratch: the context menus and the next-step strip's action (`BuildLayer.tsx`). */
export interface BuildHandlers {
  onNodeContextMenu: (event: ReactMouseEvent, node: LabFlowNode) => void;
  onPaneContextMenu: (event: ReactMouseEvent | MouseEvent) => void;
  onHintAction: (action: NextAction) => void;
}

/**
 * A palette drop kept past its event (the browser empties `dataTransfer` when the event ends), to be
 * handed to the real drop handler once it has loaded; null for drops that are not the palette's.
 */
function keptDrop(event: DragEvent): DragEvent | null {
  const types = [...event.dataTransfer.types];
  if (!types.includes(PALETTE_MIME)) return null;
  event.preventDefault();
  const data = new Map(types.map((t) => [t, event.dataTransfer.getData(t)]));
  const kept = {
    target: event.target,
    nativeEvent: event.nativeEvent,
    clientX: event.clientX,
    clientY: event.clientY,
    dataTransfer: {
      types,
      dropEffect: event.dataTransfer.dropEffect,
      getData: (t: string) => data.get(t) ?? '',
    },
    preventDefault: () => undefined,
  };
  // The drop handler reads only these fields (the pointer, the data, preventDefault).
  return kept as unknown as DragEvent;
}

/** The canvas's stand-in handlers and `publish`, through which `CanvasEdits` hands over its own. */
export interface DeferredEdits {
  edits: EditHandlers;
  /** The current handlers, and `settled`: resolves once the store has applied every queued change. */
  publish: (handlers: EditHandlers, settled: () => Promise<unknown>) => void;
}

/**
 * Stable edit handlers that forward to the published ones. Before the first `publish`, an edit
 * waits (and calls `load`, which starts loading their code); then the waiting edits run in order,
 * each once the store has applied the one before (each reads the lab as the previous one left it).
 */
export function createDeferredEdits(load: () => Promise<unknown>): DeferredEdits {
  let latest: EditHandlers | null = null;
  let settled: () => Promise<unknown> = async () => undefined;
  /** The waiting edits have all run: edits go straight to the handlers. */
  let ready = false;
  let draining = false;
  const waiting: ((handlers: EditHandlers) => void)[] = [];

  async function drain(): Promise<void> {
    draining = true;
    for (let run = waiting.shift(); run !== undefined && latest !== null; run = waiting.shift()) {
      try {
        run(latest);
        await settled();
      } catch (error) {
        queueMicrotask(() => {
          throw error; // reported as uncaught, and the edits after it still run
        });
      }
    }
    ready = true;
    draining = false;
  }

  const publish = (handlers: EditHandlers, whenSettled: () => Promise<unknown>) => {
    latest = handlers;
    settled = whenSettled;
    if (!ready && !draining) void drain();
  };
  const current = (): EditHandlers | null => (ready ? latest : null);
  /** Runs `use` now if the handlers are here and nothing waits, else after the waiting edits. */
  const later = (use: (handlers: EditHandlers) => void): void => {
    const now = current();
    if (now !== null) {
      use(now);
      return;
    }
    waiting.push(use);
    load().catch(() => undefined); // tried again on the next edit; queued ones wait for it
  };
  const awaited = <T>(use: (handlers: EditHandlers) => Promise<T>): Promise<T> =>
    new Promise((resolve, reject) => later((h) => use(h).then(resolve, reject)));

  const edits: EditHandlers = {
    isValidConnection: (c) => current()?.isValidConnection(c) ?? false,
    onConnect: (c) => later((h) => h.onConnect(c)),
    onConnectEnd: (event, state) => later((h) => h.onConnectEnd(event, state)),
    onNodeDragStop: (event, node, dragged) => later((h) => h.onNodeDragStop(event, node, dragged)),
    onBeforeDelete: (gone) => awaited((h) => h.onBeforeDelete(gone)),
    autoLayout: () => awaited((h) => h.autoLayout()),
    onDragOver: (event) => {
      const now = current();
      if (now !== null) return now.onDragOver(event);
      // Accept palette drags already: the drop waits for the handlers.
      if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (event) => {
      const now = current();
      if (now !== null) return now.onDrop(event);
      const kept = keptDrop(event);
      if (kept !== null) later((h) => h.onDrop(kept));
    },
    copy: () => {
      const now = current();
      if (now !== null) return now.copy();
      later((h) => h.copy());
      return true;
    },
    paste: () => later((h) => h.paste()),
    // A right-click before the menu's code is here opens the menu once it arrives.
    onNodeContextMenu: (event, node) => {
      event.preventDefault();
      later((h) => h.onNodeContextMenu(event, node));
    },
    onPaneContextMenu: (event) => {
      event.preventDefault();
      later((h) => h.onPaneContextMenu(event));
    },
    onHintAction: (action) => later((h) => h.onHintAction(action)),
  };
  return { edits, publish };
}

/** `createDeferredEdits` for the canvas's lifetime. */
export function useDeferredEdits(load: () => Promise<unknown>): DeferredEdits {
  const [deferred] = useState(() => createDeferredEdits(load));
  return deferred;
}
