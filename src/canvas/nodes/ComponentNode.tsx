import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { KIND_INFO } from '../../lib/component-kinds';
import { Badge } from '../../ui/Badge';
import type { ComponentFlowNode } from '../to-flow';

/** A host bridge, port, switch or device card. Read-only: its handles only anchor the tree's edges. */
export const ComponentNode = memo(function ComponentNode({ data, selected }: NodeProps<ComponentFlowNode>) {
  const info = KIND_INFO[data.kind];
  const hasChildren = data.kind !== 'type3';
  return (
    <div
      className={`lab-node lab-node--${info.tone}${selected ? ' is-selected' : ''}`}
      data-testid={`node-${data.componentId}`}
      data-kind={data.kind}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="lab-node__handle" />
      <Badge text={info.badge} tone={info.tone} />
      <div className="lab-node__text">
        <div className="lab-node__label">
          <span className="lab-node__id">{data.componentId}</span>
          {data.summary !== null && <span className="lab-node__summary"> · {data.summary}</span>}
        </div>
        <div className="lab-node__detail">{data.detail}</div>
      </div>
      {hasChildren && (
        <Handle type="source" position={Position.Bottom} isConnectable={false} className="lab-node__handle" />
      )}
    </div>
  );
});
