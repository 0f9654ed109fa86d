/**
 * Decoded, read-only views of a component's HDM decoders (`DecoderState`), computed from the
 * registers — the registers stay the only source of truth.
 *
 * DPA base per CXL r3.1 §8.2.4.20.13 (device decode logic), accumulated in decoder index order:
 *   DPABase[0]   = Skip[0]
 *   DPABase[m+1] = Skip[m+1] + DPABase[m] + Size[m] / ways[m]
 * The spec's formula does not depend on commit state, so it is applied to every decoder. Where
 * Size[m] is not a multiple of ways[m] (only possible for 3/6/12 ways) the quotient is rounded down;
 * a reserved IW encoding counts as 1 way. Both cases can only commit without Lock On Commit.
 */

import { getField } from '../regs/field.ts';
import { hdmDecoderControl } from '../spec/hdm-decoder.ts';
import { eigToGranularity, eiwToWays } from '../spec/interleave.ts';
import { join64 } from '../units.ts';
import type { ComponentRegisters } from './component-registers.ts';
import type { DecoderState } from './decoder-state.ts';

/** Decoder states of one component, in index order (empty without an HDM structure). */
export function decoderStates(regs: ComponentRegisters): DecoderState[] {
  const out: DecoderState[] = [];
  let dpaBase = 0;
  for (let n = 0; n < regs.decoderCount; n++) {
    const raw = regs.rawDecoder(n);
    const ctrl = regs.decoderReg(n, hdmDecoderControl);
    const ways = eiwToWays(raw.eiw);
    const granularity = eigToGranularity(raw.eig);
    const base = join64(raw.baseHigh, raw.baseLow);
    const size = join64(raw.sizeHigh, raw.sizeLow);
    const isDevice = regs.kind === 'type3';
    let skip = 0;
    if (isDevice) {
      const s = regs.rawSkip(n);
      skip = join64(s.skipHigh, s.skipLow);
      dpaBase += skip;
    }
    const reason = regs.errorReason(n);
    const state: DecoderState = {
      index: n,
      base,
      size,
      eiw: raw.eiw,
      eig: raw.eig,
      ways: ways.ok ? ways.value : null,
      granularity: granularity.ok ? granularity.value : null,
      lockOnCommit: getField(hdmDecoderControl, 'lockOnCommit', ctrl) === 1,
      commit: getField(hdmDecoderControl, 'commit', ctrl) === 1,
      committed: getField(hdmDecoderControl, 'committed', ctrl) === 1,
      errorNotCommitted: getField(hdmDecoderControl, 'errorNotCommitted', ctrl) === 1,
      targetRangeType: getField(hdmDecoderControl, 'targetRangeType', ctrl) === 1 ? 1 : 0,
      targets: isDevice ? [] : [...raw.targets],
      skip,
      dpaBase: isDevice ? dpaBase : 0,
      locked: regs.isDecoderLocked(n),
    };
    if (reason !== undefined) state.errorReason = reason;
    out.push(state);
    if (isDevice) dpaBase += Math.floor(size / (ways.ok ? ways.value : 1));
  }
  return out;
}
