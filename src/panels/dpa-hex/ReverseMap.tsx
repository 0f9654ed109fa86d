// The DPA hex panel's side: the reverse map (DPA → HPA) of the byte under the pointer or the cursor.
import { formatHex } from '../../lib/format';
import { useLabStore } from '../../state/hooks';
import type { ReverseHit } from '../../worker/inspect-types.ts';

/** The HPAs that reach `hovered` on `device`, each with its decoder path and a read button. */
export function ReverseMap({
  device,
  hovered,
  reverse,
  poisoned,
}: {
  device: string;
  hovered: number | null;
  reverse: { hits: ReverseHit[] | null; error?: string } | null;
  /** The poisoned range holding the hovered byte, if any. */
  poisoned?: { dpa: number; length: number } | undefined;
}) {
  const readMemory = useLabStore((s) => s.readMemory);
  return (
    <aside className="hex-panel__side" aria-live="polite" data-testid="hex-reverse">
      {hovered === null ? (
        <p className="hex-panel__hint">
          Hover a byte, or click one and move with the arrow keys, to see which HPAs reach it (the reverse
          map, DPA → HPA).
        </p>
      ) : (
        <>
          <div className="hex-panel__dpa">
            {device} DPA <span className="ui-mono">{formatHex(hovered)}</span>
          </div>
          {poisoned !== undefined && (
            <p className="hex-panel__poisoned" data-testid="hex-poisoned">
              <span className="hex__swatch hex__swatch--poison" aria-hidden="true" /> Poisoned: record{' '}
              <span className="ui-mono">{formatHex(poisoned.dpa)}</span> + {poisoned.length} B. A read of it
              through the routing fails and logs a General Media event.
            </p>
          )}
          {reverse === null ? (
            <p className="hex-panel__hint">Looking it up…</p>
          ) : reverse.hits === null ? (
            <p className="dock__error">{reverse.error}</p>
          ) : reverse.hits.length === 0 ? (
            <p className="hex-panel__none" data-testid="hex-reverse-none">
              No HPA reaches this byte: no committed decoder path maps it.
            </p>
          ) : (
            <ul className="hex-panel__hits">
              {reverse.hits.length > 1 && (
                <li className="hex-panel__alias">Aliased: {reverse.hits.length} HPAs reach this byte</li>
              )}
              {reverse.hits.map((h) => (
                <li key={h.hpa} data-testid="hex-reverse-hit">
                  <div>
                    ← HPA <span className="ui-mono hex-panel__hpa">{formatHex(h.hpa)}</span>
                    <button
                      type="button"
                      className="ui-link hex-panel__read"
                      onClick={() => void readMemory(h.hpa, 16)}
                      title="Read 16 bytes there and show the decode path"
                    >
                      read
                    </button>
                  </div>
                  <ol className="hex-panel__path">
                    {h.path.map((p) => (
                      <li key={p} className="ui-mono">
                        {p}
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
