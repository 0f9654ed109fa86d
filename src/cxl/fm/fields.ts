/**
 * FM API payloads as named, located fields with their meanings (for `cxl-lab fm` and the Fabric
 * Manager panel), read through the codecs in `spec/fm-payloads.ts` and `spec/fm-mld-payloads.ts`.
 * A payload too short for its layout yields one field saying so, never an exception.
 */
import { field } from '../device/commands/decode.ts';
import type { PayloadField } from '../device/commands/types.ts';
import * as F from '../spec/fm-api.ts';
import * as M from '../spec/fm-mld-payloads.ts';
import * as P from '../spec/fm-payloads.ts';
import { formatBytes } from '../units.ts';

function short(message: string, size: number): PayloadField[] {
  return [{ name: 'Payload', offset: 0, size, value: `${size} bytes`, meaning: message }];
}

function at(base: number, f: F.FieldAt): F.FieldAt {
  return { at: base + f.at, size: f.size };
}

function named(names: Readonly<Record<number, string>>, mask = 0xff) {
  return (v: bigint) => names[Number(v) & mask] ?? 'reserved';
}

export function identifySwitchFields(b: Uint8Array): PayloadField[] {
  const r = P.decodeIdentifySwitch(b);
  if (!r.ok) return short(r.error.message, b.length);
  const L = F.IDENTIFY_SWITCH;
  const list = (xs: number[]) => () => (xs.length === 0 ? 'none' : xs.join(', '));
  return [
    field(b, 'Ingress Port ID', L.ingressPortId),
    field(b, 'Number of Physical Ports', L.physicalPorts),
    field(b, 'Number of VCSs', L.vcsCount),
    {
      name: 'Active Port Bitmask',
      offset: L.activePortBitmask.at,
      size: 0x20,
      value: 'bits',
      meaning: `ports ${list(r.value.activePorts)()}`,
    },
    {
      name: 'Active VCS Bitmask',
      offset: L.activeVcsBitmask.at,
      size: 0x20,
      value: 'bits',
      meaning: `VCSs ${list(r.value.activeVcss)()}`,
    },
    field(b, 'Total Number of vPPBs', L.totalVppbs),
    field(b, 'Number of Bound vPPBs', L.boundVppbs),
    field(b, 'Number of HDM Decoders', L.hdmDecoders),
  ];
}

export function portStateFields(b: Uint8Array): PayloadField[] {
  const r = P.decodePortStates(b);
  if (!r.ok) return short(r.error.message, b.length);
  const out = [field(b, 'Number of Ports', F.PORT_STATE_OUT.count)];
  r.value.forEach((_, i) => {
    const base = F.PORT_STATE_OUT.blocks + i * F.PORT_STATE_OUT.blockSize;
    const L = F.PORT_INFO;
    const n = (s: string) => `Port[${i}] ${s}`;
    out.push(
      field(b, n('Port ID'), at(base, L.portId)),
      field(
        b,
        n('Current Port Configuration State'),
        at(base, L.configState),
        named(F.PORT_CONFIG_STATE_NAMES, 0xf),
      ),
      field(b, n('Connected Device Mode'), at(base, L.connectedMode), named(F.CONNECTED_MODE_NAMES, 0xf)),
      field(b, n('Connected Device Type'), at(base, L.deviceType), named(F.DEVICE_TYPE_NAMES)),
      field(
        b,
        n('Supported CXL Modes'),
        at(base, L.supportedModes),
        (v) => F.SUPPORTED_MODE_BITS.filter((_, bit) => (Number(v) >> bit) & 1).join(', ') || 'none',
      ),
      field(b, n('Maximum Link Width'), at(base, L.maxLinkWidth), (v) => `x${Number(v) & 0x3f}`),
      field(b, n('Negotiated Link Width'), at(base, L.negotiatedLinkWidth), (v) => `x${Number(v) & 0x3f}`),
      field(b, n('Supported Link Speeds Vector'), at(base, L.supportedSpeeds)),
      field(b, n('Max Link Speed'), at(base, L.maxLinkSpeed)),
      field(b, n('Current Link Speed'), at(base, L.currentLinkSpeed)),
      field(b, n('LTSSM State'), at(base, L.ltssmState), (v) => F.LTSSM_NAMES[Number(v)] ?? 'reserved'),
      field(b, n('First Negotiated Lane Number'), at(base, L.firstLane)),
      field(b, n('Link State Flags'), at(base, L.linkStateFlags)),
      field(b, n('Supported LD Count'), at(base, L.supportedLdCount)),
    );
  });
  return out;
}

export function vcsInfoFields(b: Uint8Array, request: Uint8Array): PayloadField[] {
  const req = P.decodeVcsInfoRequest(request);
  const r = P.decodeVcsInfo(b, req.ok ? req.value : { startVppb: 0, vppbListLimit: 0 });
  if (!r.ok) return short(r.error.message, b.length);
  const out = [field(b, 'Number of VCSs', F.VCS_INFO_OUT.count)];
  let base = F.VCS_INFO_OUT.blocks;
  const B = F.VCS_BLOCK;
  for (const v of r.value) {
    const n = (s: string) => `VCS[${v.vcsId}] ${s}`;
    out.push(
      field(b, n('Virtual CXL Switch ID'), at(base, B.vcsId)),
      field(b, n('VCS State'), at(base, B.state), named(F.VCS_STATE_NAMES)),
      field(b, n('USP ID'), at(base, B.uspId)),
      field(b, n('Number of vPPBs'), at(base, B.vppbCount)),
    );
    v.entries.forEach((e, i) => {
      const o = base + B.entries + i * B.entrySize;
      const vppb = (req.ok ? req.value.startVppb : 0) + i;
      const ld = e.status === F.BINDING_STATUS.boundLd ? ` LD ${e.ldId}` : '';
      const bound = e.status === F.BINDING_STATUS.unbound ? '' : ` → port ${e.portId}${ld}`;
      out.push({
        name: n(`vPPB[${vppb}] Binding`),
        offset: o,
        size: B.entrySize,
        value: `0x${[e.status, e.portId, e.ldId].map((x) => x.toString(16).padStart(2, '0')).join('')}`,
        meaning: `${F.BINDING_STATUS_NAMES[e.status] ?? 'reserved'}${bound}`,
      });
    });
    base += B.entries + v.entries.length * B.entrySize;
  }
  return out;
}

export function bindFields(b: Uint8Array): PayloadField[] {
  if (b.length < F.BIND_VPPB_SIZE) return short(`Bind vPPB takes ${F.BIND_VPPB_SIZE} bytes`, b.length);
  const L = F.BIND_VPPB;
  return [
    field(b, 'Virtual CXL Switch ID', L.vcsId),
    field(b, 'vPPB ID', L.vppbId),
    field(b, 'Physical Port ID', L.portId),
    field(b, 'LD ID', L.ldId, (v) => (Number(v) === F.LD_ID_NONE ? 'none (not an MLD port)' : `LD ${v}`)),
  ];
}

export function unbindFields(b: Uint8Array): PayloadField[] {
  if (b.length < F.UNBIND_VPPB_SIZE) return short(`Unbind vPPB takes ${F.UNBIND_VPPB_SIZE} bytes`, b.length);
  const L = F.UNBIND_VPPB;
  return [
    field(b, 'Virtual CXL Switch ID', L.vcsId),
    field(b, 'vPPB ID', L.vppbId),
    field(b, 'Unbind Option', L.option, (v) => F.UNBIND_OPTION_NAMES[Number(v) & 0xf] ?? 'reserved'),
  ];
}

export function ldInfoFields(b: Uint8Array): PayloadField[] {
  const r = M.decodeLdInfo(b);
  if (!r.ok) return short(r.error.message, b.length);
  const L = F.LD_INFO;
  return [
    field(b, 'Memory Size', L.memorySize, (v) => formatBytes(Number(v))),
    field(b, 'LD Count', L.ldCount),
    field(b, 'QoS Telemetry Capability', L.qosCaps),
  ];
}

function allocationFields(b: Uint8Array, list: M.LdAllocation[], from: number, start: number, gran?: number) {
  return list.flatMap((_, i) => {
    const o = from + i * F.LD_ALLOC_ENTRY.size;
    const bytes = (v: bigint) => (gran === undefined ? `${v} × granularity` : formatBytes(Number(v) * gran));
    return [
      field(b, `LD[${start + i}] Range 1 Allocation Multiplier`, at(o, F.LD_ALLOC_ENTRY.range1), bytes),
      field(b, `LD[${start + i}] Range 2 Allocation Multiplier`, at(o, F.LD_ALLOC_ENTRY.range2), bytes),
    ];
  });
}

export function ldAllocationsFields(b: Uint8Array): PayloadField[] {
  const r = M.decodeLdAllocations(b);
  if (!r.ok) return short(r.error.message, b.length);
  const G = F.LD_ALLOC_GET_OUT;
  const gran = F.MEMORY_GRANULARITY[r.value.granularity];
  return [
    field(b, 'Number of LDs', G.ldCount),
    field(b, 'Memory Granularity', G.granularity, (v) =>
      gran === undefined ? `reserved (${v})` : formatBytes(gran),
    ),
    field(b, 'Start LD ID', G.startLdId),
    field(b, 'LD Allocation List Length', G.listLength),
    ...allocationFields(b, r.value.list, G.list, r.value.startLdId, gran),
  ];
}

export function setLdAllocationsFields(b: Uint8Array): PayloadField[] {
  const r = M.decodeSetLdAllocations(b);
  if (!r.ok) return short(r.error.message, b.length);
  const S = F.LD_ALLOC_SET;
  return [
    field(b, 'Number of LDs', S.count),
    field(b, 'Start LD ID', S.startLdId),
    ...allocationFields(b, r.value.list, S.list, r.value.startLdId),
  ];
}

export function ldAllocRequestFields(b: Uint8Array): PayloadField[] {
  if (b.length < F.LD_ALLOC_GET_IN_SIZE) return short('Get LD Allocations takes 2 bytes', b.length);
  return [
    field(b, 'Start LD ID', F.LD_ALLOC_GET_IN.startLdId),
    field(b, 'LD Allocation List Limit', F.LD_ALLOC_GET_IN.listLimit),
  ];
}

export function idListFields(b: Uint8Array, what: string): PayloadField[] {
  const r = P.decodeIdList(b, what);
  if (!r.ok) return short(r.error.message, b.length);
  return [
    {
      name: `Number of ${what}`,
      offset: 0,
      size: 1,
      value: `0x${r.value.length.toString(16)}`,
      meaning: r.value.join(', ') || 'none',
    },
  ];
}

export function vcsRequestFields(b: Uint8Array): PayloadField[] {
  const r = P.decodeVcsInfoRequest(b);
  if (!r.ok) return short(r.error.message, b.length);
  const I = F.VCS_INFO_IN;
  return [
    field(b, 'Start vPPB', I.startVppb),
    field(b, 'vPPB List Limit', I.vppbListLimit),
    {
      name: 'VCS ID List',
      offset: I.vcsIds,
      size: r.value.vcsIds.length,
      value: `${r.value.vcsIds.length} IDs`,
      meaning: r.value.vcsIds.join(', ') || 'none',
    },
  ];
}

export function tunnelRequestFields(b: Uint8Array): PayloadField[] {
  const r = M.decodeTunnelRequest(b);
  if (!r.ok) return short(r.error.message, b.length);
  const T = F.TUNNEL_IN;
  const m = M.decodeCciMessage(r.value.message);
  return [
    field(b, 'Port or LD ID', T.portOrLdId),
    field(b, 'Target Type', T.targetType, (v) =>
      Number(v) === 0 ? 'port or LD based' : Number(v) === 1 ? 'LD Pool CCI' : 'reserved',
    ),
    field(b, 'Command Size', T.commandSize),
    {
      name: 'Management Command',
      offset: T.message,
      size: r.value.message.length,
      value: m.ok ? `opcode 0x${m.value.opcode.toString(16).padStart(4, '0')}` : 'not a CCI message',
      meaning: m.ok ? `${m.value.payload.length} payload bytes, tag ${m.value.tag}` : m.error.message,
    },
  ];
}

export function tunnelResponseFields(b: Uint8Array): PayloadField[] {
  const r = M.decodeTunnelResponse(b);
  if (!r.ok) return short(r.error.message, b.length);
  const m = M.decodeCciMessage(r.value);
  return [
    field(b, 'Response Length', F.TUNNEL_OUT.responseLength),
    {
      name: 'Response Message',
      offset: F.TUNNEL_OUT.message,
      size: r.value.length,
      value: m.ok ? `opcode 0x${m.value.opcode.toString(16).padStart(4, '0')}` : 'not a CCI message',
      meaning: m.ok
        ? `return code 0x${m.value.returnCode.toString(16)}, ${m.value.payload.length} payload bytes`
        : m.error.message,
    },
  ];
}
