// The resizable bottom dock holding the tabbed panels under the canvas.
import './panels.css';
import './dock.css';
import {
  type KeyboardEvent,
  lazy,
  type PointerEvent,
  type ReactNode,
  type RefObject,
  Suspense,
  useRef,
} from 'react';
import { useLabStore } from '../state/hooks';
import { DOCK_MIN_HEIGHT } from '../state/slices/panels-slice';
import type { DockTab } from '../state/types';
import { type TabItem, Tabs, tabId, tabPanelId } from '../ui/Tabs';
import { CHECK_TAB_ID, useCheckTabLabel } from './check/use-check';

// Each panel loads the first time its tab is shown (none is in the initial bundle).
const AccessConsole = lazy(() => import('./AccessConsole').then((m) => ({ default: m.AccessConsole })));
const AddressMapPanel = lazy(() =>
  import('./address-map/AddressMapPanel').then((m) => ({ default: m.AddressMapPanel })),
);
const CedtPanel = lazy(() => import('./cedt/CedtPanel').then((m) => ({ default: m.CedtPanel })));
const DpaHexPanel = lazy(() => import('./dpa-hex/DpaHexPanel').then((m) => ({ default: m.DpaHexPanel })));
const HdmPanel = lazy(() => import('./hdm/HdmPanel').then((m) => ({ default: m.HdmPanel })));
const DevicePanel = lazy(() => import('./device/DevicePanel').then((m) => ({ default: m.DevicePanel })));
const CheckPanel = lazy(() => import('./check/CheckPanel').then((m) => ({ default: m.CheckPanel })));
const FabricPanel = lazy(() => import('./fabric/FabricPanel').then((m) => ({ default: m.FabricPanel })));

const TABS: readonly TabItem<DockTab>[] = [
  { id: 'console', label: 'Access console' },
  { id: 'decoders', label: 'HDM decoders' },
  { id: 'cedt', label: 'CEDT' },
  { id: 'address-map', label: 'Address map' },
  { id: 'dpa-hex', label: 'DPA hex' },
  { id: 'device', label: 'Device' },
];
/**
 * Shown only for a multi-host lab (issue 18), first: a single-host lab has no fabric to manage, and in
 * a multi-host lab it is where the bindings are (the strip scrolls at 1024 px, so later tabs hide).
 */
const FABRIC_TAB: TabItem<DockTab> = { id: 'fabric', label: 'Fabric' };

function panelContent(tab: DockTab): ReactNode {
  switch (tab) {
    case 'console':
      return <AccessConsole />;
    case 'decoders':
      return <HdmPanel />;
    case 'cedt':
      return <CedtPanel />;
    case 'address-map':
      return <AddressMapPanel />;
    case 'dpa-hex':
      return <DpaHexPanel />;
    case 'device':
      return <DevicePanel />;
    case CHECK_TAB_ID:
      return <CheckPanel />;
    case 'fabric':
      return <FabricPanel />;
    default: {
      const unreachable: never = tab;
      return unreachable;
    }
  }
}

const ID_PREFIX = 'dock';
/** Height the canvas keeps when the dock is dragged up. */
const CANVAS_MIN_HEIGHT = 140;
const KEY_STEP = 24;

/**
 * Resizing the dock from its top edge: a pointer drag, or ↑/↓ (a step), Home (as tall as the canvas
 * allows) and End (the least height) on the focused edge. The canvas keeps `CANVAS_MIN_HEIGHT`.
 */
function useDockResize(ref: RefObject<HTMLElement | null>) {
  const open = useLabStore((s) => s.dockOpen);
  const height = useLabStore((s) => s.dockHeight);
  const setOpen = useLabStore((s) => s.setDockOpen);
  const setHeight = useLabStore((s) => s.setDockHeight);
  const drag = useRef<{ startY: number; startHeight: number } | null>(null);

  const maxHeight = (): number => {
    const parent = ref.current?.parentElement;
    return Math.max(DOCK_MIN_HEIGHT, (parent?.clientHeight ?? 800) - CANVAS_MIN_HEIGHT);
  };
  const resize = (h: number) => setHeight(Math.min(maxHeight(), h));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startHeight: ref.current?.offsetHeight ?? height };
    if (!open) setOpen(true);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d !== null) resize(d.startHeight + (d.startY - event.clientY));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const delta =
      event.key === 'ArrowUp'
        ? KEY_STEP
        : event.key === 'ArrowDown'
          ? -KEY_STEP
          : event.key === 'Home'
            ? 1e6
            : 0;
    if (event.key === 'End') {
      event.preventDefault();
      resize(DOCK_MIN_HEIGHT);
      return;
    }
    if (delta === 0) return;
    event.preventDefault();
    if (!open) setOpen(true);
    resize(height + delta);
  };
  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onKeyDown };
}

/** The chevron that collapses the dock to its tab strip, or opens it again. */
function DockToggle({ open, setOpen }: { open: boolean; setOpen: (open: boolean) => void }) {
  return (
    <button
      type="button"
      className="ui-icon-button"
      aria-expanded={open}
      aria-label={open ? 'Collapse panel' : 'Expand panel'}
      title={open ? 'Collapse panel' : 'Expand panel'}
      onClick={() => setOpen(!open)}
      data-testid="dock-toggle"
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="dock__chevron">
        <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
      </svg>
    </button>
  );
}

/**
 * The bottom dock: tabbed panels under the canvas. Drag its top edge (or focus the edge and use the
 * arrow keys) to resize it; the chevron collapses it to its tab strip.
 */
export function Dock() {
  const dockTab = useLabStore((s) => s.dockTab);
  const open = useLabStore((s) => s.dockOpen);
  const height = useLabStore((s) => s.dockHeight);
  const select = useLabStore((s) => s.setDockTab);
  const setOpen = useLabStore((s) => s.setDockOpen);
  const checkLabel = useCheckTabLabel(); // also keeps the Check findings current
  const multiHost = useLabStore((s) => s.view?.fabric !== undefined);
  // A single-host lab has no Fabric tab: one left open by a multi-host lab falls back to the first.
  const active: DockTab = dockTab === 'fabric' && !multiHost ? 'decoders' : dockTab;
  const ref = useRef<HTMLElement>(null);
  const resizer = useDockResize(ref);

  return (
    <section
      ref={ref}
      className={open ? 'dock' : 'dock is-collapsed'}
      style={open ? { flexBasis: height } : undefined}
      aria-label="Panels"
      data-testid="dock"
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a focusable splitter (WAI-ARIA window splitter), not a rule */}
      <div
        className="dock__resize"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the panels (arrow keys)"
        aria-valuemin={DOCK_MIN_HEIGHT}
        aria-valuenow={open ? height : 0}
        tabIndex={0}
        {...resizer}
        data-testid="dock-resize"
      />
      <div className="dock__bar">
        <Tabs
          tabs={[...(multiHost ? [FABRIC_TAB] : []), ...TABS, { id: CHECK_TAB_ID, label: checkLabel }]}
          active={active}
          onChange={select}
          label="Panels"
          idPrefix={ID_PREFIX}
        />
        <DockToggle open={open} setOpen={setOpen} />
      </div>
      {open && (
        <div
          className="dock__panel"
          role="tabpanel"
          id={tabPanelId(ID_PREFIX, active)}
          aria-labelledby={tabId(ID_PREFIX, active)}
          data-testid={`dock-panel-${active}`}
        >
          <Suspense fallback={null}>{panelContent(active)}</Suspense>
        </div>
      )}
    </section>
  );
}
