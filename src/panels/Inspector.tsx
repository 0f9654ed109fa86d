// The right-hand Inspector: the selected component's properties, or the topology overview.
import './panels.css';
import { lazy, Suspense } from 'react';
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import { KIND_INFO, RCH_INFO, ROOT_INFO } from '../lib/component-kinds';
import { formatBytes, formatHex, formatRange } from '../lib/format';
import { ROOT_NODE_ID } from '../lib/ids';
import { summarizeWindow } from '../lib/window-summary';
import { useLabStore } from '../state/hooks';
import { selectDecoders, selectSpec, selectView } from '../state/selectors';
import { Badge } from '../ui/Badge';
import { PanelHeader } from '../ui/PanelHeader';
import { type Property, PropertyList } from '../ui/PropertyList';
import type { DecoderState, LabView } from '../worker/protocol.ts';
import { LabNotes } from './check/LabNotes';
import { componentDecoderRows } from './decoder-rows';
import { PlatformControl } from './PlatformControl';

// The editors load the first time something is selected.
const AddWindowButton = lazy(() => import('./PropertyEditor').then((m) => ({ default: m.AddWindowButton })));
const ComponentEditor = lazy(() => import('./PropertyEditor').then((m) => ({ default: m.ComponentEditor })));
const WindowEditor = lazy(() => import('./PropertyEditor').then((m) => ({ default: m.WindowEditor })));

/** Right-hand panel: the selected node's properties, or a hint and the topology's overview. */
export function Inspector() {
  const spec = useLabStore(selectSpec);
  const view = useLabStore(selectView);
  const decoders = useLabStore(selectDecoders);
  const selectedId = useLabStore((s) => s.selectedId);
  const selected = spec?.components.find((c) => c.id === selectedId);

  return (
    <aside className="inspector" aria-labelledby="inspector-title" data-testid="inspector">
      <PanelHeader title="Inspector" id="inspector-title" />
      <div className="inspector__body">
        {spec === null || view === null ? (
          <p className="inspector__hint">Starting the emulator…</p>
        ) : selectedId === ROOT_NODE_ID ? (
          <RootDetails spec={spec} />
        ) : selected !== undefined ? (
          <ComponentDetails
            spec={spec}
            component={selected}
            decoders={decoders[selected.id] ?? []}
            memory={view.memory[selected.id]}
            rcrbBlocks={view.rcrbBlocks}
          />
        ) : (
          <Overview view={view} />
        )}
      </div>
    </aside>
  );
}

function Overview({ view }: { view: LabView }) {
  const { spec } = view;
  // A multi-host lab's notes (its walkthrough) belong to the whole lab, not the focused host's view.
  const notes = view.fabric?.spec.notes ?? spec.notes;
  const count = (kind: ComponentSpec['kind']) => spec.components.filter((c) => c.kind === kind).length;
  const capacity = spec.components.reduce(
    (sum, c) => (c.kind === 'type3' ? sum + c.volatile + c.persistent : sum),
    0,
  );
  const touched = Object.values(view.memory).reduce((n, m) => n + m.touchedPages, 0);
  return (
    <>
      <p className="inspector__hint" data-testid="inspector-hint">
        Select a component on the canvas to see its properties.
      </p>
      <section className="inspector__section" aria-label="Topology">
        <h3 className="inspector__section-title">Topology</h3>
        <PropertyList
          items={[
            { name: 'Name', value: spec.name || 'Untitled' },
            { name: 'Format', value: view.fabric === undefined ? 'cxl-lab/1' : 'cxl-lab/2', mono: true },
            { name: 'Windows', value: spec.windows.length, mono: true },
            { name: 'Host bridges', value: count('host-bridge'), mono: true },
            { name: 'Root ports', value: count('root-port'), mono: true },
            { name: 'Switches', value: count('switch'), mono: true },
            { name: 'Devices', value: count('type3'), mono: true },
            { name: 'Capacity', value: formatBytes(capacity), mono: true },
            { name: 'Regions', value: view.regions.map((r) => r.name).join(', ') || 'none', mono: true },
            { name: 'Memory written', value: formatBytes(touched * 4096), mono: true },
          ]}
        />
      </section>
      <PlatformControl spec={spec} />
      {notes !== undefined && notes.trim() !== '' && (
        <section className="inspector__section" aria-label="Notes" data-testid="inspector-notes">
          <h3 className="inspector__section-title">Notes</h3>
          <LabNotes notes={notes} key={notes} />
        </section>
      )}
      {view.findings.length > 0 && (
        <section className="inspector__section" aria-label="Findings">
          <h3 className="inspector__section-title">Findings</h3>
          <ul className="inspector__findings">
            {view.findings.map((f) => (
              <li key={`${f.code}:${f.message}`}>{f.message}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Title({
  badge,
  tone,
  name,
  kind,
}: Pick<typeof ROOT_INFO, 'badge' | 'tone'> & { name: string; kind: string }) {
  return (
    <div className="inspector__title" data-testid="inspector-title">
      <Badge text={badge} tone={tone} />
      <span className="inspector__name">{name}</span>
      <span className="inspector__kind">{kind}</span>
    </div>
  );
}

function hostBridgeIds(spec: TopologySpec): string[] {
  return spec.components.filter((c) => c.kind === 'host-bridge').map((c) => c.id);
}

function RootDetails({ spec }: { spec: TopologySpec }) {
  return (
    <>
      <Title badge={ROOT_INFO.badge} tone={ROOT_INFO.tone} name={ROOT_INFO.label} kind="ACPI0017" />
      <p className="inspector__blurb">{ROOT_INFO.blurb}</p>
      <PlatformControl spec={spec} />
      {spec.windows.map((w) => {
        const s = summarizeWindow(w);
        return (
          <section className="inspector__section" key={w.id} aria-label={`Window ${w.id}`}>
            <h3 className="inspector__section-title">Window {w.id}</h3>
            <PropertyList
              items={[
                { name: 'Range', value: formatRange(w.base, w.size), mono: true },
                { name: 'Size', value: s.size, mono: true },
                { name: 'Interleave', value: `${s.interleave} (${w.arithmetic})`, mono: true },
                { name: 'Targets', value: <SelectLinks ids={w.targets} />, mono: true },
                { name: 'Restrictions', value: w.restrictions.join(', ') || 'none' },
                { name: 'QTG', value: w.qtg, mono: true },
              ]}
            />
            <Suspense fallback={null}>
              <WindowEditor window={w} hostBridges={hostBridgeIds(spec)} />
            </Suspense>
          </section>
        );
      })}
      <section className="inspector__section" aria-label="New window">
        <Suspense fallback={null}>
          <AddWindowButton hostBridges={hostBridgeIds(spec)} />
        </Suspense>
      </section>
    </>
  );
}

function ComponentDetails({
  spec,
  component: c,
  decoders,
  memory,
  rcrbBlocks,
}: {
  spec: TopologySpec;
  component: ComponentSpec;
  decoders: readonly DecoderState[];
  memory: LabView['memory'][string] | undefined;
  rcrbBlocks: LabView['rcrbBlocks'];
}) {
  const info = c.kind === 'host-bridge' && c.restricted === true ? RCH_INFO : KIND_INFO[c.kind];
  const children = spec.components
    .filter((k) => k.kind !== 'host-bridge' && k.parent === c.id)
    .map((k) => k.id);
  const props: Property[] = [{ name: 'Id', value: c.id, mono: true }];
  switch (c.kind) {
    case 'host-bridge':
      props.push({ name: 'UID', value: c.uid, mono: true });
      if (c.restricted === true)
        props.push({ name: 'RCRB', value: formatHex(c.componentRegBase), mono: true });
      break;
    case 'root-port':
    case 'downstream-port':
      props.push({ name: 'Port number', value: c.port, mono: true });
      break;
    case 'type3':
      props.push(
        { name: 'Volatile', value: formatBytes(c.volatile), mono: true },
        { name: 'Persistent', value: formatBytes(c.persistent), mono: true },
      );
      if (memory !== undefined) {
        props.push({ name: 'Written', value: formatBytes(memory.touchedPages * 4096), mono: true });
      }
      // A restricted device (RCD): its DVSEC Mem_Enable and ranges (CXL 2.0 §8.1.3.8).
      for (const [i, r] of (c.dvsec?.ranges ?? []).entries()) {
        const off = c.dvsec?.memEnable === false ? ' (Mem_Enable 0)' : '';
        props.push({
          name: `DVSEC Range ${i + 1}`,
          value: `${formatHex(r.base)} + ${formatBytes(r.size)}${off}`,
          mono: true,
        });
      }
      break;
    case 'switch':
      break;
  }
  // CXL 1.1 RCH / RCD: where the RCRB's MEMBAR0s point (worker rch-inspect.ts rcrbBlocksView).
  for (const b of rcrbBlocks?.[c.id] ?? [])
    props.push({ name: b.name, value: formatHex(b.address), mono: true });
  props.push({
    name: 'Parent',
    value: <SelectLinks ids={[c.kind === 'host-bridge' ? ROOT_NODE_ID : c.parent]} />,
    mono: true,
  });
  if (children.length > 0)
    props.push({ name: 'Children', value: <SelectLinks ids={children} />, mono: true });
  if (decoders.length > 0) props.push({ name: 'HDM decoders', value: decoders.length, mono: true });

  const rows = componentDecoderRows(spec, c, decoders);
  return (
    <>
      <Title badge={info.badge} tone={info.tone} name={c.id} kind={info.label} />
      <p className="inspector__blurb">{info.blurb}</p>
      <section className="inspector__section" aria-label="Properties">
        <h3 className="inspector__section-title">Properties</h3>
        <PropertyList items={props} />
      </section>
      <Suspense fallback={null}>
        <ComponentEditor component={c} />
      </Suspense>
      {rows.map((row) => (
        <section className="inspector__section" key={row.name} aria-label={`Decoder ${row.name}`}>
          <h3 className="inspector__section-title">HDM decoder {row.index}</h3>
          <PropertyList
            items={[
              { name: 'Range', value: row.range, mono: true },
              { name: 'Size', value: row.size, mono: true },
              { name: 'Interleave', value: row.interleave, mono: true },
              ...(row.targets === null ? [] : [{ name: 'Targets', value: row.targets, mono: true }]),
              ...(row.skip === null ? [] : [{ name: 'DPA skip', value: row.skip, mono: true }]),
              { name: 'State', value: row.state },
            ]}
          />
        </section>
      ))}
    </>
  );
}

/** Ids rendered as links that select that node; an empty id renders as "none". */
function SelectLinks({ ids }: { ids: readonly string[] }) {
  const select = useLabStore((s) => s.select);
  const shown = ids.filter((id) => id !== '');
  if (shown.length === 0) return <span className="inspector__none">none</span>;
  return (
    <span className="inspector__links">
      {shown.map((id) => (
        <button key={id} type="button" className="ui-link" onClick={() => select(id)}>
          {id === ROOT_NODE_ID ? 'CXL root' : id}
        </button>
      ))}
    </span>
  );
}
