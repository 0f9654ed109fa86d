/**
 * Byte codecs of the Fabric Manager API payloads (layouts in `fm-api.ts`): typed values ⇄ bytes,
 * little-endian. Encoders take in-range values; decoders never throw: a payload shorter than its
 * layout (or than its own counts say) is a located error naming the field, the sizes and the table.
 */
import { getUint, putUint } from '../device/bytes.ts';
import { err, ok, type Result } from '../result.ts';
import * as F from './fm-api.ts';

const SPEC = 'CXL r3.2 §7.6.7';

/** Refuses `bytes` shorter than `need`, naming the payload and what the bytes were for. */
export function needBytes(bytes: Uint8Array, need: number, what: string, why: string): Result<true> {
  if (bytes.length >= need) return ok(true);
  return err('fm.payload-short', `${what}: ${bytes.length} bytes, ${why} needs ${need}`, {
    offset: bytes.length,
    spec: SPEC,
  });
}

function u(bytes: Uint8Array, f: F.FieldAt): number {
  return getUint(bytes, f.at, f.size);
}

/** Bit numbers set in a little-endian bitmask of `size` bytes at `at` (bit 0 of byte 0 first). */
export function bitsSet(bytes: Uint8Array, at: number, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size * 8; i++) if (((bytes[at + (i >> 3)] ?? 0) >> (i & 7)) & 1) out.push(i);
  return out;
}

function setBits(bytes: Uint8Array, at: number, bits: readonly number[]): void {
  for (const b of bits) bytes[at + (b >> 3)] = (bytes[at + (b >> 3)] ?? 0) | (1 << (b & 7));
}

// ── Identify Switch Device (5100h) ────────────────────────────────────────────────────────────

export interface IdentifySwitch {
  ingressPortId: number;
  physicalPorts: number;
  vcsCount: number;
  /** Port numbers whose Active Port Bitmask bit is set, ascending. */
  activePorts: number[];
  /** VCS IDs whose Active VCS Bitmask bit is set, ascending. */
  activeVcss: number[];
  totalVppbs: number;
  boundVppbs: number;
  hdmDecoders: number;
}

export function encodeIdentifySwitch(v: IdentifySwitch): Uint8Array {
  const L = F.IDENTIFY_SWITCH;
  const out = new Uint8Array(F.IDENTIFY_SWITCH_SIZE);
  out[L.ingressPortId.at] = v.ingressPortId;
  out[L.physicalPorts.at] = v.physicalPorts;
  out[L.vcsCount.at] = v.vcsCount;
  setBits(out, L.activePortBitmask.at, v.activePorts);
  setBits(out, L.activeVcsBitmask.at, v.activeVcss);
  putUint(out, L.totalVppbs.at, 2, v.totalVppbs);
  putUint(out, L.boundVppbs.at, 2, v.boundVppbs);
  out[L.hdmDecoders.at] = v.hdmDecoders;
  return out;
}

export function decodeIdentifySwitch(b: Uint8Array): Result<IdentifySwitch> {
  const L = F.IDENTIFY_SWITCH;
  const n = needBytes(b, F.IDENTIFY_SWITCH_SIZE, 'Identify Switch Device response', 'the layout');
  if (!n.ok) return n;
  return ok({
    ingressPortId: u(b, L.ingressPortId),
    physicalPorts: u(b, L.physicalPorts),
    vcsCount: u(b, L.vcsCount),
    activePorts: bitsSet(b, L.activePortBitmask.at, L.activePortBitmask.size),
    activeVcss: bitsSet(b, L.activeVcsBitmask.at, L.activeVcsBitmask.size),
    totalVppbs: u(b, L.totalVppbs),
    boundVppbs: u(b, L.boundVppbs),
    hdmDecoders: u(b, L.hdmDecoders),
  });
}

// ── Get Physical Port State (5101h) ───────────────────────────────────────────────────────────

/** A one-byte count followed by that many one-byte IDs (port IDs, VCS IDs). */
export function encodeIdList(ids: readonly number[]): Uint8Array {
  return Uint8Array.from([ids.length, ...ids]);
}

export function decodeIdList(b: Uint8Array, what: string): Result<number[]> {
  const head = needBytes(b, 1, what, 'the count byte');
  if (!head.ok) return head;
  const count = b[0] ?? 0;
  const n = needBytes(b, 1 + count, what, `a count of ${count} (1 + ${count} × 1 byte)`);
  if (!n.ok) return n;
  return ok([...b.subarray(1, 1 + count)]);
}

export interface PortInfo {
  portId: number;
  /** Bits [3:0]. */
  configState: number;
  /** Bits [3:0]. */
  connectedMode: number;
  deviceType: number;
  supportedModes: number;
  /** Bits [5:0] of bytes 6–10. */
  maxLinkWidth: number;
  negotiatedLinkWidth: number;
  supportedSpeeds: number;
  maxLinkSpeed: number;
  currentLinkSpeed: number;
  ltssmState: number;
  firstLane: number;
  linkStateFlags: number;
  supportedLdCount: number;
}

const PORT_INFO_MASKS: Readonly<Record<keyof PortInfo, number>> = {
  portId: 0xff,
  configState: 0x0f,
  connectedMode: 0x0f,
  deviceType: 0xff,
  supportedModes: 0xff,
  maxLinkWidth: 0x3f,
  negotiatedLinkWidth: 0x3f,
  supportedSpeeds: 0x3f,
  maxLinkSpeed: 0x3f,
  currentLinkSpeed: 0x3f,
  ltssmState: 0xff,
  firstLane: 0xff,
  linkStateFlags: 0xffff,
  supportedLdCount: 0xff,
};
const PORT_INFO_KEYS = Object.keys(PORT_INFO_MASKS) as (keyof PortInfo)[];

export function encodePortStates(ports: readonly PortInfo[]): Uint8Array {
  const O = F.PORT_STATE_OUT;
  const out = new Uint8Array(O.blocks + ports.length * O.blockSize);
  out[O.count.at] = ports.length;
  ports.forEach((p, i) => {
    const base = O.blocks + i * O.blockSize;
    for (const k of PORT_INFO_KEYS) {
      const f = F.PORT_INFO[k];
      putUint(out, base + f.at, f.size, p[k] & PORT_INFO_MASKS[k]);
    }
  });
  return out;
}

export function decodePortStates(b: Uint8Array): Result<PortInfo[]> {
  const O = F.PORT_STATE_OUT;
  const what = 'Get Physical Port State response';
  const head = needBytes(b, O.blocks, what, 'the header');
  if (!head.ok) return head;
  const count = b[O.count.at] ?? 0;
  const n = needBytes(
    b,
    O.blocks + count * O.blockSize,
    what,
    `Number of Ports ${count} (4 + ${count} × 16)`,
  );
  if (!n.ok) return n;
  const out: PortInfo[] = [];
  for (let i = 0; i < count; i++) {
    const base = O.blocks + i * O.blockSize;
    const p = {} as PortInfo;
    for (const k of PORT_INFO_KEYS) {
      const f = F.PORT_INFO[k];
      p[k] = getUint(b, base + f.at, f.size) & PORT_INFO_MASKS[k];
    }
    out.push(p);
  }
  return ok(out);
}

// ── Get Virtual CXL Switch Info (5200h) ───────────────────────────────────────────────────────

export interface VcsInfoRequest {
  startVppb: number;
  vppbListLimit: number;
  vcsIds: number[];
}

export function encodeVcsInfoRequest(r: VcsInfoRequest): Uint8Array {
  const I = F.VCS_INFO_IN;
  const out = new Uint8Array(I.vcsIds + r.vcsIds.length);
  out[I.startVppb.at] = r.startVppb;
  out[I.vppbListLimit.at] = r.vppbListLimit;
  out[I.count.at] = r.vcsIds.length;
  out.set(r.vcsIds, I.vcsIds);
  return out;
}

export function decodeVcsInfoRequest(b: Uint8Array): Result<VcsInfoRequest> {
  const I = F.VCS_INFO_IN;
  const what = 'Get Virtual CXL Switch Info request';
  const head = needBytes(b, I.vcsIds, what, 'the header');
  if (!head.ok) return head;
  const count = u(b, I.count);
  const n = needBytes(b, I.vcsIds + count, what, `Number of VCSs ${count} (3 + ${count} × 1)`);
  if (!n.ok) return n;
  return ok({
    startVppb: u(b, I.startVppb),
    vppbListLimit: u(b, I.vppbListLimit),
    vcsIds: [...b.subarray(I.vcsIds, I.vcsIds + count)],
  });
}

export interface VppbEntry {
  status: number;
  portId: number;
  ldId: number;
}

export interface VcsInfo {
  vcsId: number;
  state: number;
  uspId: number;
  /** Number of vPPBs in the VCS (may exceed the entries listed). */
  vppbCount: number;
  /** vPPB[start] … vPPB[start + entries − 1]. */
  entries: VppbEntry[];
}

/**
 * Entries listed for a VCS: CXL r3.2 Table 7-32 gives min(vPPB List Limit, Number of vPPBs); the
 * lab counts from Start vPPB, min(limit, vPPBs − start), so no entry names a vPPB the VCS lacks.
 */
export function vppbEntryCount(vppbCount: number, startVppb: number, limit: number): number {
  return Math.max(0, Math.min(limit, vppbCount - startVppb));
}

export function encodeVcsInfo(blocks: readonly VcsInfo[]): Uint8Array {
  const B = F.VCS_BLOCK;
  const size = blocks.reduce<number>(
    (s, v) => s + B.entries + v.entries.length * B.entrySize,
    F.VCS_INFO_OUT.blocks,
  );
  const out = new Uint8Array(size);
  out[F.VCS_INFO_OUT.count.at] = blocks.length;
  let at = F.VCS_INFO_OUT.blocks;
  for (const v of blocks) {
    out[at + B.vcsId.at] = v.vcsId;
    out[at + B.state.at] = v.state;
    out[at + B.uspId.at] = v.uspId;
    out[at + B.vppbCount.at] = v.vppbCount;
    v.entries.forEach((e, i) => {
      const o = at + B.entries + i * B.entrySize;
      out[o + B.status] = e.status;
      out[o + B.portId] = e.portId;
      out[o + B.ldId] = e.ldId;
    });
    at += B.entries + v.entries.length * B.entrySize;
  }
  return out;
}

/** Decodes a response; the request's Start vPPB and List Limit say how many entries each block has. */
export function decodeVcsInfo(
  b: Uint8Array,
  req: { startVppb: number; vppbListLimit: number },
): Result<VcsInfo[]> {
  const B = F.VCS_BLOCK;
  const what = 'Get Virtual CXL Switch Info response';
  const head = needBytes(b, F.VCS_INFO_OUT.blocks, what, 'the header');
  if (!head.ok) return head;
  const out: VcsInfo[] = [];
  let at = F.VCS_INFO_OUT.blocks;
  for (let i = 0; i < (b[F.VCS_INFO_OUT.count.at] ?? 0); i++) {
    const hb = needBytes(b, at + B.entries, what, `VCS block ${i} header at ${at}`);
    if (!hb.ok) return hb;
    const vppbCount = b[at + B.vppbCount.at] ?? 0;
    const state = b[at + B.state.at] ?? 0;
    const listed =
      state === F.VCS_STATE.invalidVcsId ? 0 : vppbEntryCount(vppbCount, req.startVppb, req.vppbListLimit);
    const eb = needBytes(
      b,
      at + B.entries + listed * B.entrySize,
      what,
      `VCS block ${i} with ${listed} vPPB entries`,
    );
    if (!eb.ok) return eb;
    const entries: VppbEntry[] = [];
    for (let e = 0; e < listed; e++) {
      const o = at + B.entries + e * B.entrySize;
      entries.push({ status: b[o + B.status] ?? 0, portId: b[o + B.portId] ?? 0, ldId: b[o + B.ldId] ?? 0 });
    }
    out.push({ vcsId: b[at + B.vcsId.at] ?? 0, state, uspId: b[at + B.uspId.at] ?? 0, vppbCount, entries });
    at += B.entries + listed * B.entrySize;
  }
  return ok(out);
}

// ── Bind vPPB (5201h), Unbind vPPB (5202h) ────────────────────────────────────────────────────

export interface BindVppb {
  vcsId: number;
  vppbId: number;
  portId: number;
  /** LD-ID on an MLD port; FFFFh otherwise. */
  ldId: number;
}

export function encodeBindVppb(v: BindVppb): Uint8Array {
  const L = F.BIND_VPPB;
  const out = new Uint8Array(F.BIND_VPPB_SIZE);
  out[L.vcsId.at] = v.vcsId;
  out[L.vppbId.at] = v.vppbId;
  out[L.portId.at] = v.portId;
  putUint(out, L.ldId.at, 2, v.ldId);
  return out;
}

export function decodeBindVppb(b: Uint8Array): Result<BindVppb> {
  const L = F.BIND_VPPB;
  const n = needBytes(b, F.BIND_VPPB_SIZE, 'Bind vPPB request', 'the layout');
  if (!n.ok) return n;
  return ok({ vcsId: u(b, L.vcsId), vppbId: u(b, L.vppbId), portId: u(b, L.portId), ldId: u(b, L.ldId) });
}

export interface UnbindVppb {
  vcsId: number;
  vppbId: number;
  /** Unbind Option, bits [3:0]. */
  option: number;
}

export function encodeUnbindVppb(v: UnbindVppb): Uint8Array {
  return Uint8Array.from([v.vcsId, v.vppbId, v.option & 0x0f]);
}

export function decodeUnbindVppb(b: Uint8Array): Result<UnbindVppb> {
  const L = F.UNBIND_VPPB;
  const n = needBytes(b, F.UNBIND_VPPB_SIZE, 'Unbind vPPB request', 'the layout');
  if (!n.ok) return n;
  return ok({ vcsId: u(b, L.vcsId), vppbId: u(b, L.vppbId), option: u(b, L.option) & 0x0f });
}
