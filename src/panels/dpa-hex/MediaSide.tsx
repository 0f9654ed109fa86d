// The MLD hex view's column: the legend of LD slices (jump to each) and the reverse map of the byte under the pointer or cursor (LD, DPA, host, HPAs → access console).
import { formatHex } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import type { FabricLdView } from '../../worker/lab-types.ts';
import { ldColour, legendRows, reverseLines } from './media-model';
import { useMediaReverse } from './useHexData';

/** Each LD of `device` by media offset: LD-ID, media range, base, size, owner, and a jump to its start. */
export function MediaLegend({
  device,
  capacity,
  slices,
  onGoTo,
}: {
  device: string;
  capacity: number;
  slices: readonly FabricLdView[];
  onGoTo: (offset: number) => void;
}) {
  const rows = legendRows(slices, capacity);
  return (
    <section className="hex-legend" aria-labelledby="hex-legend-title" data-testid="hex-legend">
      <h3 id="hex-legend-title" className="hex-poison__title">
        {device} media · {slices.length} LD{slices.length === 1 ? '' : 's'}
        <span className="hex-poison__hint"> in LD-ID order</span>
      </h3>
      <table className="hex-legend__table">
        <thead>
          <tr>
            <th scope="col">LD</th>
            <th scope="col">media base–end</th>
            <th scope="col">size</th>
            <th scope="col">host</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.start} data-testid="hex-legend-row" data-ld={r.ld ?? 'none'}>
              <th scope="row">
                <span
                  className={`hex-legend__swatch ${r.colour === null ? 'is-free' : `is-ld-${r.colour}`}`}
                  aria-hidden="true"
                />
                <button
                  type="button"
                  className="ui-link hex-legend__ld"
                  onClick={() => onGoTo(r.start)}
                  aria-label={`Go to the start of ${r.ld === null ? 'the unallocated media' : `LD ${r.ld}`}, media offset ${formatHex(r.start)}`}
                  title="Move the hex cursor to its first byte"
                >
                  {r.ld === null ? 'none' : r.ld}
                </button>
              </th>
              <td className="ui-mono">{r.range}</td>
              <td>{r.sizeText}</td>
              <td title={r.via === '' ? undefined : r.via}>{r.owner}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Which LD, DPA, host and HPAs reach media byte `at` of `device`; each HPA focuses its host and goes to the console. */
export function MediaReverse({
  device,
  at,
  poisoned,
}: {
  device: string;
  at: number | null;
  /** The poisoned media range holding the byte, if any. */
  poisoned?: { dpa: number; length: number } | undefined;
}) {
  const reverse = useMediaReverse(device, at);
  const focus = useLabStore((s) => s.view?.fabric?.focus ?? null);
  const focusHost = useLabStore((s) => s.focusHost);
  const sendToConsole = useLabStore((s) => s.sendToConsole);
  if (at === null)
    return (
      <aside className="hex-panel__side" aria-live="polite" data-testid="hex-reverse">
        <p className="hex-panel__hint">
          Hover a byte, or click one and move with the arrow keys, to see which LD, host and HPAs reach it
          (the reverse map, media offset → LD DPA → HPA).
        </p>
      </aside>
    );
  const lines =
    reverse === null || reverse.error !== undefined ? null : reverseLines(device, at, reverse.owner);
  const colour = reverse?.owner == null ? null : ldColour(reverse.owner.ld);
  const send = async (host: string, hpa: number) => {
    if (host !== focus) {
      const r = await focusHost(host);
      if (!r.ok) return;
    }
    sendToConsole(hpa);
  };
  return (
    <aside className="hex-panel__side" aria-live="polite" data-testid="hex-reverse">
      <div className="hex-panel__dpa">
        {device} media offset <span className="ui-mono">{formatHex(at)}</span>
      </div>
      {poisoned !== undefined && (
        <p className="hex-panel__poisoned" data-testid="hex-poisoned">
          <span className="hex__swatch hex__swatch--poison" aria-hidden="true" /> Poisoned: record at media{' '}
          <span className="ui-mono">{formatHex(poisoned.dpa)}</span> + {poisoned.length} B (its LD's Get
          Poison List). A read of it through the routing fails.
        </p>
      )}
      {reverse === null ? (
        <p className="hex-panel__hint">Looking it up…</p>
      ) : lines === null ? (
        <p className="dock__error">{reverse.error}</p>
      ) : (
        <>
          {lines.where !== null && (
            <p className="hex-media__where" data-testid="hex-media-where">
              <span className={`hex-legend__swatch is-ld-${colour ?? 0}`} aria-hidden="true" />
              {lines.where}
            </p>
          )}
          <p
            className={lines.hpas.length === 0 ? 'hex-panel__none' : 'hex-media__reach'}
            data-testid="hex-media-reach"
          >
            {lines.reach}
          </p>
          {lines.hpas.length > 0 && lines.host !== null && (
            <ul className="hex-panel__hits">
              {lines.hpas.map((h) => (
                <li key={h.hpa} data-testid="hex-media-hpa">
                  ←{' '}
                  <button
                    type="button"
                    className="ui-link ui-mono hex-panel__hpa"
                    onClick={() => void send(lines.host ?? '', h.hpa)}
                    aria-label={`Focus ${lines.host} and put its HPA ${h.text} in the access console's read form`}
                    title={`${lines.host === focus ? 'Put' : `Focus ${lines.host}, then put`} HPA ${h.text} in the access console's read form`}
                  >
                    HPA {h.text}
                  </button>{' '}
                  <span className="hex-poison__meta">
                    {lines.host} · {reverse.owner?.owner?.component} decoder {h.decoder}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
