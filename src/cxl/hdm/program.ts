/**
 * Programming one HDM decoder the way driver software does: nothing but 32-bit MMIO writes, so the
 * lab's loader, the CLI, the UI and tests all exercise the same register path.
 *
 * Sequence (`decoderWriteSequence`, shared with the region planner; the order Linux's
 * cxl_decoder_commit in drivers/cxl/core/hdm.c uses; CXL r3.1 §8.2.4.20.12 asks only that the decoder be
 * programmed before Commit is set):
 *   0. only if Commit is set now (the decoder is committed, or holds Commit = 1 after Error Not
 *      Committed): Control as read with Commit = 0 — reprogramming a decoder while Commit = 1 is
 *      undefined, and a locked decoder is refused before any write;
 *   1. Base High, Base Low, Size High, Size Low;
 *   2. Target List High, Low (host bridge, switch) or DPA Skip High, Low (Type 3);
 *   3. Control last: IG, IW, Lock On Commit, Target Range Type and, when committing, Commit = 1 —
 *      the commit state machine answers on this write.
 * Arguments are checked before any write, so a rejected call leaves the registers untouched.
 */
import { composeReg, getField, type RegDef, setField } from '../regs/field.ts';
import { err, ok, type Result } from '../result.ts';
import { HDM_ALIGN_BITS } from '../spec/hdm-constants.ts';
import {
  decoderRegOffset,
  encToDecoderCount,
  hdmDecoderBaseHigh,
  hdmDecoderBaseLow,
  hdmDecoderCapability,
  hdmDecoderControl,
  hdmDecoderDpaSkipHigh,
  hdmDecoderDpaSkipLow,
  hdmDecoderSizeHigh,
  hdmDecoderSizeLow,
  hdmDecoderTargetListHigh,
  hdmDecoderTargetListLow,
  PORT_TARGET_COUNT,
  TARGET_FIELDS,
} from '../spec/hdm-decoder.ts';
import { granularityToEig, waysToEiw } from '../spec/interleave.ts';
import type { DecoderOwnerKind } from '../topology/model.ts';
import { ADDRESS_LIMIT, hex, hi32, isAligned, lo32 } from '../units.ts';
import type { CommitFailure } from './commit.ts';
import type { MmioWriteResult } from './component-registers.ts';

/** What `programDecoder` needs from a lab: typed MMIO plus where the HDM structure is. */
export interface MmioPort {
  mmioRead32(componentId: string, offset: number): Result<number>;
  mmioWrite32(componentId: string, offset: number, value: number): Result<MmioWriteResult>;
  hdmBase(componentId: string): number | null;
  /** Kind of a decoder-owning component, or null for other components / unknown ids. */
  decoderOwnerKind(componentId: string): DecoderOwnerKind | null;
}

/** Decoder settings in decoded units. */
export interface DecoderProgram {
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** Host bridge / switch: target port numbers for ways 0 … ways−1. */
  targets?: readonly number[];
  /** Type 3: DPA skip in bytes (default 0). */
  skip?: number;
  /** Lock On Commit (default false). */
  lock?: boolean;
  /** Control bit 12 (default 1, host-only / HDM-H: the lab's memory is Type 3). */
  targetRangeType?: 0 | 1;
}

/** One MMIO write made, for logs and tests. */
export interface MmioWriteRecord {
  componentId: string;
  offset: number;
  value: number;
  /** Register written, e.g. "decoder0 Base Low". */
  register: string;
  result: MmioWriteResult;
}

export interface ProgramResult {
  writes: MmioWriteRecord[];
  /** The decoder's state after the last write. */
  outcome: 'programmed' | 'committed' | 'error';
  /** Error Not Committed reason, when `outcome` is 'error'. */
  reason?: string;
  /** Each failed commit check (ids from `COMMIT_CHECKS`), when `outcome` is 'error'. */
  failures?: CommitFailure[];
}

function checkAddress(value: number, what: string, at: string): Result<true> {
  if (!Number.isInteger(value) || value < 0 || value >= ADDRESS_LIMIT) {
    return err('hdm.program-invalid', `${at}: ${what} ${value} is not an integer in 0 … 2^52−1`, {
      component: at,
      field: what,
    });
  }
  if (!isAligned(value, HDM_ALIGN_BITS)) {
    return err('hdm.program-invalid', `${at}: ${what} ${hex(value)} is not a multiple of 256 MiB`, {
      component: at,
      field: what,
      spec: 'CXL r3.1 §8.2.4.20.3',
    });
  }
  return ok(true);
}

/**
 * Programs decoder `n` of `componentId` with MMIO writes and, with `commit`, commits it.
 * Returns every write made and the resulting state; an error result means nothing was written.
 */
export function programDecoder(
  lab: MmioPort,
  componentId: string,
  n: number,
  settings: DecoderProgram,
  options: { commit: boolean },
): Result<ProgramResult> {
  const at = `${componentId} decoder ${n}`;
  const kind = lab.decoderOwnerKind(componentId);
  const hdm = lab.hdmBase(componentId);
  if (kind === null || hdm === null) {
    return err('hdm.no-decoders', `${componentId} has no HDM decoders`, { component: componentId });
  }
  const cap = lab.mmioRead32(componentId, hdm + hdmDecoderCapability.offset);
  if (!cap.ok) return cap;
  const count = encToDecoderCount(getField(hdmDecoderCapability, 'decoderCount', cap.value));
  if (!Number.isInteger(n) || n < 0 || !count.ok || n >= count.value) {
    return err('hdm.no-such-decoder', `${componentId} has no decoder ${n}`, {
      component: componentId,
      field: `decoders[${n}]`,
    });
  }
  const eiw = waysToEiw(settings.ways);
  if (!eiw.ok)
    return err(eiw.error.code, `${at}: ${eiw.error.message}`, {
      component: componentId,
      field: 'ways',
      spec: eiw.error.spec,
    });
  const eig = granularityToEig(settings.granularity);
  if (!eig.ok) {
    return err(eig.error.code, `${at}: ${eig.error.message}`, {
      component: componentId,
      field: 'granularity',
      spec: eig.error.spec,
    });
  }
  for (const [what, v] of [
    ['base', settings.base],
    ['size', settings.size],
    ['skip', settings.skip ?? 0],
  ] as const) {
    const c = checkAddress(v, what, at);
    if (!c.ok) return c;
  }
  const isDevice = kind === 'type3';
  if (isDevice && settings.targets !== undefined) {
    return err('hdm.program-invalid', `${at}: a Type 3 decoder has DPA Skip, not a target list`, {
      component: componentId,
      field: 'targets',
    });
  }
  if (!isDevice && settings.skip !== undefined && settings.skip !== 0) {
    return err('hdm.program-invalid', `${at}: only Type 3 decoders have DPA Skip`, {
      component: componentId,
      field: 'skip',
    });
  }
  const targets = settings.targets ?? [];
  if (!isDevice) {
    if (targets.length !== settings.ways || targets.length > PORT_TARGET_COUNT) {
      return err(
        'hdm.program-invalid',
        `${at}: ${targets.length} targets for ${settings.ways} ways (need one port per way, at most 8)`,
        {
          component: componentId,
          field: 'targets',
        },
      );
    }
    const bad = targets.find((t) => !Number.isInteger(t) || t < 0 || t > 255);
    if (bad !== undefined) {
      return err('hdm.program-invalid', `${at}: target port ${bad} is not 0 … 255`, {
        component: componentId,
        field: 'targets',
      });
    }
  }
  const ctrlOffset = hdm + decoderRegOffset(n, hdmDecoderControl);
  const current = lab.mmioRead32(componentId, ctrlOffset);
  if (!current.ok) return current;
  if (
    getField(hdmDecoderControl, 'lockOnCommit', current.value) === 1 &&
    getField(hdmDecoderControl, 'committed', current.value) === 1
  ) {
    return err(
      'hdm.decoder-locked',
      `${at} is locked (committed with Lock On Commit) until the component is reset`,
      {
        component: componentId,
        spec: 'CXL r3.1 §8.2.4.20.7',
      },
    );
  }

  const control = composeReg(hdmDecoderControl, {
    ig: eig.value,
    iw: eiw.value,
    lockOnCommit: settings.lock === true ? 1 : 0,
    targetRangeType: settings.targetRangeType ?? 1,
    commit: options.commit ? 1 : 0,
  });
  const plan = decoderWriteSequence(current.value, {
    base: settings.base,
    size: settings.size,
    control,
    ...(isDevice ? { skip: settings.skip ?? 0 } : { targets }),
  });

  const writes: MmioWriteRecord[] = [];
  let last: MmioWriteResult | undefined;
  for (const { def, value } of plan) {
    const offset = hdm + decoderRegOffset(n, def);
    const r = lab.mmioWrite32(componentId, offset, value);
    if (!r.ok) return r;
    last = r.value;
    const name = def.name.replace('Decoder n ', '');
    writes.push({ componentId, offset, value, register: `decoder${n} ${name}`, result: r.value });
  }
  const c = last?.commit;
  if (!options.commit) return ok({ writes, outcome: 'programmed' });
  if (c?.outcome === 'error') {
    return ok({ writes, outcome: 'error', reason: c.reason ?? '', failures: c.failures ?? [] });
  }
  return ok({ writes, outcome: 'committed' });
}

/** Which write of a decoder's programming sequence a step is. */
export type DecoderWriteRole =
  | 'uncommit'
  | 'base-high'
  | 'base-low'
  | 'size-high'
  | 'size-low'
  | 'target-list-high'
  | 'target-list-low'
  | 'skip-high'
  | 'skip-low'
  | 'control';

/** One 32-bit write of the sequence: the register (offset within the decoder's slot) and value. */
export interface DecoderWriteStep {
  role: DecoderWriteRole;
  def: RegDef;
  value: number;
}

/** Register contents to program, in decoded units except `control` (the final Control value). */
export interface DecoderRegisterValues {
  base: number;
  size: number;
  /** Host bridge / switch: target port numbers in way order (bytes beyond them are 0). */
  targets?: readonly number[];
  /** Type 3: DPA skip in bytes (used when `targets` is absent). */
  skip?: number;
  /** Control as written last (IG, IW, Lock On Commit, Target Range Type, Commit). */
  control: number;
}

/** Packs target port numbers into Target List Low (ways 0–3) and High (ways 4–7). */
export function packTargets(targets: readonly number[]): { low: number; high: number } {
  let low = 0;
  let high = 0;
  targets.forEach((port, way) => {
    const field = TARGET_FIELDS[way];
    if (field === undefined) return;
    if (way < 4) low = setField(hdmDecoderTargetListLow, field as 'target0', low, port);
    else high = setField(hdmDecoderTargetListHigh, field as 'target4', high, port);
  });
  return { low, high };
}

/**
 * The writes that program one decoder, in the order of Linux's cxl_decoder_commit (see the file
 * DOC): an uncommit first only when `currentControl` has Commit set, then Base High/Low, Size
 * High/Low, Target List High/Low or DPA Skip High/Low, and Control last. Used by `programDecoder`
 * and by the region planner, so both write the same sequence.
 */
export function decoderWriteSequence(currentControl: number, v: DecoderRegisterValues): DecoderWriteStep[] {
  const out: DecoderWriteStep[] = [];
  if (getField(hdmDecoderControl, 'commit', currentControl) === 1) {
    out.push({
      role: 'uncommit',
      def: hdmDecoderControl,
      value: setField(hdmDecoderControl, 'commit', currentControl, 0),
    });
  }
  out.push(
    { role: 'base-high', def: hdmDecoderBaseHigh, value: hi32(v.base) },
    { role: 'base-low', def: hdmDecoderBaseLow, value: lo32(v.base) },
    { role: 'size-high', def: hdmDecoderSizeHigh, value: hi32(v.size) },
    { role: 'size-low', def: hdmDecoderSizeLow, value: lo32(v.size) },
  );
  if (v.targets !== undefined) {
    const { low, high } = packTargets(v.targets);
    out.push(
      { role: 'target-list-high', def: hdmDecoderTargetListHigh, value: high },
      { role: 'target-list-low', def: hdmDecoderTargetListLow, value: low },
    );
  } else {
    const skip = v.skip ?? 0;
    out.push(
      { role: 'skip-high', def: hdmDecoderDpaSkipHigh, value: hi32(skip) },
      { role: 'skip-low', def: hdmDecoderDpaSkipLow, value: lo32(skip) },
    );
  }
  out.push({ role: 'control', def: hdmDecoderControl, value: v.control >>> 0 });
  return out;
}
