import './panels.css';
import { type ReactNode, useState } from 'react';
import { EmptyState } from '../ui/EmptyState';
import { type TabItem, Tabs, tabId, tabPanelId } from '../ui/Tabs';
import { DecoderTable } from './DecoderTable';

type DockTab = 'console' | 'decoders' | 'cedt' | 'address-map' | 'dpa-hex';

const TABS: readonly TabItem<DockTab>[] = [
  { id: 'console', label: 'Access console' },
  { id: 'decoders', label: 'HDM decoders' },
  { id: 'cedt', label: 'CEDT' },
  { id: 'address-map', label: 'Address map' },
  { id: 'dpa-hex', label: 'DPA hex' },
];

const PLANNED = 'Planned';
const NEEDS_CORE = 'Arrives with the emulator core (src/cxl), which is not wired into the lab yet.';

function panelContent(tab: DockTab): ReactNode {
  switch (tab) {
    case 'console':
      return (
        <EmptyState title="Access console" tag={PLANNED}>
          Read and write host physical addresses and follow each access through window, host bridge and device
          decoders to a DPA. {NEEDS_CORE}
        </EmptyState>
      );
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
  const [active, setActive] = useState<DockTab>('decoders');
  const [open, setOpen] = useState(true);
  const select = (tab: DockTab) => {
    setActive(tab);
    setOpen(true);
  };
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
          onClick={() => setOpen((o) => !o)}
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
