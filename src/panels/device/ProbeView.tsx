// The Device tab's "Linux probe" view: what Linux v6.5 sends when it binds the device, the capacities it derives, and a step-through of the register accesses.
import './lsa-probe.css';
import { useCallback, useState } from 'react';
import type { DeviceViewProps } from './device-view-types';
import { flatten, ProbeStepper } from './ProbeStepper';
import { ProbeTimeline } from './ProbeTimeline';
import { useDeviceQuery } from './use-device-query';

export function ProbeView({ component }: DeviceViewProps) {
  const [native, setNative] = useState(false);
  const { data, error } = useDeviceQuery(
    'device.probe',
    { device: component, nativeErrors: native },
    `${component}:${native}`,
  );
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const onMove = useCallback((n: number) => setAt(n), []);
  const onPlay = useCallback((p: boolean) => setPlaying(p), []);
  if (error !== null) return <p className="dock__note dev-error">{error}</p>;
  if (data === null) return <p className="dock__note">Replaying the probe…</p>;
  const accesses = flatten(data.steps);
  const cur = accesses[Math.min(at, Math.max(0, accesses.length - 1))];
  const toggle = (n: number) => {
    const next = new Set(open);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    setOpen(next);
    const first = accesses.findIndex((a) => a.step === n);
    if (first >= 0) setAt(first);
  };
  return (
    <>
      <div className="probe-head">
        <p className="dev-note" data-testid="probe-outcome">
          {data.kernel}:{' '}
          {data.ok ? (
            'the driver binds.'
          ) : (
            <strong className="dev-error">the probe fails — {data.failure}</strong>
          )}
        </p>
        <label className="probe-native">
          <input
            type="checkbox"
            checked={native}
            onChange={(e) => {
              setNative(e.target.checked);
              setAt(0);
              setPlaying(false);
            }}
          />
          Native CXL error control (_OSC)
        </label>
      </div>
      <div className="probe-split">
        <div className="dev-tree">
          <ProbeTimeline steps={data.steps} open={open} current={cur?.step ?? null} onToggle={toggle} />
        </div>
        <div className="probe-side">
          <ProbeStepper
            accesses={accesses}
            registers={data.registerMap}
            at={Math.min(at, Math.max(0, accesses.length - 1))}
            playing={playing}
            onMove={onMove}
            onPlay={onPlay}
          />
          {data.capacities !== null && (
            <p className="dev-note" data-testid="probe-capacities">
              ram {data.capacities.ramText}, pmem {data.capacities.pmemText}. {data.capacities.how}.
            </p>
          )}
          {data.cxlList !== null && (
            <figure className="probe-list">
              <figcaption>cxl list -M (ndctl cxl/json.c)</figcaption>
              <pre className="ui-mono" data-testid="probe-cxl-list">
                {data.cxlList}
              </pre>
            </figure>
          )}
        </div>
      </div>
    </>
  );
}
