import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { ROOT_INFO } from '../../lib/component-kinds';
import { Badge } from '../../ui/Badge';
import type { RootFlowNode } from '../to-flow';

/** The CXL root (host side), listing its fixed memory windows one per line. */
export const RootNode = memo(function RootNode({ data, selected }: NodeProps<RootFlowNode>) {
  return (
    <div className={`lab-node lab-node--root${selected ? ' is-selected' : ''}`} data-testid="node-cxl-root">
      <div className="lab-root__title">
        <Badge text={ROOT_INFO.badge} tone={ROOT_INFO.tone} />
        <span className="lab-node__id">{ROOT_INFO.label}</span>
        <span className="lab-node__detail">
          {data.windows.length} window{data.windows.length === 1 ? '' : 's'}
        </span>
      </div>
      {data.windows.length === 0 ? (
        <div className="lab-root__window lab-root__window--none">No fixed memory windows</div>
      ) : (
        data.windows.map((w) => (
          <div className="lab-root__window" key={w.id} data-testid={`window-${w.id}`}>
            <span className="lab-root__window-id">{w.id}</span>
            <span>{w.base}</span>
            <span>{w.size}</span>
            <span>{w.interleave}</span>
            <span className="lab-root__targets">→ {w.targets}</span>
          </div>
        ))
      )}
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="lab-node__handle" />
    </div>
  );
});
