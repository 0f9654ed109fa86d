/**
 * The unplaced tray: a strip on the canvas holding the devices a `cxl list` import could not attach.
 * Drag a card onto a free root port or switch downstream port, or choose the port and press Place.
 */
import './unplaced-tray.css';
import { type FitViewOptions, useReactFlow } from '@xyflow/react';
import { type DragEvent as ReactDragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes } from '../lib/format';
import { placeUnplacedDevice } from '../lib/place-unplaced';
import { useLabStore, useLabStoreApi } from '../state/hooks';
import { removeFromTray, type TrayItem, useTray } from '../state/unplaced-tray';
import type { ComponentSpec, TopologySpec } from '../worker/protocol';

/** Drag payload type: the tray device's id. */
export const TRAY_MIME = 'application/x-cxl-lab-unplaced';

/** Root and downstream ports with nothing below them, the candidates first. */
function freePorts(spec: TopologySpec | undefined, candidates: readonly string[]): ComponentSpec[] {
  if (spec === undefined) return [];
  const used = new Set<string>();
  for (const c of spec.components) if ('parent' in c) used.add(c.parent);
  const free = spec.components.filter(
    (c) => (c.kind === 'root-port' || c.kind === 'downstream-port') && !used.has(c.id),
  );
  const rank = (c: ComponentSpec): number => (candidates.includes(c.id) ? 0 : 1);
  return free.sort((a, b) => rank(a) - rank(b));
}

function capacity(item: TrayItem): string {
  const d = item.device;
  if (d.kind !== 'type3') return '';
  const parts = [];
  if (d.volatile > 0) parts.push(`${formatBytes(d.volatile)} ram`);
  if (d.persistent > 0) parts.push(`${formatBytes(d.persistent)} pmem`);
  return parts.length === 0 ? 'capacity not listed' : parts.join(' + ');
}

function TrayCard({
  item,
  ports,
  onPlace,
}: {
  item: TrayItem;
  ports: ComponentSpec[];
  onPlace: (item: TrayItem, portId: string) => void;
}) {
  const [port, setPort] = useState('');
  const choice = ports.some((p) => p.id === port) ? port : (ports[0]?.id ?? '');
  const selectId = `tray-port-${item.device.id}`;
  return (
    <li
      className="unplaced-tray__card"
      draggable
      onDragStart={(e: ReactDragEvent) => {
        e.dataTransfer.setData(TRAY_MIME, item.device.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      data-testid={`tray-item-${item.device.id}`}
      title={item.reason}
    >
      <div className="unplaced-tray__name">
        <strong>{item.device.id}</strong>
        <span className="unplaced-tray__meta">
          {item.endpoint ?? 'anonymous memdev'} · {capacity(item)}
        </span>
      </div>
      <p className="unplaced-tray__reason">{item.reason}</p>
      <div className="unplaced-tray__place">
        <label htmlFor={selectId} className="unplaced-tray__label">
          Below
        </label>
        <select
          id={selectId}
          value={choice}
          onChange={(e) => setPort(e.target.value)}
          disabled={ports.length === 0}
        >
          {ports.length === 0 && <option value="">no free port</option>}
          {[true, false].map((near) => {
            const group = ports.filter((p) => item.candidates.includes(p.id) === near);
            if (group.length === 0) return null;
            return (
              <optgroup key={String(near)} label={near ? 'Where the listing shows it' : 'Other free ports'}>
                {group.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name ?? p.id} ({p.id})
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
        <button
          type="button"
          className="ui-button"
          disabled={choice === ''}
          onClick={() => onPlace(item, choice)}
          aria-label={`Place ${item.device.id}`}
        >
          Place
        </button>
      </div>
    </li>
  );
}

/** The strip; renders nothing when the current lab's tray is empty. */
export function UnplacedTray({
  onMessage,
  fitOptions,
  shownAtMount,
}: {
  onMessage: (text: string) => void;
  /** The canvas's fit-view padding (clear of its toolbar and legend). */
  fitOptions: FitViewOptions;
  /** Whether the canvas had a tray when it mounted (this strip loads only once there is one). */
  shownAtMount: boolean;
}) {
  const store = useLabStoreApi();
  const labId = useLabStore((s) => s.labId);
  const spec = useLabStore((s) => s.document?.spec);
  const items = useTray(labId);
  const strip = useRef<HTMLElement>(null);
  const { fitView } = useReactFlow();
  const shown = items.length > 0;

  // The strip takes height from the flow when it appears and gives it back when it empties: refit.
  const wasShown = useRef(shownAtMount);
  useEffect(() => {
    if (wasShown.current === shown) return;
    wasShown.current = shown;
    const frame = requestAnimationFrame(() => void fitView(fitOptions));
    return () => cancelAnimationFrame(frame);
  }, [shown, fitView, fitOptions]);

  const place = useMemo(
    () =>
      async (item: TrayItem, portId: string): Promise<void> => {
        const state = store.getState();
        const doc = state.document;
        if (doc === null || labId === null || item.device.kind !== 'type3') return;
        const placed = placeUnplacedDevice(doc.spec, item.device, portId);
        if (!placed.ok) return onMessage(placed.reason);
        const r = await state.setTopology(placed.spec, doc.drafts);
        if (!r.ok)
          return onMessage(
            `${item.device.id} not placed: ${r.error.causes?.[0]?.message ?? r.error.message}`,
          );
        removeFromTray(labId, item.device.id);
        store.getState().select(item.device.id);
      },
    [store, labId, onMessage],
  );

  // Drops land on the canvas: listen on it, and place onto the node under the pointer.
  useEffect(() => {
    const canvas = strip.current?.closest<HTMLElement>('.lab-canvas');
    if (canvas === null || canvas === undefined) return;
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes(TRAY_MIME) !== true) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    };
    const drop = (e: DragEvent) => {
      const id = e.dataTransfer?.getData(TRAY_MIME) ?? '';
      const item = items.find((i) => i.device.id === id);
      if (id === '' || item === undefined) return;
      e.preventDefault();
      e.stopPropagation();
      const node = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>('.react-flow__node');
      const target = node?.dataset.id;
      if (target === undefined) return onMessage(`Drop ${id} onto a free root port or downstream port`);
      void place(item, target);
    };
    canvas.addEventListener('dragover', over, true);
    canvas.addEventListener('drop', drop, true);
    return () => {
      canvas.removeEventListener('dragover', over, true);
      canvas.removeEventListener('drop', drop, true);
    };
  }, [items, place, onMessage]);

  if (items.length === 0) return null;
  return (
    <section ref={strip} className="unplaced-tray" aria-label="Unplaced devices" data-testid="unplaced-tray">
      <header className="unplaced-tray__header">
        <h2>Unplaced ({items.length})</h2>
        <span>
          The listing does not say where these attach: drag each onto its port, or pick the port and press
          Place (<code>lspci -tv</code> on the machine shows which).
        </span>
      </header>
      <ul className="unplaced-tray__list">
        {items.map((item) => (
          <TrayCard
            key={item.device.id}
            item={item}
            ports={freePorts(spec, item.candidates)}
            onPlace={(i, p) => void place(i, p)}
          />
        ))}
      </ul>
    </section>
  );
}
