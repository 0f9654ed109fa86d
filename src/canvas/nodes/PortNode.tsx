// Canvas card for a root port or switch downstream port, showing its port number.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { KIND_INFO } from '../../lib/component-kinds';
import { Badge } from '../../ui/Badge';
import type { PortFlowNode } from '../to-flow';
import { chrome } from './node-chrome';

/** A root port or switch downstream port: its port number (what target lists name); one child below. */
export const PortNode = memo(function PortNode({ data, selected }: NodeProps<PortFlowNode>) {
  const info = KIND_INFO[data.kind];
  const { className, style } = chrome(`lab-node lab-node--${info.tone} lab-port`, data, selected);
  return (
    <div
      className={className}
      style={style}
      data-testid={data.testId ?? `node-${data.componentId}`}
      data-kind={data.kind}
    >
      <Handle id="in" type="target" position={Position.Top} className="lab-handle lab-handle--in" />
      <Badge text={info.badge} tone={info.tone} />
      <span className="lab-port__text">
        <span className="lab-node__id">{data.componentId}</span>
        <span className="lab-node__summary">{data.port === null ? 'port ?' : `port ${data.port}`}</span>
      </span>
      <Handle
        id="out"
        type="source"
        position={Position.Bottom}
        className={`lab-handle lab-handle--out${data.hasChild ? '' : ' is-free'}`}
        title={data.hasChild ? undefined : 'Drag to a switch or Type 3 device to attach it'}
      />
    </div>
  );
});
