// The decode animation's trails: each hop shown so far, as a path along its edge or a ring around its node.
import type { DecodeStep } from '../lib/decode-steps';
import { type Point, partial, type Rect, svgPath } from './decode-geometry';

/** Colours per traced piece, so an access split across granules shows which piece went where. */
const PIECE_TONES = 6;

/** The hops up to `position` (the current one drawn to fraction `t`); other pieces' hops are dimmed. */
export function DecodeTrails({
  steps,
  position,
  playing,
  t,
  activePiece,
  pointsOf,
  rects,
  screenRect,
}: {
  steps: readonly DecodeStep[];
  position: number;
  playing: boolean;
  t: number;
  activePiece: number;
  pointsOf: (index: number, step: DecodeStep) => Point[] | null;
  rects: ReadonlyMap<string, Rect>;
  screenRect: (r: Rect) => Rect;
}) {
  return (
    <>
      {steps.map((step, i) => {
        if (i > position || (i === position && !playing && t === 0)) return null;
        const pts = pointsOf(i, step);
        const tone = `decode-tone-${step.piece % PIECE_TONES}`;
        const old = step.piece !== activePiece;
        if (pts === null) {
          const r = rects.get(step.from);
          if (r === undefined) return null;
          const s = screenRect(r);
          return (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
              key={i}
              className={`decode-node ${tone}${step.kind === 'failure' ? ' is-failed' : ''}${old ? ' is-old' : ''}`}
              x={s.x - 4}
              y={s.y - 4}
              width={s.w + 8}
              height={s.h + 8}
              rx={9}
            />
          );
        }
        const shown = i === position ? partial(pts, t) : pts;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
          <g key={i} className={`${tone}${old ? ' is-old' : ''}`}>
            <path className="decode-halo" d={svgPath(shown)} />
            <path className="decode-trail" d={svgPath(shown)} />
            {i === position && shown.length > 0 && (
              <circle className="decode-dot" cx={shown.at(-1)?.x} cy={shown.at(-1)?.y} r={6} />
            )}
          </g>
        );
      })}
    </>
  );
}
