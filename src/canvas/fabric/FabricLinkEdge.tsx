// A fabric link on a multi-host canvas: uplinks, device links, heads, vPPB bindings (drawn in or faded out) and a pending bind/unbind.
import { type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import type { FabricEdge } from './fabric-types';

/**
 * A binding is a solid line in its host's colour with the host's mark and name on it; a pending
 * bind or unbind is dashed and says so with its progress. A binding that appeared since the previous
 * view draws itself in, one that went fades out (both off with prefers-reduced-motion: fabric.css).
 */
export const FabricLinkEdge = memo(function FabricLinkEdge(props: EdgeProps<FabricEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 8,
  });
  const kind = data?.kind ?? 'dsp';
  const classes = ['fabric-link', `fabric-link--${kind}`];
  if (data?.entering) classes.push('is-entering');
  if (data?.leaving) classes.push('is-leaving');
  const style = data?.color == null ? undefined : ({ '--host': data.color } as CSSProperties);
  const label = data?.label ?? null;
  return (
    <g className={classes.join(' ')} style={style} data-kind={kind}>
      {/* pathLength 1: the draw-in animates the dash offset from 1 to 0 (fabric.css). */}
      <path
        d={path}
        className="fabric-link__path"
        fill="none"
        {...(data?.entering ? { pathLength: 1 } : {})}
      />
      {label !== null && (
        <text
          className="fabric-link__label"
          x={kind === 'head' ? labelX : targetX}
          y={kind === 'head' ? labelY : targetY - 12}
          textAnchor="middle"
          dominantBaseline="middle"
        >
          {label}
        </text>
      )}
    </g>
  );
});
