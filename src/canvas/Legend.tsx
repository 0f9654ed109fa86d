// The canvas legend: one colour per region, then the state marks.
import { memo } from 'react';
import { formatBytes } from '../lib/format';
import type { RegionLegendEntry } from './paint';

/** What the canvas colours mean: one entry per region, then the state marks. */
export const Legend = memo(function Legend({ regions }: { regions: readonly RegionLegendEntry[] }) {
  return (
    <section className="lab-legend" data-testid="canvas-legend" aria-label="Legend">
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
