/**
 * The decode steps of a CXL 1.1 restricted host (RCH) and device (RCD), shared by the reference walk
 * and the compiled fast path: the RCH forwards every address to its one RCD (no HDM decoders,
 * CXL r3.0 §9.11.2), and the RCD maps HPA → DPA by its DVSEC ranges (CXL 2.0 §8.1.3.8) through the
 * decoders Linux emulates from them (drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec).
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { ComponentSpec, HostBridgeSpec, Topology, Type3Spec } from '../topology/model.ts';
import { rcdBelow } from '../topology/restricted.ts';

export const SPEC_RCH_DECODE =
  'CXL r3.0 §9.11.2 (RCH: no HDM decoders, one RCD below the downstream port RCRB, §8.2.1.1)';
export const SPEC_RCD_DECODE =
  'CXL 2.0 §8.1.3.8 (DVSEC CXL Range); linux drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec';

/** The RCD an RCH forwards to, or undefined. */
export function rchChild(topology: Topology, hb: HostBridgeSpec): Type3Spec | undefined {
  return rcdBelow(topology, hb.id);
}

/** The hop text at an RCH. */
export function rchArithmetic(hb: HostBridgeSpec, rcd: ComponentSpec | undefined): string {
  return `CXL 1.1 RCH (no HDM decoders): downstream port RCRB ${hexAddr(hb.componentRegBase)} → ${rcd?.id ?? 'no device'}`;
}

function hexAddr(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * The hop text at an RCD for emulated decoder `d` and its DPA. The range number is the DVSEC's own
 * (an empty Range 1 makes Range 2 emulated decoder 0, as Linux compacts them).
 */
export function rcdArithmetic(device: Type3Spec, d: DecoderState, hpa: number): string {
  const off = hpa - d.base;
  const n = (device.dvsec?.ranges ?? []).findIndex((r) => r.base === d.base && r.size === d.size) + 1;
  return (
    `emulated decoder ${d.index} [${hexAddr(d.base)}, ${hexAddr(d.base + d.size)}): DVSEC Range ${n}, 1-way, locked; ` +
    `HPAoff ${hexAddr(off)}; DPA = DPA start ${hexAddr(d.dpaBase)} + ${hexAddr(off)} = ${hexAddr(d.dpaBase + off)}`
  );
}
