/**
 * Code loaded after the first paint: `lib/deferred.ts` (one load, retried after a failure),
 * `state/lazy-slice.ts` (actions forwarded to the real slice: at once once loaded, after the load
 * before) and `canvas/deferred-edits.ts` (edits made before the editing code arrives wait and run,
 * none lost; a palette drop keeps its data past its event).
 */
import type { DragEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createDeferredEdits, type EditHandlers } from '../../src/canvas/deferred-edits.ts';
import { deferred } from '../../src/lib/deferred.ts';
import { PALETTE_MIME } from '../../src/lib/palette.ts';
import { lazySlice } from '../../src/state/lazy-slice.ts';
import type { LabRuntime, LabStoreState, SliceCreator } from '../../src/state/types.ts';

/** A promise and its resolve, to decide when a "module" arrives. */
function gate<T>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('deferred module', () => {
  it('imports once, tells listeners, and tries again after a failed import', async () => {
    let calls = 0;
    let fail = true;
    const d = deferred(async () => {
      calls++;
      if (fail) throw new Error('offline');
      return { answer: 42 };
    });
    expect(d.value).toBeNull();
    await expect(d.load()).rejects.toThrow('offline');
    expect(d.value).toBeNull();
    fail = false;
    let told = 0;
    d.subscribe(() => told++);
    const [a, b] = await Promise.all([d.load(), d.load()]);
    expect(a).toBe(b);
    expect(d.value).toEqual({ answer: 42 });
    expect(calls).toBe(2); // the failed try and one successful import for both loads
    expect(told).toBe(1);
  });
});

interface CounterSlice {
  count: number;
  bump(by: number): void;
  bumpLater(by: number): Promise<number>;
}

// A slice of a test store (the slice types are the lab store's, so its state is read through a cast).
const createCounter = (): SliceCreator<CounterSlice> => (set, get) => {
  const count = () => (get() as unknown as CounterSlice).count;
  const add = (by: number) => set({ count: count() + by } as unknown as Partial<LabStoreState>);
  return {
    count: 0,
    bump: add,
    bumpLater: async (by) => {
      add(by);
      return count();
    },
  };
};

describe('lazy slice', () => {
  it('forwards every action to the real slice, after the module arrives or at once once it has', async () => {
    const arrival = gate<{ create: typeof createCounter }>();
    const module = deferred(() => arrival.promise);
    const rt = {} as LabRuntime;
    // A store holding only the stand-in slice (the state type is the lab store's, as in store.ts).
    const store = createStore<CounterSlice>()(
      lazySlice(rt, module, (m) => () => m.create(), { count: 0 }, { bump: true, bumpLater: true }) as never,
    );
    expect(store.getState().count).toBe(0);
    store.getState().bump(2); // before the module: runs when it arrives
    const later = store.getState().bumpLater(3);
    expect(store.getState().count).toBe(0);
    arrival.open({ create: createCounter });
    expect(await later).toBe(5); // 0 + 2, then + 3, in the order they were called
    store.getState().bump(10); // loaded: runs at once, synchronously
    expect(store.getState().count).toBe(15);
  });
});

function handlers(log: string[]): EditHandlers {
  return {
    isValidConnection: () => true,
    onConnect: (c) => log.push(`connect ${c.source}→${c.target}`),
    onConnectEnd: () => log.push('connect-end'),
    onNodeDragStop: (_e, node) => log.push(`moved ${node.id}`),
    onNodeContextMenu: (_e, node) => log.push(`menu ${node.id}`),
    onPaneContextMenu: () => log.push('menu pane'),
    onHintAction: (action) => log.push(`hint ${action.kind}`),
    onBeforeDelete: async ({ nodes }) => {
      log.push(`delete ${nodes.map((n) => n.id).join(',')}`);
      return false;
    },
    autoLayout: async () => {
      log.push('layout');
    },
    onDragOver: () => log.push('drag-over'),
    onDrop: (event) =>
      log.push(`drop ${event.dataTransfer.getData(PALETTE_MIME)} at ${event.clientX},${event.clientY}`),
    copy: () => {
      log.push('copy');
      return true;
    },
    paste: () => log.push('paste'),
  };
}

/** A palette drop whose data, like a browser's, is readable only until the event has been handled. */
function paletteDrop(kind: string, x: number, y: number) {
  const state = { handled: false, prevented: false };
  const event = {
    clientX: x,
    clientY: y,
    target: null,
    nativeEvent: null,
    preventDefault: () => {
      state.prevented = true;
    },
    dataTransfer: {
      types: [PALETTE_MIME],
      dropEffect: 'none',
      getData: (type: string) => (state.handled || type !== PALETTE_MIME ? '' : kind),
    },
  } as unknown as DragEvent;
  return { event, state };
}

describe('deferred canvas edits', () => {
  it('holds edits made before the editing code arrives and runs them in order once it has', async () => {
    let loads = 0;
    const { edits, publish } = createDeferredEdits(async () => {
      loads++;
    });
    const node = { id: 'mem0' } as Parameters<EditHandlers['onNodeDragStop']>[1];
    expect(edits.isValidConnection({ source: 'hb0', target: 'rp0' } as never)).toBe(false);
    edits.onNodeDragStop({ clientX: 0, clientY: 0 } as MouseEvent, node, [node]);
    edits.onConnect({ source: 'hb0', target: 'rp0', sourceHandle: null, targetHandle: null });
    const deleted = edits.onBeforeDelete({ nodes: [node], edges: [] });
    const drop = paletteDrop('switch', 120, 80);
    edits.onDrop(drop.event);
    drop.state.handled = true; // the browser empties dataTransfer once the event is over
    expect(drop.state.prevented).toBe(true); // the drop is taken, not left to the browser
    expect(edits.copy()).toBe(true);
    edits.paste();
    expect(loads).toBeGreaterThan(0);

    // The store applies each edit before the next one reads the lab: `settled` is waited for between them.
    const log: string[] = [];
    let settles = 0;
    publish(handlers(log), async () => {
      settles++;
      log.push('settled');
    });
    expect(await deleted).toBe(false);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual([
      'moved mem0',
      'settled',
      'connect hb0→rp0',
      'settled',
      'delete mem0',
      'settled',
      'drop switch at 120,80',
      'settled',
      'copy',
      'settled',
      'paste',
      'settled',
    ]);
    expect(settles).toBe(6);
    // Loaded: edits go straight through.
    edits.onConnect({ source: 'rp0', target: 'mem1', sourceHandle: null, targetHandle: null });
    expect(log.at(-1)).toBe('connect rp0→mem1'); // at once, no wait
    expect(edits.isValidConnection({ source: 'hb0', target: 'rp0' } as never)).toBe(true);
  });

  it('lets a drop that is not the palette’s through untouched', () => {
    const { edits } = createDeferredEdits(async () => undefined);
    let prevented = false;
    const files = {
      clientX: 0,
      clientY: 0,
      preventDefault: () => {
        prevented = true;
      },
      dataTransfer: { types: ['Files'], getData: () => '' },
    } as unknown as DragEvent;
    edits.onDragOver(files);
    edits.onDrop(files);
    expect(prevented).toBe(false); // the page's own file drop handles it
  });
});
