/**
 * The canvas's context menu and keyboard connect: which actions a node or the background offers,
 * opening them by right-click, Shift+F10 or the context-menu key, and C for "connect the selection".
 */
import { useReactFlow } from '@xyflow/react';
import { type MouseEvent as ReactMouseEvent, type RefObject, useCallback, useEffect, useState } from 'react';
import { childKinds } from '../cxl/topology/kinds.ts';
import type { ComponentKind } from '../cxl/topology/model.ts';
import { KIND_INFO } from '../lib/component-kinds';
import type { EditDoc, EditResult } from '../lib/topology-edits';
import { useLabStoreApi } from '../state/hooks';
import { isTextEntry } from './canvas-config';
import { fabricMenuItems } from './fabric/fabric-menu';
import type { ConnectRequest, ContextMenuItem, ContextMenuState } from './menu-types';
import { type LabFlowNode, nodeSize, ROOT_NODE_ID } from './to-flow';
import type { BuildEdits } from './use-build-edits';
import type { EditApply } from './use-canvas-edits';
import { useFreeSpot } from './use-free-spot';

const ADDABLE: readonly ComponentKind[] = ['host-bridge', 'root-port', 'switch', 'downstream-port', 'type3'];

/** What the menu's actions need beyond the build edits. */
export interface MenuDeps {
  edits: EditApply;
  build: BuildEdits;
  wrapper: RefObject<HTMLDivElement | null>;
  autoLayout: () => void;
  zoomToFit: () => void;
  /** Whether an app dialog has the keyboard (the keys pause). */
  paused: boolean;
  /** Says why (a multi-host lab's menu explains why it has no structure edits). */
  notify?: (text: string) => void;
}

function label(kind: ComponentKind): string {
  return KIND_INFO[kind].label;
}

/** Menu state, its opening handlers, and the connect dialog's request. */
export function useCanvasMenu(deps: MenuDeps) {
  const { edits, build, wrapper, paused } = deps;
  const { screenToFlowPosition, fitView } = useReactFlow<LabFlowNode>();
  const place = useFreeSpot();
  const store = useLabStoreApi();
  const [menu, setMenu] = useState<ContextMenuState | null>(null);
  const [connect, setConnect] = useState<ConnectRequest | null>(null);
  /** The component the rename dialog is open for. */
  const [rename, setRename] = useState<string | null>(null);

  const openConnect = useCallback(
    (child: string) => {
      const doc = edits.editDoc();
      if (doc === null || edits.engine === null) return;
      const graph = edits.engine.connectGraph(ROOT_NODE_ID, doc);
      setConnect({ child, ...edits.engine.parentChoices(graph, child) });
    },
    [edits],
  );

  /** Adds a loose `kind` centred near `at` (canvas coordinates), clear of other nodes. */
  const addAt = useCallback(
    (kind: ComponentKind, at: { x: number; y: number }) => {
      const doc = edits.editDoc();
      if (doc === null || edits.engine === null) return;
      const size = nodeSize({ kind, id: '', parent: '' } as never, 0);
      const spot = place({ x: at.x - size.width / 2, y: at.y - size.height / 2, ...size });
      void edits.apply(edits.engine.addComponent(doc, kind, spot));
    },
    [edits, place],
  );

  const nodeItems = useNodeItems(edits, build, openConnect, setRename);

  const paneItems = useCallback(
    (at: { x: number; y: number }): ContextMenuItem[] => [
      ...ADDABLE.map((kind) => ({
        id: `add-${kind}`,
        label: `Add ${label(kind)} here`,
        onSelect: () => addAt(kind, at),
      })),
      { id: 'fit', label: 'Zoom to fit', onSelect: deps.zoomToFit },
      { id: 'layout', label: 'Auto layout', onSelect: deps.autoLayout },
    ],
    [addAt, deps.zoomToFit, deps.autoLayout],
  );

  /** Opens the menu at a client point, for a node (or the background when `target` is null). */
  const openAt = useCallback(
    (clientX: number, clientY: number, target: string | null) => {
      const box = wrapper.current?.getBoundingClientRect();
      if (box === undefined) return;
      if (store.getState().view?.fabric !== undefined) {
        // A multi-host lab: focus, select and zoom only (its structure is not edited here).
        const items = fabricMenuItems(target, {
          get: store.getState,
          zoomTo: (id) => void fitView({ nodes: [{ id }], duration: 200, maxZoom: 1.2 }),
          zoomToFit: deps.zoomToFit,
          notify: (text) => deps.notify?.(text),
        });
        setMenu({ x: clientX - box.left, y: clientY - box.top, target, items });
        return;
      }
      const items =
        target === null ? paneItems(screenToFlowPosition({ x: clientX, y: clientY })) : nodeItems(target);
      if (target !== null && target !== ROOT_NODE_ID) store.getState().select(target);
      setMenu({ x: clientX - box.left, y: clientY - box.top, target, items });
    },
    [wrapper, paneItems, nodeItems, screenToFlowPosition, store, fitView, deps.zoomToFit, deps.notify],
  );

  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: LabFlowNode) => {
      event.preventDefault();
      openAt(event.clientX, event.clientY, node.id);
    },
    [openAt],
  );
  const onPaneContextMenu = useCallback(
    (event: ReactMouseEvent | MouseEvent) => {
      event.preventDefault();
      openAt(event.clientX, event.clientY, null);
    },
    [openAt],
  );

  useMenuKeys(wrapper, paused || menu !== null || connect !== null || rename !== null, openAt, openConnect);
  const closeMenu = useCallback((restoreFocus: boolean) => {
    setMenu((m) => {
      if (restoreFocus && m !== null) focusTarget(m.target);
      return null;
    });
  }, []);
  return {
    menu,
    closeMenu,
    onNodeContextMenu,
    onPaneContextMenu,
    connect,
    setConnect,
    openConnect,
    rename,
    setRename,
  };
}

/** A node's menu items: connect, add a child, disconnect, decoders, zoom, rename, delete (the root: add). */
function useNodeItems(
  edits: EditApply,
  build: BuildEdits,
  openConnect: (child: string) => void,
  openRename: (id: string) => void,
) {
  const { fitView } = useReactFlow<LabFlowNode>();
  const store = useLabStoreApi();
  return useCallback(
    (id: string): ContextMenuItem[] => {
      const zoom = {
        id: 'zoom',
        label: `Zoom to ${id}`,
        onSelect: () => void fitView({ nodes: [{ id }], duration: 200, maxZoom: 1.2 }),
      };
      if (id === ROOT_NODE_ID) {
        const doc = edits.editDoc();
        const hb = doc?.spec.components.find((c) => c.kind === 'host-bridge');
        return [
          hb === undefined
            ? {
                id: 'add-host-bridge',
                label: 'Add host bridge',
                onSelect: () => void build.runEdit({ kind: 'add-host-bridge' }),
              }
            : {
                id: 'add-window',
                label: `Add window over ${hb.id}`,
                onSelect: () => void build.runEdit({ kind: 'add-window', hostBridge: hb.id }),
              },
          zoom,
        ];
      }
      const doc = edits.editDoc();
      const c = doc === null ? undefined : [...doc.spec.components, ...doc.drafts].find((x) => x.id === id);
      if (c === undefined || doc === null || edits.engine === null) return [zoom];
      const engine = edits.engine;
      // An action edits the lab as it is when chosen, not as it was when the menu opened.
      const now = (edit: (d: EditDoc) => EditResult) => {
        const current = edits.editDoc();
        if (current !== null) void edits.apply(edit(current));
      };
      const items: ContextMenuItem[] = [
        { id: 'connect', label: 'Connect to…', onSelect: () => openConnect(id) },
      ];
      for (const kind of childKinds(c.kind)) {
        items.push({
          id: `add-${kind}`,
          label: `Add ${label(kind)} below`,
          onSelect: () => void build.addBelow(id, kind),
        });
      }
      if (c.kind !== 'host-bridge' && c.parent !== '') {
        items.push({
          id: 'disconnect',
          label: `Disconnect from ${c.parent}`,
          onSelect: () => now((d) => engine.disconnect(d, id)),
        });
      }
      if (c.kind !== 'root-port' && c.kind !== 'downstream-port') {
        items.push({
          id: 'decoders',
          label: 'Open HDM decoders',
          onSelect: () => {
            store.getState().select(id);
            store.getState().setDockTab('decoders');
          },
        });
      }
      items.push(
        zoom,
        { id: 'rename', label: `Rename ${id}…`, onSelect: () => openRename(id) },
        {
          id: 'delete',
          label: `Delete ${id}`,
          onSelect: () => now((d) => engine.removeComponents(d, [id])),
        },
      );
      return items;
    },
    [edits, build, fitView, openConnect, openRename, store],
  );
}

/** Focus back on the node the menu was for (or the canvas), unless what the item opened took it. */
export function focusTarget(target: string | null): void {
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    const el =
      target === null
        ? document.querySelector<HTMLElement>('.lab-canvas .react-flow')
        : document.querySelector<HTMLElement>(
            `.lab-canvas .react-flow__node[data-id="${CSS.escape(target)}"]`,
          );
    el?.focus();
  });
}

/** Shift+F10 / the context-menu key open the menu for the focused node (or the canvas); C connects the selection. */
function useMenuKeys(
  wrapper: RefObject<HTMLDivElement | null>,
  paused: boolean,
  openAt: (x: number, y: number, target: string | null) => void,
  openConnect: (child: string) => void,
) {
  const store = useLabStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (paused || isTextEntry(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('dialog[open], [role="dialog"][aria-modal="true"]') !== null) return;
      const inCanvas = event.target instanceof Node && wrapper.current?.contains(event.target) === true;
      const menuKey = event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
      if (menuKey && (inCanvas || event.target === document.body)) {
        event.preventDefault();
        const node = (event.target as HTMLElement).closest?.<HTMLElement>('.react-flow__node');
        const box = (node ?? wrapper.current)?.getBoundingClientRect();
        if (box === undefined) return;
        if (node?.dataset.id !== undefined) openAt(box.left + 8, box.bottom, node.dataset.id);
        else openAt(box.left + box.width / 2, box.top + box.height / 2, null);
        return;
      }
      const selected = store.getState().selectedId;
      if (
        !event.shiftKey &&
        event.key.toLowerCase() === 'c' &&
        selected !== null &&
        selected !== ROOT_NODE_ID &&
        store.getState().view?.fabric === undefined
      ) {
        event.preventDefault();
        openConnect(selected);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [wrapper, paused, openAt, openConnect, store]);
}
