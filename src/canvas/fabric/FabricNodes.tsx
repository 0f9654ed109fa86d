// Canvas cards of a multi-host lab (issue 18): host columns, physical switches, VCS bands, vPPBs, fabric devices, LD slices.
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import { formatBytes } from '../../lib/format';
import { DecoderLights } from '../nodes/DecoderLights';
import type {
  FabricDeviceNode,
  FabricSwitchNode,
  HostFrameNode,
  LdSliceNode,
  PhysicalPortView,
  VcsBandNode,
  VppbNode,
} from './fabric-types';

const hostStyle = (color: string | null): CSSProperties | undefined =>
  color === null ? undefined : ({ '--host': color } as CSSProperties);

/** The host's colour square and mark ("H1"): colour never alone. */
function HostTag({ color, mark, host }: { color: string | null; mark: string | null; host: string | null }) {
  if (host === null) return <span className="fabric-tag fabric-tag--none">no host</span>;
  return (
    <span className="fabric-tag" style={hostStyle(color)}>
      <span className="fabric-tag__swatch" aria-hidden="true" />
      {mark} {host}
    </span>
  );
}

/** A host's column: name, id and whether it is the focused host (border style and text, not colour alone). */
export const HostFrame = memo(function HostFrame({ data, selected }: NodeProps<HostFrameNode>) {
  return (
    <div
      className={`fabric-host${data.focused ? ' is-focused' : ''}${selected ? ' is-selected' : ''}`}
      style={hostStyle(data.color)}
      data-testid={`host-frame-${data.host}`}
      data-focused={data.focused}
    >
      <div className="fabric-host__header">
        <span className="fabric-tag__swatch" aria-hidden="true" />
        <span className="fabric-host__mark">{data.mark}</span>
        <span className="fabric-host__name">{data.name}</span>
        {data.name !== data.host && <span className="fabric-host__id">{data.host}</span>}
        <span className="fabric-host__spacer" />
        {data.focused ? (
          <span className="fabric-host__focus" data-testid={`host-focused-${data.host}`}>
            ◆<span className="fabric-host__focus-word"> focused</span>
          </span>
        ) : (
          <span className="fabric-host__hint">select to focus</span>
        )}
      </div>
    </div>
  );
});

function PortTag({ p }: { p: PhysicalPortView }) {
  const up = p.role === 'upstream';
  return (
    <>
      <Handle
        id={p.handleId}
        type={up ? 'target' : 'source'}
        position={up ? Position.Top : Position.Bottom}
        className="lab-handle fabric-port-handle"
        style={{
          left: `${p.left}%`,
          ...(p.color === null ? {} : { background: p.color, borderColor: p.color }),
        }}
        isConnectable={false}
      />
      <span
        className={`fabric-port fabric-port--${up ? 'up' : 'down'}`}
        style={{ left: `${p.left}%` }}
        title={`physical port ${p.port} (${up ? 'upstream' : 'downstream'})${p.peer === null ? '' : ` · ${p.peer}`}`}
      >
        {up ? '↑' : '↓'} P{p.port}
        {p.peer !== null && <span className="fabric-port__peer"> {p.peer}</span>}
      </span>
    </>
  );
}

/** A physical switch: its ports on the top and bottom edges; its VCS bands are child nodes. */
export const FabricSwitch = memo(function FabricSwitch({ data, selected }: NodeProps<FabricSwitchNode>) {
  const up = data.ports.filter((p) => p.role === 'upstream').length;
  return (
    <div
      className={`fabric-switch${selected ? ' is-selected' : ''}`}
      data-testid={`fabric-switch-${data.switchId}`}
    >
      {data.ports.map((p) => (
        <PortTag key={p.handleId} p={p} />
      ))}
      <div className="fabric-switch__title">
        <span className="fabric-badge">SW</span>
        <span className="fabric-switch__name">{data.name}</span>
        <span className="fabric-muted">
          physical switch · {up} upstream · {data.ports.length - up} downstream ports
        </span>
      </div>
    </div>
  );
});

/** One Virtual CXL Switch: a band in its host's colour, labelled with the host (CXL 2.0 §7.1). */
export const VcsBand = memo(function VcsBand({ data, selected }: NodeProps<VcsBandNode>) {
  return (
    <div
      className={`fabric-vcs${data.host === null ? ' is-hostless' : ''}${selected ? ' is-selected' : ''}`}
      style={hostStyle(data.color)}
      data-testid={`vcs-${data.componentId}`}
    >
      <div className="fabric-vcs__label">
        <span className="fabric-vcs__id">VCS {data.vcs}</span>
        <HostTag color={data.color} mark={data.hostMark} host={data.host} />
        <span className="fabric-muted">USP P{data.usp}</span>
        <span className="fabric-host__spacer" />
        {data.decoders.length > 0 && <DecoderLights lights={data.decoders} />}
      </div>
    </div>
  );
});

/** A vPPB: filled in its host's colour when bound, hollow when unbound. */
export const Vppb = memo(function Vppb({ data, selected }: NodeProps<VppbNode>) {
  const bound = data.boundTo !== null;
  return (
    <div
      className={`fabric-vppb${bound ? '' : ' is-unbound'}${data.pending === null ? '' : ' is-pending'}${selected ? ' is-selected' : ''}`}
      style={hostStyle(data.color)}
      data-testid={`vppb-${data.componentId}`}
      data-bound={bound}
      title={data.pending ?? undefined}
    >
      <span className="fabric-vppb__id">vPPB {data.vppb}</span>
      <span className="fabric-vppb__to">{data.pending ?? data.boundTo ?? 'unbound'}</span>
      <Handle
        id="out"
        type="source"
        position={Position.Bottom}
        className="fabric-handle"
        isConnectable={false}
      />
    </div>
  );
});

/** A fabric device (SLD, MLD or multi-headed): kind, capacity, where it is attached; its LDs are child nodes. */
export const FabricDevice = memo(function FabricDevice({ data, selected }: NodeProps<FabricDeviceNode>) {
  const free = data.capacity - data.allocated;
  return (
    <div
      className={`fabric-device${selected ? ' is-selected' : ''}`}
      data-testid={`fabric-device-${data.deviceId}`}
    >
      <Handle id="in" type="target" position={Position.Top} className="fabric-handle" isConnectable={false} />
      <div className="fabric-device__footer">
        <span className="fabric-badge">{data.kind.toUpperCase()}</span>
        <span className="fabric-switch__name">{data.name}</span>
        <span className="fabric-muted">
          {formatBytes(data.capacity)} · {data.attach}
          {free > 0 ? ` · ${formatBytes(free)} free` : ''}
        </span>
      </div>
    </div>
  );
});

/** One LD's slice of its device: LD-ID, capacity and the host it is bound to (or none). */
export const LdSlice = memo(function LdSlice({ data, selected }: NodeProps<LdSliceNode>) {
  return (
    <div
      className={`fabric-ld${data.host === null ? ' is-free' : ''}${selected ? ' is-selected' : ''}`}
      style={hostStyle(data.color)}
      data-testid={`ld-${data.device}-${data.ld}`}
      data-host={data.host ?? ''}
    >
      <Handle id="in" type="target" position={Position.Top} className="fabric-handle" isConnectable={false} />
      <span className="fabric-ld__id">
        LD {data.ld}
        {data.head !== null && <span className="fabric-muted"> · head {data.head}</span>}
      </span>
      <span className="fabric-ld__size">{formatBytes(data.size)}</span>
      <HostTag color={data.color} mark={data.hostMark} host={data.host} />
    </div>
  );
});
