// The canvas legend: one colour per region (and per host in a multi-host lab), then the state marks.
import { type CSSProperties, memo, useMemo } from 'react';
import { formatBytes } from '../lib/format';
import { hostColor, hostMark } from '../lib/host-colors';
import { useLabStore } from '../state/hooks';
import type { RegionLegendEntry } from './paint';

/** One host of a multi-host lab in the legend: its colour beside its mark and name. */
export interface HostLegendEntry {
  id: string;
  name: string;
  color: string;
  mark: string;
  focused: boolean;
}

const NO_HOSTS: readonly HostLegendEntry[] = [];

/** The hosts of the open multi-host lab (none for a single-host lab). */
export function useHostLegend(): readonly HostLegendEntry[] {
  const fabric = useLabStore((s) => s.view?.fabric);
  return useMemo(
    () =>
      fabric === undefined
        ? NO_HOSTS
        : fabric.hosts.map((h, i) => ({
            id: h.id,
            name: h.name,
            color: hostColor(i),
            mark: hostMark(i),
            focused: h.id === fabric.focus,
          })),
    [fabric],
  );
}

function HostList({ hosts }: { hosts: readonly HostLegendEntry[] }) {
  return (
    <ul className="lab-legend__list" aria-label="Hosts" data-testid="legend-hosts">
      {hosts.map((h) => (
        <li key={h.id} className="lab-legend__item" data-testid={`legend-host-${h.id}`}>
          <span className="lab-legend__swatch" style={{ background: h.color } as CSSProperties} />
          <span className="lab-legend__name">
            {h.mark} {h.name}
          </span>
          {h.focused && <span className="lab-legend__facts">◆ focused: the panels act on it</span>}
        </li>
      ))}
    </ul>
  );
}

/** What the canvas colours mean: one entry per region (per host too), then the state marks. */
export const Legend = memo(function Legend({
  regions,
  hosts = NO_HOSTS,
}: {
  regions: readonly RegionLegendEntry[];
  hosts?: readonly HostLegendEntry[];
}) {
  return (
    <section className="lab-legend" data-testid="canvas-legend" aria-label="Legend">
      {hosts.length > 0 && <HostList hosts={hosts} />}
      {regions.length === 0 ? (
        <div className="lab-legend__empty">No committed region: every path is grey.</div>
      ) : (
        <ul className="lab-legend__list">
          {regions.map((r) => (
            <li
              key={r.name}
              className="lab-legend__item"
              title={r.problems.length > 0 ? r.problems.join('\n') : undefined}
              data-testid={`legend-${r.name}`}
            >
              <span
                className={`lab-legend__swatch${r.committed ? '' : ' is-uncommitted'}`}
                style={{ background: r.color }}
              />
              <span className="lab-legend__name">{r.name}</span>
              <span className="lab-legend__facts">
                {r.window ?? 'no window'} · {r.interleave} · {formatBytes(r.size)}
              </span>
              {r.problems.length > 0 && (
                <span className="lab-legend__warn" role="img" aria-label="Linux would not assemble it as is">
                  ⚠
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <details className="lab-legend__key">
        <summary>What the marks mean</summary>
        <ul className="lab-legend__list lab-legend__marks">
          <li className="lab-legend__item">
            <span className="lab-legend__line" />
            <span>uncommitted path</span>
          </li>
          <li className="lab-legend__item">
            <span className="lab-legend__line lab-legend__line--draft" />
            <span>not connected (draft)</span>
          </li>
          <li className="lab-legend__item">
            <span className="lab-legend__box lab-legend__box--error" />
            <span>decoder failed to commit (hover for why)</span>
          </li>
          {hosts.length > 0 && (
            <li className="lab-legend__item">
              <span className="lab-legend__line lab-legend__line--draft" />
              <span>
                bind or unbind in progress · a hollow dashed vPPB is unbound · a hatched LD has no host
              </span>
            </li>
          )}
          <li className="lab-legend__item lab-legend__lights">
            <span className="lab-light lab-light--committed" /> committed
            <span className="lab-light lab-light--locked" /> locked
            <span className="lab-light lab-light--programmed" /> uncommitted
            <span className="lab-light lab-light--error" /> error
            <span className="lab-light lab-light--off" /> unused
          </li>
        </ul>
      </details>
    </section>
  );
});
