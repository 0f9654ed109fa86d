// The decode animation's arrival badges: under each device an access reached (with its DPA) or failed at.
import type { DecodeStep } from '../lib/decode-steps';
import type { Rect } from './decode-geometry';

/** One badge per arrived hop, dimmed when it belongs to another piece than the active one. */
export function DecodeArrivals({
  arrivals,
  rects,
  screenRect,
  pieces,
  activePiece,
}: {
  arrivals: readonly { s: DecodeStep; i: number }[];
  rects: ReadonlyMap<string, Rect>;
  screenRect: (r: Rect) => Rect;
  pieces: readonly { dpa?: number; poison?: boolean }[];
  activePiece: number;
}) {
  return (
    <>
      {arrivals.map(({ s, i }) => {
        const r = rects.get(s.from);
        if (r === undefined) return null;
        const box = screenRect(r);
        const piece = pieces[s.piece];
        const ok = s.kind === 'device';
        return (
          <div
            key={i}
            className={`decode-arrival${ok ? '' : ' is-failed'}${s.piece !== activePiece ? ' is-old' : ''}`}
            style={{ left: box.x + box.w / 2, top: box.y + box.h + 6 }}
            data-testid={ok ? `decode-arrival-${s.from}` : `decode-failure-${s.from}`}
          >
            {ok
              ? `${s.hop?.component ?? s.from} · DPA 0x${(piece?.dpa ?? 0).toString(16)}`
              : piece?.poison === true
                ? `✕ poison · DPA 0x${(piece.dpa ?? 0).toString(16)}`
                : '✕ failed here'}
          </div>
        );
      })}
    </>
  );
}
