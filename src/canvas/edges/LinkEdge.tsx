// The parent → child link edge, drawn with one stroke per region that crosses it.
import { BaseEdge, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import type { LinkEdge as LinkEdgeType } from '../to-flow';

/** Offset between the parallel strokes of a link several regions share. */
const LANE = 3.5;

/**
 * A parent → child link. Grey when no committed region uses it; otherwise one stroke per region in
 * the region's colour, side by side, so shared links show every region that crosses them. Dashed
 * while it belongs to an unconnected draft.
 */
export const LinkEdge = memo(function LinkEdge(props: EdgeProps<LinkEdgeType>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected } = props;
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 8,
  });
  const colors = data?.colors ?? [];
  const title = data?.regions.length ? data.regions.join(', ') : undefined;
  if (colors.length === 0) {
    return (
      <BaseEdge
        id={props.id}
        path={path}
        className={`lab-link${data?.draft ? ' is-draft' : ''}${selected ? ' is-selected' : ''}`}
        interactionWidth={14}
      />
    );
  }
  return (
    <g className={`lab-link-group${selected ? ' is-selected' : ''}`}>
      {title !== undefined && <title>{title}</title>}
      {colors.map((color, i) => (
        <path
          key={data?.regions[i] ?? color}
          d={path}
          className={`lab-link lab-link--region${data?.problem ? ' lab-link--problem' : ''}`}
          fill="none"
          style={{ stroke: color }}
          transform={`translate(${(i - (colors.length - 1) / 2) * LANE} 0)`}
        />
      ))}
      <path
        d={path}
        fill="none"
        stroke="transparent"
        strokeWidth={14}
        className="react-flow__edge-interaction"
      />
    </g>
  );
});
