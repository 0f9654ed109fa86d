/**
 * The register side of region assembly: what Linux learns from a component's HDM Decoder Capability
 * register (linux drivers/cxl/core/hdm.c parse_hdm_decoder_caps) and the exact writes
 * `cxl_decoder_commit` / `cxl_decoder_reset` (same file) perform.
 *
 * Commit, per decoder: Control is read and prepared in software (IG, IW, Target Range Type = 1
 * host-only, Commit = 1; other bits as read), then Base High, Base Low, Size High, Size Low, then
 * Target List High, Low (host bridge / switch) or DPA Skip High, Low (endpoint), then Control last
 * — `decoderWriteSequence` in hdm/program.ts, the sequence `programDecoder` writes too.
 * Reset: Control with Commit cleared (other bits as read), then Size High, Size Low, Base High,
 * Base Low = 0. Reset leaves IW/IG, the Target List and DPA Skip as they were, like Linux.
 */
import { type DecoderWriteRole, decoderWriteSequence } from '../hdm/program.ts';
import { getField, type RegDef, setField } from '../regs/field.ts';
import { ok, type Result } from '../result.ts';
import {
  decoderRegOffset,
  hdmDecoderBaseHigh,
  hdmDecoderBaseLow,
  hdmDecoderCapability,
  hdmDecoderControl,
  hdmDecoderSizeHigh,
  hdmDecoderSizeLow,
} from '../spec/hdm-decoder.ts';
import { granularityToEig, VALID_WAYS, waysToEiw } from '../spec/interleave.ts';
import { linux61Passthrough } from '../topology/platform.ts';
import { hex } from '../units.ts';
import type { MmioWrite, RegionLab } from './types.ts';

/** What Linux keeps from a port's or endpoint's HDM Decoder Capability register. */
export interface HdmCaps {
  decoderCount: number;
  /** Targets per decoder (`cxlsd->nr_targets`); 1 for a passthrough decoder. */
  targetCount: number;
  /** Address bits the component can interleave on (`interleave_mask`): 8–11 and/or 12–14. */
  interleaveBits: ReadonlySet<number>;
  /** Way counts it supports (`iw_cap_mask`). */
  waysCapable: ReadonlySet<number>;
  passthrough: boolean;
}

const ALL_BITS = new Set([8, 9, 10, 11, 12, 13, 14]);

/** Linux's "everything allowed" masks for a passthrough decoder. */
export const PASSTHROUGH_CAPS: HdmCaps = {
  decoderCount: 1,
  targetCount: 1,
  interleaveBits: ALL_BITS,
  waysCapable: new Set(VALID_WAYS),
  passthrough: true,
};

/**
 * Reads and decodes a component's HDM Decoder Capability register; passthrough caps without one, and
 * under the Linux 6.1 profile for any host bridge or switch with one downstream port (`platform.ts`).
 */
export function readCaps(lab: RegionLab, componentId: string): HdmCaps {
  const base = lab.hdmBase(componentId);
  if (base === null || linux61Passthrough(lab.topology, componentId)) return PASSTHROUGH_CAPS;
  const read = lab.mmioRead32(componentId, base + hdmDecoderCapability.offset);
  const value = read.ok ? read.value : 0;
  // Linux decodes Decoder Count as `enc ? enc × 2 : 1` (cxl_hdm_decoder_count): right up to 16
  // decoders, but 20/24/28/32 (encodings 9–0xC) read as 18/20/22/24 (Linux drivers/cxl/cxl.h
  // cxl_hdm_decoder_count; CXL r3.1 §8.2.4.20.1 has the full table). Linux's view wins.
  const enc = getField(hdmDecoderCapability, 'decoderCount', value);
  const bits = new Set<number>();
  if (getField(hdmDecoderCapability, 'a11to8', value) === 1) for (const b of [8, 9, 10, 11]) bits.add(b);
  if (getField(hdmDecoderCapability, 'a14to12', value) === 1) for (const b of [12, 13, 14]) bits.add(b);
  const ways = new Set([1, 2, 4, 8]);
  if (getField(hdmDecoderCapability, 'iw3612', value) === 1) for (const w of [3, 6, 12]) ways.add(w);
  if (getField(hdmDecoderCapability, 'iw16', value) === 1) ways.add(16);
  return {
    decoderCount: enc === 0 ? 1 : enc * 2,
    targetCount: getField(hdmDecoderCapability, 'targetCount', value),
    interleaveBits: bits,
    waysCapable: ways,
    passthrough: false,
  };
}

/**
 * The HPA bits a decoder with `ways` / `granularity` interleaves on (linux region.c
 * check_interleave_cap): none for 1 and 3 ways; bits eig+8 … eig+7+eiw for powers of
 * two; eig+8 … eig+eiw-1 for 6 and 12 ways.
 */
export function interleaveBits(ways: number, granularity: number): number[] {
  const eiw = waysToEiw(ways);
  const eig = granularityToEig(granularity);
  if (!eiw.ok || !eig.ok) return [];
  if (eiw.value === 0 || eiw.value === 8) return [];
  const high = eiw.value > 8 ? eiw.value + eig.value - 1 : eiw.value + eig.value + 7;
  const out: number[] = [];
  for (let b = eig.value + 8; b <= high; b++) out.push(b);
  return out;
}

/** Linux's check_interleave_cap: true when the component can decode `ways` at `granularity`. */
export function interleaveSupported(caps: HdmCaps, ways: number, granularity: number): boolean {
  if (!caps.waysCapable.has(ways)) return false;
  return interleaveBits(ways, granularity).every((b) => caps.interleaveBits.has(b));
}

function readControl(lab: RegionLab, component: string, hdm: number, index: number): number {
  const r = lab.mmioRead32(component, hdm + decoderRegOffset(index, hdmDecoderControl));
  return r.ok ? r.value : 0;
}

function regName(def: RegDef, index: number): string {
  return def.name.replace('Decoder n', `Decoder ${index}`);
}

/** What to program into one decoder. */
export interface CommitProgram {
  component: string;
  decoder: string;
  index: number;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  /** Host bridge / switch target port numbers; undefined for an endpoint. */
  targets?: number[];
  /** Endpoint DPA skip. */
  skip?: number;
}

function write(
  hdm: number,
  p: { component: string; decoder: string; index: number },
  def: RegDef,
  value: number,
  note: string,
): MmioWrite {
  return {
    component: p.component,
    decoder: p.decoder,
    decoderIndex: p.index,
    register: regName(def, p.index),
    offset: hdm + decoderRegOffset(p.index, def),
    value: value >>> 0,
    note,
  };
}

/**
 * The Control value Linux prepares for a commit, from the register's current value. Ways or a
 * granularity without an IW / IG encoding (CXL r3.1 §8.2.4.20.7) are refused with the reason: the
 * register cannot hold them, and writing any other encoding would commit a different decoder.
 */
export function commitControl(current: number, ways: number, granularity: number): Result<number> {
  const eiw = waysToEiw(ways);
  if (!eiw.ok) return eiw;
  const eig = granularityToEig(granularity);
  if (!eig.ok) return eig;
  let ctrl = current;
  ctrl = setField(hdmDecoderControl, 'ig', ctrl, eig.value);
  ctrl = setField(hdmDecoderControl, 'iw', ctrl, eiw.value);
  ctrl = setField(hdmDecoderControl, 'targetRangeType', ctrl, 1);
  return ok(setField(hdmDecoderControl, 'commit', ctrl, 1));
}

const NOTES: Record<Exclude<DecoderWriteRole, 'control'>, (p: CommitProgram) => string> = {
  uncommit: () =>
    'lab: clear the Commit bit an earlier Error Not Committed left set (Linux clears it itself, cxld_await_commit)',
  'base-high': (p) => `base ${hex(p.base)} bits 63:32`,
  'base-low': (p) => `base ${hex(p.base)} bits 31:28`,
  'size-high': (p) => `size ${hex(p.size)} bits 63:32`,
  'size-low': (p) => `size ${hex(p.size)} bits 31:28`,
  'target-list-high': (p) => `target list [${(p.targets ?? []).join(',')}] ways 4-7`,
  'target-list-low': (p) => `target list [${(p.targets ?? []).join(',')}] ways 0-3`,
  'skip-high': (p) => `DPA skip ${hex(p.skip ?? 0)} bits 63:32`,
  'skip-low': (p) => `DPA skip ${hex(p.skip ?? 0)} bits 31:28`,
};

/**
 * `cxl_decoder_commit`'s seven writes for one decoder (`decoderWriteSequence`, the same sequence
 * `programDecoder` uses). Null when the component has no HDM registers; an error when the ways or
 * granularity have no encoding (`commitControl`).
 */
export function commitWrites(lab: RegionLab, p: CommitProgram): Result<MmioWrite[] | null> {
  const hdm = lab.hdmBase(p.component);
  if (hdm === null) return ok(null);
  const current = readControl(lab, p.component, hdm, p.index);
  const ctrl = commitControl(current, p.ways, p.granularity);
  if (!ctrl.ok) return ctrl;
  const ig = getField(hdmDecoderControl, 'ig', ctrl.value);
  const iw = getField(hdmDecoderControl, 'iw', ctrl.value);
  const steps = decoderWriteSequence(current, {
    base: p.base,
    size: p.size,
    control: ctrl.value,
    ...(p.targets !== undefined ? { targets: p.targets } : { skip: p.skip ?? 0 }),
  });
  const writes = steps.map((step) =>
    write(
      hdm,
      p,
      step.def,
      step.value,
      step.role === 'control'
        ? `commit: IG=${ig} (${p.granularity} B), IW=${iw} ` +
            `(${p.ways} way${p.ways === 1 ? '' : 's'}), Target Range Type=1 (host-only), Commit=1; ` +
            'prepared from the read value, written last'
        : NOTES[step.role](p),
    ),
  );
  return ok(writes);
}

/** `cxl_decoder_reset`'s five writes. Null when the component has no HDM registers. */
export function resetWrites(
  lab: RegionLab,
  p: { component: string; decoder: string; index: number },
): MmioWrite[] | null {
  const hdm = lab.hdmBase(p.component);
  if (hdm === null) return null;
  const current = readControl(lab, p.component, hdm, p.index);
  const ctrl = setField(hdmDecoderControl, 'commit', current, 0);
  return [
    write(hdm, p, hdmDecoderControl, ctrl, 'reset: Commit=0 (other bits as read)'),
    write(hdm, p, hdmDecoderSizeHigh, 0, 'size = 0'),
    write(hdm, p, hdmDecoderSizeLow, 0, 'size = 0'),
    write(hdm, p, hdmDecoderBaseHigh, 0, 'base = 0'),
    write(hdm, p, hdmDecoderBaseLow, 0, 'base = 0'),
  ];
}

/** The write `cxld_await_commit` makes after Error Not Committed: Control with Commit cleared. */
export function clearCommitWrite(
  lab: RegionLab,
  p: { component: string; decoder: string; index: number },
): MmioWrite | null {
  const hdm = lab.hdmBase(p.component);
  if (hdm === null) return null;
  const current = readControl(lab, p.component, hdm, p.index);
  return write(
    hdm,
    p,
    hdmDecoderControl,
    setField(hdmDecoderControl, 'commit', current, 0),
    'Error Not Committed: clear Commit',
  );
}
