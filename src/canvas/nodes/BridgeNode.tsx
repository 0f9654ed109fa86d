// Canvas card for a host bridge or switch: decoder lights and one handle per downstream port.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { KIND_INFO, RCH_INFO } from '../../lib/component-kinds';
import { Badge } from '../../ui/Badge';
import type { BridgeFlowNode } from '../to-flow';
import { DecoderLights } from './DecoderLights';
import { ErrorMark } from './ErrorMark';
import { chrome } from './node-chrome';
import { RegionChips } from './RegionChips';

/**
 * A host bridge (UID, Linux `portN`) or a switch (its upstream port, Linux `portN`): decoder lights,
 * a target handle on top, and one source handle per downstream port along the bottom, labelled with
 * the port number and coloured like the link below it, plus a "+" handle to attach another port.
 */
export const BridgeNode = memo(function BridgeNode({ data, selected }: NodeProps<BridgeFlowNode>) {
  const info = data.restricted ? RCH_INFO : KIND_INFO[data.kind];
  const { className, style } = chrome(`lab-node lab-node--${info.tone} lab-bridge`, data, selected);
  const slots = data.ports.length + 1;
  const left = (i: number) => `${((i + 1) / (slots + 1)) * 100}%`;
  return (
    <div
      className={className}
      style={style}
      data-testid={data.testId ?? `node-${data.componentId}`}
      data-kind={data.kind}
    >
      <Handle id="in" type="target" position={Position.Top} className="lab-handle lab-handle--in" />
      <div className="lab-node__row">
        <Badge text={info.badge} tone={info.tone} />
        <span className="lab-node__id">{data.componentId}</span>
        {data.summary !== null && <span className="lab-node__summary">{data.summary}</span>}
        <span className="lab-node__spacer" />
        <RegionChips colors={data.colors} regions={data.regions} />
        <ErrorMark reason={data.error} />
      </div>
      <div className="lab-node__row lab-node__row--meta">
        <span className="lab-node__linux" title="Linux port">
          {data.draft
            ? 'not connected'
            : data.restricted
              ? 'CXL 1.1 · RCRB'
              : (data.linuxName ?? 'no Linux port')}
        </span>
        <DecoderLights lights={data.decoders} />
      </div>
      {data.restricted && <RchHandle />}
      {!data.restricted &&
        data.ports.map((p, i) => (
          <Handle
            key={p.handleId}
            id={p.handleId}
            type="source"
            position={Position.Bottom}
            className="lab-handle lab-handle--port"
            style={{
              left: left(i),
              ...(p.colors[0] ? { background: p.colors[0], borderColor: p.colors[0] } : {}),
            }}
            title={`port ${p.port} → ${p.child}`}
          >
            <span className="lab-handle__label">{p.port}</span>
          </Handle>
        ))}
      {!data.restricted && (
        <Handle
          id="new"
          type="source"
          position={Position.Bottom}
          className="lab-handle lab-handle--new"
          style={{ left: left(data.ports.length) }}
          title={
            data.kind === 'host-bridge'
              ? 'Drag to a root port to attach it'
              : 'Drag to a downstream port to attach it'
          }
        >
          <span className="lab-handle__label">+</span>
        </Handle>
      )}
    </div>
  );
});

/** An RCH's one downstream link: its downstream port RCRB, to the RCD directly below (CXL 2.0 §8.2.1.1). */
function RchHandle() {
  return (
    <Handle
      id="out"
      type="source"
      position={Position.Bottom}
      className="lab-handle lab-handle--port"
      style={{ left: '50%' }}
      title="Downstream port RCRB: drag to a Type 3 device to attach it as the restricted device (RCD)"
    >
      <span className="lab-handle__label">DP</span>
    </Handle>
  );
}
