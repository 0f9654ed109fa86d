// The "Device" dock panel: the device side of a component (config space, device registers, mailbox…), one sub-view at a time.
import './device.css';
import { type ComponentType, type LazyExoticComponent, lazy, Suspense, useState } from 'react';
import type { ComponentSpec } from '../../cxl/topology/model.ts';
import { useLabStore } from '../../state/hooks';
import { selectSpec } from '../../state/selectors';
import { Tabs, tabId, tabPanelId } from '../../ui/Tabs';
import { PanelIntro } from '../PanelIntro';
import { DEVICE_VIEWS, type DeviceViewEntry, type DeviceViewProps } from './device-views';

const ID_PREFIX = 'device-view';

/** Each sub-view's component, loaded the first time it is shown. */
const LAZY = new Map<string, LazyExoticComponent<ComponentType<DeviceViewProps>>>(
  DEVICE_VIEWS.map((v) => [v.id, lazy(() => v.load().then((c) => ({ default: c })))]),
);

const KIND_LABEL: Record<ComponentSpec['kind'], string> = {
  'host-bridge': 'host bridge',
  'root-port': 'root port',
  switch: 'switch upstream port',
  'downstream-port': 'downstream port',
  type3: 'Type 3 device',
};

/** The component the view shows: the canvas selection if it fits, else the one picked, else the first. */
function currentComponent(
  fitting: readonly ComponentSpec[],
  selectedId: string | null,
  picked: string | null,
): ComponentSpec | undefined {
  return fitting.find((c) => c.id === selectedId) ?? fitting.find((c) => c.id === picked) ?? fitting[0];
}

/**
 * The "Device" tab. A strip of sub-views from `DEVICE_VIEWS`; a picker of the components the view
 * applies to (following the canvas selection); the view itself, loaded on first use.
 */
export function DevicePanel() {
  const spec = useLabStore(selectSpec);
  const selectedId = useLabStore((s) => s.selectedId);
  const select = useLabStore((s) => s.select);
  const [viewId, setViewId] = useState<string>(DEVICE_VIEWS[0]?.id ?? '');
  const [picked, setPicked] = useState<string | null>(null);

  if (spec === null) return <p className="dock__note">Starting the emulator…</p>;
  const entry: DeviceViewEntry | undefined = DEVICE_VIEWS.find((v) => v.id === viewId) ?? DEVICE_VIEWS[0];
  if (entry === undefined) return null;
  const fitting = spec.components.filter((c) => entry.kinds.includes(c.kind));
  const current = currentComponent(fitting, selectedId, picked);
  const View = LAZY.get(entry.id);

  return (
    <div className="device-panel" data-testid="device-panel">
      <div className="device-panel__bar">
        <Tabs
          tabs={DEVICE_VIEWS.map((v) => ({ id: v.id, label: v.label }))}
          active={entry.id}
          onChange={setViewId}
          label="Device views"
          idPrefix={ID_PREFIX}
        />
        <label className="device-panel__picker">
          <span>Component</span>
          <select
            className="ui-input"
            value={current?.id ?? ''}
            disabled={fitting.length === 0}
            data-testid="device-component"
            onChange={(e) => {
              setPicked(e.target.value);
              select(e.target.value);
            }}
          >
            {fitting.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id} · {KIND_LABEL[c.kind]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div
        className="device-panel__view"
        role="tabpanel"
        id={tabPanelId(ID_PREFIX, entry.id)}
        aria-labelledby={tabId(ID_PREFIX, entry.id)}
        data-testid={`device-view-${entry.id}`}
      >
        <PanelIntro>{entry.intro}</PanelIntro>
        {current === undefined || View === undefined ? (
          <p className="dock__note">
            No component here has this view: it needs a {entry.kinds.map((k) => KIND_LABEL[k]).join(' or ')}.
          </p>
        ) : (
          <Suspense fallback={<p className="dock__note">Loading…</p>}>
            <View key={`${entry.id}:${current.id}`} component={current.id} kind={current.kind} />
          </Suspense>
        )}
      </div>
    </div>
  );
}
