import './panels.css';
import type { ReactNode } from 'react';
import { useLabStore } from '../state/hooks';
import type { DockTab } from '../state/types';
import { EmptyState } from '../ui/EmptyState';
import { type TabItem, Tabs, tabId, tabPanelId } from '../ui/Tabs';
import { AccessConsole } from './AccessConsole';
import { DecoderTable } from './DecoderTable';

const TABS: readonly TabItem<DockTab>[] = [
  { id: 'console', label: 'Access console' },
  { id: 'decoders', label: 'HDM decoders' },
  { id: 'cedt', label: 'CEDT' },
  { id: 'address-map', label: 'Address map' },
  { id: 'dpa-hex', label: 'DPA hex' },
];

const PLANNED = 'Planned';
const NEEDS_CORE = 'The emulator core has it; this panel arrives with the panels issue.';

function panelContent(tab: DockTab): ReactNode {
  switch (tab) {
    case 'console':
      return <AccessConsole />;
    case 'decoders':
      return <DecoderTable />;
    case 'cedt':
      return (
        <EmptyState title="CEDT" tag={PLANNED}>
          The ACPI CXL Early Discovery Table built from this topology (CHBS per host bridge, CFMWS per
          window), decoded field by field and as hex. {NEEDS_CORE}
        </EmptyState>
      );
    case 'address-map':
      return (
        <EmptyState title="Address map" tag={PLANNED}>
          The host physical address map: windows, regions and the device behind each interleave chunk.{' '}
          {NEEDS_CORE}
        </EmptyState>
      );
    case 'dpa-hex':
      return (
        <EmptyState title="DPA hex" tag={PLANNED}>
          A hex view of a device's DPA space, showing the bytes written through the access console.{' '}
          {NEEDS_CORE}
        </EmptyState>
      );
    default: {
      const unreachable: never = tab;
      return unreachable;
    }
  }
}

const ID_PREFIX = 'dock';

/** The bottom dock: tabbed panels under the canvas, collapsible to its tab strip. */
export function Dock() {
  const active = useLabStore((s) => s.dockTab);
  const open = useLabStore((s) => s.dockOpen);
  const select = useLabStore((s) => s.setDockTab);
  const setOpen = useLabStore((s) => s.setDockOpen);
  return (
    <section className={open ? 'dock' : 'dock is-collapsed'} aria-label="Panels" data-testid="dock">
      <div className="dock__bar">
        <Tabs tabs={TABS} active={active} onChange={select} label="Panels" idPrefix={ID_PREFIX} />
        <button
          type="button"
          className="ui-icon-button"
          aria-expanded={open}
          aria-label={open ? 'Collapse panel' : 'Expand panel'}
          title={open ? 'Collapse panel' : 'Expand panel'}
          onClick={() => setOpen(!open)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="dock__chevron">
            <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
          </svg>
        </button>
      </div>
      {open && (
        <div
          className="dock__panel"
          role="tabpanel"
          id={tabPanelId(ID_PREFIX, active)}
          aria-labelledby={tabId(ID_PREFIX, active)}
          data-testid={`dock-panel-${active}`}
        >
          {panelContent(active)}
        </div>
      )}
    </section>
  );
}
