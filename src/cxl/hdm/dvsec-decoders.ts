/**
 * Endpoint decoders emulated from an RCD's DVSEC CXL Range registers, as Linux builds them when a
 * device has no HDM Decoder Capability (drivers/cxl/core/hdm.c should_emulate_decoders,
 * cxl_setup_hdm_decoder_from_dvsec; ranges read by drivers/cxl/core/pci.c cxl_dvsec_rr_decode).
 */
import type { DvsecSpec } from '../topology/model.ts';
import type { DecoderState } from './decoder-state.ts';

/**
 * One decoder per non-empty range, in range order: HPA [base, base + size), 1 way (256 B
 * granularity encoding 0), committed and locked (Linux sets ENABLE | LOCK), host-only target type,
 * DPA reserved sequentially from 0 (Linux's `*dpa_base += len`). With Mem_Enable clear Linux records
 * no ranges ("values are moot"), so there is nothing to emulate.
 */
export function dvsecEmulatedDecoders(dvsec: DvsecSpec): DecoderState[] {
  if (!dvsec.memEnable) return [];
  const out: DecoderState[] = [];
  let dpaBase = 0;
  for (const range of dvsec.ranges) {
    if (range.size <= 0) continue; // cxl_dvsec_rr_decode records only non-zero ranges
    out.push({
      index: out.length,
      base: range.base,
      size: range.size,
      eiw: 0,
      eig: 0,
      ways: 1,
      granularity: 256,
      lockOnCommit: true,
      commit: true,
      committed: true,
      errorNotCommitted: false,
      targetRangeType: 1,
      targets: [],
      skip: 0,
      dpaBase,
      locked: true,
    });
    dpaBase += range.size;
  }
  return out;
}
