/**
 * The canvas's edit handlers before and after their code (`CanvasEdits.tsx`) has loaded, on idle
 * after the first paint or at the first edit (`CanvasEditsSlot.tsx`): stable functions React Flow and the shortcuts call at
 * once. An edit that arrives before the code waits for it and then runs, so none is lost.
 */
import type { DragEvent } from 'react';
import { useCallback, useMemo, useRef } from 'react';
import { PALETTE_MIME } from '../lib/palette';
import type { useAddEdits, useConnectEdits, useLayoutEdits } from './use-canvas-edits';
import type { useClipboard } from './use-clipboard';

/** Everything the canvas hands to React Flow, its drop target and its shortcuts. */
export type EditHandlers = ReturnType<typeof useConnectEdits> &
  ReturnType<typeof useLayoutEdits> &
  ReturnType<typeof useAddEdits> &
  ReturnType<typeof useClipboard>;

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

/**
 * Stable edit handlers for the canvas, and `publish`, through which `CanvasEdits` hands over its own;
 * `load` starts loading that code (an edit before it has arrived calls it).
 */
export function useDeferredEdits(load: () => Promise<unknown>): {
  edits: EditHandlers;
  publish: (handlers: EditHandlers) => void;
} {
  const current = useRef<EditHandlers | null>(null);
  const waiting = useRef<((handlers: EditHandlers) => void)[]>([]);

  const publish = useCallback((handlers: EditHandlers) => {
    current.current = handlers;
    for (const run of waiting.current.splice(0)) run(handlers);
  }, []);

  const edits = useMemo((): EditHandlers => {
    /** Runs `use` now if the handlers are here, else once they are (starting their load). */
    const later = (use: (handlers: EditHandlers) => void): void => {
      if (current.current !== null) {
        use(current.current);
        return;
      }
      waiting.current.push(use);
      load().catch(() => undefined); // tried again on the next edit; queued ones wait for it
    };
    const awaited = <T>(use: (handlers: EditHandlers) => Promise<T>): Promise<T> =>
      new Promise((resolve, reject) => later((h) => use(h).then(resolve, reject)));
    return {
      isValidConnection: (c) => current.current?.isValidConnection(c) ?? false,
      onConnect: (c) => later((h) => h.onConnect(c)),
      onConnectEnd: (event, state) => later((h) => h.onConnectEnd(event, state)),
      onNodeDragStop: (event, node, dragged) => later((h) => h.onNodeDragStop(event, node, dragged)),
      onBeforeDelete: (gone) => awaited((h) => h.onBeforeDelete(gone)),
      autoLayout: () => awaited((h) => h.autoLayout()),
      onDragOver: (event) => {
        if (current.current !== null) return current.current.onDragOver(event);
        // Accept palette drags already: the drop waits for the handlers.
        if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDrop: (event) => {
        if (current.current !== null) return current.current.onDrop(event);
        const kept = keptDrop(event);
        if (kept !== null) later((h) => h.onDrop(kept));
      },
      copy: () => {
        if (current.current !== null) return current.current.copy();
        later((h) => h.copy());
        return true;
      },
      paste: () => later((h) => h.paste()),
    };
  }, [load]);

  return { edits, publish };
}
