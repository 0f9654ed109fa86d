/**
 * Byte codecs of the MLD Component payloads (Get LD Info, Get/Set LD Allocations) and of the
 * Tunnel Management Command with the CCI message it carries (layouts in `fm-api.ts`). Decoders never
 * throw: short payloads are located errors naming the sizes.
 */
import { getU64, getUint, putU64, putUint } from '../device/bytes.ts';
import { ok, type Result } from '../result.ts';
import * as F from './fm-api.ts';
import { needBytes } from './fm-payloads.ts';

// ── Get LD Info (5400h) ───────────────────────────────────────────────────────────────────────

export interface LdInfo {
  /** Total device memory capacity, bytes. */
  memorySize: bigint;
  ldCount: number;
  qosCaps: number;
}

export function encodeLdInfo(v: LdInfo): Uint8Array {
  const out = new Uint8Array(F.LD_INFO_SIZE);
  putU64(out, F.LD_INFO.memorySize.at, v.memorySize);
  putUint(out, F.LD_INFO.ldCount.at, 2, v.ldCount);
  out[F.LD_INFO.qosCaps.at] = v.qosCaps;
  return out;
}

export function decodeLdInfo(b: Uint8Array): Result<LdInfo> {
  const n = needBytes(b, F.LD_INFO_SIZE, 'Get LD Info response', 'the layout');
  if (!n.ok) return n;
  return ok({
    memorySize: getU64(b, F.LD_INFO.memorySize.at),
    ldCount: getUint(b, F.LD_INFO.ldCount.at, 2),
    qosCaps: b[F.LD_INFO.qosCaps.at] ?? 0,
  });
}

// ── LD allocation lists (5401h, 5402h) ────────────────────────────────────────────────────────

/** One LD's allocation: Range 1 and Range 2 multipliers of the memory granularity. */
export interface LdAllocation {
  range1: bigint;
  range2: bigint;
}

function putEntries(out: Uint8Array, at: number, list: readonly LdAllocation[]): void {
  list.forEach((e, i) => {
    putU64(out, at + i * F.LD_ALLOC_ENTRY.size + F.LD_ALLOC_ENTRY.range1.at, e.range1);
    putU64(out, at + i * F.LD_ALLOC_ENTRY.size + F.LD_ALLOC_ENTRY.range2.at, e.range2);
  });
}

function getEntries(b: Uint8Array, at: number, count: number): LdAllocation[] {
  const out: LdAllocation[] = [];
  for (let i = 0; i < count; i++) {
    const o = at + i * F.LD_ALLOC_ENTRY.size;
    out.push({
      range1: getU64(b, o + F.LD_ALLOC_ENTRY.range1.at),
      range2: getU64(b, o + F.LD_ALLOC_ENTRY.range2.at),
    });
  }
  return out;
}

export interface LdAllocRequest {
  startLdId: number;
  listLimit: number;
}

export function encodeLdAllocRequest(r: LdAllocRequest): Uint8Array {
  return Uint8Array.from([r.startLdId, r.listLimit]);
}

export function decodeLdAllocRequest(b: Uint8Array): Result<LdAllocRequest> {
  const n = needBytes(b, F.LD_ALLOC_GET_IN_SIZE, 'Get LD Allocations request', 'the layout');
  if (!n.ok) return n;
  return ok({ startLdId: b[0] ?? 0, listLimit: b[1] ?? 0 });
}

export interface LdAllocations {
  /** Number of LDs enabled in the device. */
  ldCount: number;
  /** Memory Granularity code (0 = 256 MB, 1 = 512 MB, 2 = 1 GB). */
  granularity: number;
  startLdId: number;
  list: LdAllocation[];
}

export function encodeLdAllocations(v: LdAllocations): Uint8Array {
  const G = F.LD_ALLOC_GET_OUT;
  const out = new Uint8Array(G.list + v.list.length * F.LD_ALLOC_ENTRY.size);
  out[G.ldCount.at] = v.ldCount;
  out[G.granularity.at] = v.granularity;
  out[G.startLdId.at] = v.startLdId;
  out[G.listLength.at] = v.list.length;
  putEntries(out, G.list, v.list);
  return out;
}

export function decodeLdAllocations(b: Uint8Array): Result<LdAllocations> {
  const G = F.LD_ALLOC_GET_OUT;
  const what = 'Get LD Allocations response';
  const head = needBytes(b, G.list, what, 'the header');
  if (!head.ok) return head;
  const len = b[G.listLength.at] ?? 0;
  const n = needBytes(
    b,
    G.list + len * F.LD_ALLOC_ENTRY.size,
    what,
    `LD Allocation List Length ${len} (4 + ${len} × 16)`,
  );
  if (!n.ok) return n;
  return ok({
    ldCount: b[G.ldCount.at] ?? 0,
    granularity: b[G.granularity.at] ?? 0,
    startLdId: b[G.startLdId.at] ?? 0,
    list: getEntries(b, G.list, len),
  });
}

/** Set LD Allocations request, and its response (same layout: the allocations after the command). */
export interface SetLdAllocations {
  startLdId: number;
  list: LdAllocation[];
}

export function encodeSetLdAllocations(v: SetLdAllocations): Uint8Array {
  const S = F.LD_ALLOC_SET;
  const out = new Uint8Array(S.list + v.list.length * F.LD_ALLOC_ENTRY.size);
  out[S.count.at] = v.list.length;
  out[S.startLdId.at] = v.startLdId;
  putEntries(out, S.list, v.list);
  return out;
}

export function decodeSetLdAllocations(
  b: Uint8Array,
  what = 'Set LD Allocations payload',
): Result<SetLdAllocations> {
  const S = F.LD_ALLOC_SET;
  const head = needBytes(b, S.list, what, 'the header');
  if (!head.ok) return head;
  const count = b[S.count.at] ?? 0;
  const n = needBytes(
    b,
    S.list + count * F.LD_ALLOC_ENTRY.size,
    what,
    `Number of LDs ${count} (4 + ${count} × 16)`,
  );
  if (!n.ok) return n;
  return ok({ startLdId: b[S.startLdId.at] ?? 0, list: getEntries(b, S.list, count) });
}

// ── CCI message and Tunnel Management Command (5300h) ─────────────────────────────────────────

export interface CciMessage {
  /** 0 request, 1 response (bits [3:0]). */
  category: number;
  tag: number;
  opcode: number;
  /** Background Operation bit (byte 7 bit 7). */
  background: boolean;
  returnCode: number;
  vendorStatus: number;
  payload: Uint8Array;
}

/** The largest payload the 21-bit Message Payload Length can state. */
export const CCI_MAX_PAYLOAD = 2 ** 21 - 1;

export function encodeCciMessage(m: CciMessage): Uint8Array {
  const M = F.CCI_MESSAGE;
  const out = new Uint8Array(F.CCI_HEADER_SIZE + m.payload.length);
  out[M.category.at] = m.category & 0x0f;
  out[M.tag.at] = m.tag;
  putUint(out, M.opcode.at, 2, m.opcode);
  putUint(out, M.lengthLow.at, 2, m.payload.length & 0xffff);
  out[M.lengthHigh.at] = ((m.payload.length >> 16) & 0x1f) | (m.background ? F.CCI_BACKGROUND_BIT : 0);
  putUint(out, M.returnCode.at, 2, m.returnCode);
  putUint(out, M.vendorStatus.at, 2, m.vendorStatus);
  out.set(m.payload, M.payload);
  return out;
}

/** Decodes one CCI message; the payload is the 21-bit length's worth of bytes after the header. */
export function decodeCciMessage(b: Uint8Array): Result<CciMessage> {
  const M = F.CCI_MESSAGE;
  const head = needBytes(b, F.CCI_HEADER_SIZE, 'CCI message', 'the 12-byte header');
  if (!head.ok) return head;
  const high = b[M.lengthHigh.at] ?? 0;
  const length = getUint(b, M.lengthLow.at, 2) + (high & 0x1f) * 0x10000;
  const n = needBytes(
    b,
    F.CCI_HEADER_SIZE + length,
    'CCI message',
    `Message Payload Length ${length} (12 + ${length})`,
  );
  if (!n.ok) return n;
  return ok({
    category: (b[M.category.at] ?? 0) & 0x0f,
    tag: b[M.tag.at] ?? 0,
    opcode: getUint(b, M.opcode.at, 2),
    background: (high & F.CCI_BACKGROUND_BIT) !== 0,
    returnCode: getUint(b, M.returnCode.at, 2),
    vendorStatus: getUint(b, M.vendorStatus.at, 2),
    payload: b.slice(F.CCI_HEADER_SIZE, F.CCI_HEADER_SIZE + length),
  });
}

export interface TunnelRequest {
  portOrLdId: number;
  /** Bits [3:0]: 0 port or LD based, 1 LD Pool CCI. */
  targetType: number;
  /** The request message, CCI message format. */
  message: Uint8Array;
}

export function encodeTunnelRequest(t: TunnelRequest): Uint8Array {
  const T = F.TUNNEL_IN;
  const out = new Uint8Array(T.message + t.message.length);
  out[T.portOrLdId.at] = t.portOrLdId;
  out[T.targetType.at] = t.targetType & 0x0f;
  putUint(out, T.commandSize.at, 2, t.message.length);
  out.set(t.message, T.message);
  return out;
}

export function decodeTunnelRequest(b: Uint8Array): Result<TunnelRequest> {
  const T = F.TUNNEL_IN;
  const what = 'Tunnel Management Command request';
  const head = needBytes(b, T.message, what, 'the header');
  if (!head.ok) return head;
  const size = getUint(b, T.commandSize.at, 2);
  const n = needBytes(b, T.message + size, what, `Command Size ${size} (4 + ${size})`);
  if (!n.ok) return n;
  return ok({
    portOrLdId: b[T.portOrLdId.at] ?? 0,
    targetType: (b[T.targetType.at] ?? 0) & 0x0f,
    message: b.slice(T.message, T.message + size),
  });
}

export function encodeTunnelResponse(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(F.TUNNEL_OUT.message + message.length);
  putUint(out, F.TUNNEL_OUT.responseLength.at, 2, message.length);
  out.set(message, F.TUNNEL_OUT.message);
  return out;
}

export function decodeTunnelResponse(b: Uint8Array): Result<Uint8Array> {
  const what = 'Tunnel Management Command response';
  const head = needBytes(b, F.TUNNEL_OUT.message, what, 'the header');
  if (!head.ok) return head;
  const len = getUint(b, F.TUNNEL_OUT.responseLength.at, 2);
  const n = needBytes(b, F.TUNNEL_OUT.message + len, what, `Response Length ${len} (4 + ${len})`);
  if (!n.ok) return n;
  return ok(b.slice(F.TUNNEL_OUT.message, F.TUNNEL_OUT.message + len));
}
