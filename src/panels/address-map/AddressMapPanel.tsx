// The Address map dock panel: the host address map like `/proc/iomem` and an interleave strip.
import './address-map.css';
import { useEffect, useMemo, useState } from 'react';
import { formatBytes, formatHex } from '../../lib/format';
import { ROOT_NODE_ID } from '../../lib/ids';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import type { AddressFocus } from '../../state/types';
import type { RoutedAddress } from '../../worker/inspect-types.ts';
import { PanelIntro } from '../PanelIntro';
import { addressMap, iomemRange, type MapEntry, stripPlan } from './address-map';

/** Device colours in the strip (theme tones, so both colour schemes work). */
const DEVICE_TONES = ['blue', 'orange', 'teal', 'violet', 'amber', 'green'] as const;

function focusOf(entry: MapEntry): AddressFocus | null {
  if (entry.target === null) return null;
  if (entry.kind === 'window') return { kind: 'window', id: entry.target };
  if (entry.kind === 'region') return { kind: 'region', id: entry.target };
  return null;
}

/**
 * The "Address map" panel: the host physical address map like `/proc/iomem` (windows, the regions
 * inside them, free space, unmapped holes, host bridge register blocks), each entry selectable; and
 * the interleave strip of the selected window or region — its first granules coloured by the
 * device each lands on, with the DPA there. Clicking a granule reads it and animates the read.
 */
export function AddressMapPanel() {
  const view = useLabStore(selectView);
  const focus = useLabStore((s) => s.focus);
  const setFocus = useLabStore((s) => s.setFocus);
  const select = useLabStore((s) => s.select);
  const entries = useMemo(() => (view === null ? [] : addressMap(view.spec, view.regions)), [view]);
  if (view === null) return <p className="dock__note">Starting the emulator…</p>;

  // Without a pick, the strip shows the first region (else the first window).
  const firstRegion = view.regions[0];
  const firstWindow = view.spec.windows[0];
  const shown: AddressFocus | null =
    focus ??
    (firstRegion !== undefined
      ? { kind: 'region', id: firstRegion.name }
      : firstWindow !== undefined
        ? { kind: 'window', id: firstWindow.id }
        : null);

  const pick = (entry: MapEntry) => {
    const f = focusOf(entry);
    if (entry.kind === 'registers' && entry.target !== null) {
      select(entry.target);
      return;
    }
    setFocus(f);
    if (entry.kind === 'window') select(ROOT_NODE_ID);
  };

  return (
    <div className="amap-panel" data-testid="address-map">
      <section className="amap" aria-label="Host physical address map">
        <PanelIntro>
          Host physical addresses like /proc/iomem: pick a window or region to see it interleave.
        </PanelIntro>
        <ol className="amap__list ui-mono">
          {entries.map((e) => {
            const f = focusOf(e);
            const active = f !== null && shown !== null && f.kind === shown.kind && f.id === shown.id;
            const selectable = e.target !== null;
            const body = (
              <>
                <span className="amap__range">{iomemRange(e.start, e.end)}</span>
                <span className="amap__sep"> : </span>
                <span className="amap__label">{e.label}</span>
                <span className="amap__size">{formatBytes(e.end - e.start)}</span>
                {e.kind === 'region' && e.committed === false && (
                  <span className="amap__warn">not committed</span>
                )}
                {(e.problems?.length ?? 0) > 0 && (
                  <span className="amap__warn" title={e.problems?.join('\n')}>
                    {e.problems?.length} problem{e.problems?.length === 1 ? '' : 's'}
                  </span>
                )}
                <span className="amap__detail">{e.detail}</span>
              </>
            );
            return (
              <li
                key={`${e.kind}:${e.start}:${e.label}`}
                className={`amap__entry amap__entry--${e.kind} amap__entry--d${e.depth}${active ? ' is-active' : ''}`}
                data-testid={`amap-${e.kind}-${e.target ?? e.start.toString(16)}`}
              >
                {selectable ? (
                  <button
                    type="button"
                    className="amap__button"
                    onClick={() => pick(e)}
                    aria-pressed={active}
                  >
                    {body}
                  </button>
                ) : (
                  <div className="amap__button is-static">{body}</div>
                )}
              </li>
            );
          })}
        </ol>
      </section>
      {shown !== null && <InterleaveStrip focus={shown} />}
    </div>
  );
}

function InterleaveStrip({ focus }: { focus: AddressFocus }) {
  const view = useLabStore(selectView);
  const query = useLabStore((s) => s.query);
  const readMemory = useLabStore((s) => s.readMemory);
  const pickAnswer = useLabStore((s) => s.pickAnswer);
  const plan = useMemo(
    () => (view === null ? null : stripPlan(view.spec, view.regions, focus)),
    [view, focus],
  );
  const [routes, setRoutes] = useState<{ key: string; routes: RoutedAddress[] } | null>(null);
  const key = plan === null ? '' : `${plan.base}:${plan.granularity}:${plan.count}`;

  useEffect(() => {
    if (plan === null || view === null) return;
    let live = true;
    const hpas = Array.from({ length: plan.count }, (_, i) => plan.base + i * plan.granularity);
    void query('route.batch', { hpas }).then((r) => {
      if (live && r.ok)
        setRoutes({ key: `${plan.base}:${plan.granularity}:${plan.count}`, routes: r.value.routes });
    });
    return () => {
      live = false;
    };
  }, [plan, view, query]);

  if (view === null || plan === null) return null;
  const devices = view.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id);
  const toneOf = (device: string | undefined) =>
    device === undefined ? 'none' : DEVICE_TONES[devices.indexOf(device) % DEVICE_TONES.length];
  const list = routes?.key === key ? routes.routes : [];
  const used = [...new Set(list.filter((r) => r.ok).map((r) => r.device ?? ''))];

  return (
    <section className="strip" aria-label={`Interleave of ${plan.title}`} data-testid="interleave-strip">
      <div className="strip__head">
        <span className="strip__title">
          Interleave of <strong>{plan.title}</strong>
        </span>
        <span className="strip__meta">
          first {plan.count} granules of {formatBytes(plan.granularity)} from {formatHex(plan.base)} · click
          one to read it
        </span>
      </div>
      <ol className="strip__cells">
        {list.map((r, i) => (
          <li key={r.hpa}>
            <button
              type="button"
              className={`strip__cell strip__cell--${toneOf(r.device)}${r.ok ? '' : ' is-unmapped'}`}
              title={
                r.ok
                  ? `Granule ${i}: HPA ${formatHex(r.hpa)} → ${r.device} DPA ${formatHex(r.dpa ?? 0)}; click to read 8 bytes`
                  : `Granule ${i}: HPA ${formatHex(r.hpa)}: ${r.error ?? 'unmapped'}`
              }
              onClick={() => {
                void readMemory(r.hpa, 8);
                if (r.ok && r.device !== undefined)
                  pickAnswer({ source: 'granule', device: r.device, hpa: r.hpa });
              }}
              data-testid={`strip-cell-${i}`}
              data-device={r.device ?? ''}
            >
              <span className="strip__index">{i}</span>
              <span className="strip__device">{r.ok ? r.device : '—'}</span>
              <span className="strip__dpa">{r.ok ? formatHex(r.dpa ?? 0) : 'unmapped'}</span>
            </button>
          </li>
        ))}
      </ol>
      {used.length > 0 && (
        <div className="strip__legend">
          {used.map((d) => (
            <span key={d} className={`strip__key strip__cell--${toneOf(d)}`}>
              {d}
            </span>
          ))}
          <span className="strip__note">
            Each cell is one granule of HPA; its colour is the device that stores it, and the number is the
            DPA there.
          </span>
        </div>
      )}
    </section>
  );
}
