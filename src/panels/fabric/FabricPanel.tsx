// The "Fabric" dock panel (issue 18): the Fabric Manager of a multi-host lab — binding table with Bind/Unbind, any FM API command, LD allocations — and the pending background operation.
import '../device/device.css';
import './fabric.css';
import { useEffect, useState } from 'react';
import { useLabStore, useLabStoreApi } from '../../state/hooks';
import { Tabs, tabId, tabPanelId } from '../../ui/Tabs';
import type { FmCommandView } from '../../worker/fabric-types.ts';
import type { FabricView } from '../../worker/lab-types.ts';
import { PanelIntro } from '../PanelIntro';
import { BindingTable, type RowAction } from './BindingTable';
import { FmCommandForm } from './FmCommandForm';
import { fabricRows } from './fabric-rows';
import { fmAccepted, useFmSession } from './fm-session';
import { LdAllocations } from './LdAllocations';
import { PendingOp } from './PendingOp';
import { BindForm, UnbindForm } from './RowForms';
import { type FmRunner, useFmRun } from './use-fm-run';

type View = 'bindings' | 'command' | 'allocations';
const VIEWS: { id: View; label: string; intro: string }[] = [
  {
    id: 'bindings',
    label: 'Bindings',
    intro:
      'Each VCS belongs to the host its upstream port links to; its vPPBs bind to a downstream port or one LD of an MLD (CXL 2.0 §7.1, §7.6.7.2). Bind and Unbind run in the background: step them in the bar above. Each Step is an undo step (Ctrl+Z); only the start and the completion leave a toast, whose Undo goes back to before the start, or to the step before the completion.',
  },
  {
    id: 'command',
    label: 'Any command',
    intro: 'Any Fabric Manager API command (CXL 2.0 §7.6.7), sent by a fabric manager that is not any host.',
  },
  {
    id: 'allocations',
    label: 'LD allocations',
    intro:
      'How each MLD splits its media among its LDs (CXL 2.0 §7.6.7.4.2–.3): multiples of its granularity.',
  },
];
const ID_PREFIX = 'fabric-view';

function LastAnswer() {
  const last = useFmSession((s) => s.last);
  if (last === null) return null;
  const t = last.tunnelled;
  const rc = t?.returnCode ?? last.returnCode;
  return (
    <p className={fmAccepted(rc) ? 'mbox-rc is-ok' : 'mbox-rc is-error'} data-testid="fm-last">
      {last.command} on {last.switch} →{' '}
      <strong data-testid="fm-last-rc">{t?.returnCodeName ?? last.returnCodeName}</strong>:{' '}
      {t?.message ?? last.message}
    </p>
  );
}

function Bindings({ fabric, runner }: { fabric: FabricView; runner: FmRunner }) {
  const [active, setActive] = useState<{ key: string; action: RowAction } | null>(null);
  const rows = fabricRows(fabric);
  const row = rows.find((r) => r.key === active?.key);
  const close = () => setActive(null);
  return (
    <div className="fm-bindings">
      <div className="fm-bindings__table">
        <BindingTable
          rows={rows}
          active={active}
          focusHost={fabric.focus}
          onAction={(r, action) =>
            setActive(active?.key === r.key && active.action === action ? null : { key: r.key, action })
          }
        />
        <LastAnswer />
      </div>
      {row !== undefined && active?.action === 'bind' && (
        <BindForm
          key={row.key}
          row={row}
          spec={fabric.spec}
          pending={fabric.pending}
          runner={runner}
          onDone={close}
        />
      )}
      {row !== undefined && active?.action === 'unbind' && (
        <UnbindForm key={row.key} row={row} runner={runner} onDone={close} />
      )}
    </div>
  );
}

/** The FM command catalogue, asked once per session (it never changes). */
function useCatalog(): FmCommandView[] {
  const query = useLabStore((s) => s.query);
  const catalog = useFmSession((s) => s.catalog);
  const setCatalog = useFmSession((s) => s.setCatalog);
  const empty = catalog.length === 0;
  useEffect(() => {
    if (!empty) return;
    let live = true;
    void query('fm.catalog', {}).then((r) => {
      if (live && r.ok) setCatalog(r.value.commands);
    });
    return () => {
      live = false;
    };
  }, [query, empty, setCatalog]);
  return catalog;
}

/**
 * Dock height the panel asks for when it is shown: its tabs, the binding table's header and four rows,
 * and a toast at the dock's foot (a 1024×700 window starts with a 182 px dock, where the table had
 * no row left in sight while a toast showed). Asked once per showing; the user may drag it smaller.
 */
const FABRIC_DOCK_HEIGHT = 280;

function useDockRoom() {
  const store = useLabStoreApi();
  useEffect(() => {
    const { dockHeight, setDockHeight } = store.getState();
    // Never more than 45 % of the window: the canvas keeps the larger part of a short one.
    const wanted = Math.min(FABRIC_DOCK_HEIGHT, Math.round(window.innerHeight * 0.45));
    if (dockHeight < wanted) setDockHeight(wanted);
  }, [store]);
}

export function FabricPanel() {
  useDockRoom();
  const fabric = useLabStore((s) => s.view?.fabric);
  const [view, setView] = useState<View>('bindings');
  const runner = useFmRun();
  const catalog = useCatalog();
  const announcement = useFmSession((s) => s.announcement);
  const labId = useLabStore((s) => s.labId);
  const forLab = useFmSession((s) => s.forLab);
  useEffect(() => forLab(labId), [forLab, labId]);
  if (fabric === undefined)
    return (
      <p className="dock__note" data-testid="fabric-single-host">
        This lab has one host and no shared fabric: the Fabric Manager works on a multi-host lab (a cxl-lab/2
        file).
      </p>
    );
  const entry = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  return (
    <div className="device-panel fm-panel" data-testid="fabric-panel">
      <div className="device-panel__bar">
        <Tabs
          tabs={VIEWS}
          active={view}
          onChange={setView}
          label="Fabric Manager views"
          idPrefix={ID_PREFIX}
        />
        {/* Beside the view tabs, not above the view: a short dock (1024×700) keeps its rows for the table. */}
        <PendingOp pending={fabric.pending} />
      </div>
      <p className="ui-visually-hidden" role="status" data-testid="fm-announce">
        {announcement}
      </p>
      <div
        className="device-panel__view fm-panel__view"
        role="tabpanel"
        id={tabPanelId(ID_PREFIX, view)}
        aria-labelledby={tabId(ID_PREFIX, view)}
        data-testid={`fabric-view-${view}`}
      >
        <PanelIntro>{entry?.intro}</PanelIntro>
        {view === 'bindings' && <Bindings fabric={fabric} runner={runner} />}
        {view === 'command' && <FmCommandForm spec={fabric.spec} catalog={catalog} runner={runner} />}
        {view === 'allocations' && (
          <LdAllocations spec={fabric.spec} bindings={fabric.bindings} runner={runner} />
        )}
      </div>
    </div>
  );
}
