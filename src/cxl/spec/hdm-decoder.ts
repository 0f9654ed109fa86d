/**
 * CXL HDM Decoder Capability Structure, CXL r3.1 §8.2.4.20 (capability ID 5).
 *
 * Layout (offsets from the structure start):
 *   0x00 HDM Decoder Capability (§8.2.4.20.1)      0x04 HDM Decoder Global Control (§8.2.4.20.2)
 *   0x10 + 0x20·n: Decoder n Base Low / High (§.3/.4), Size Low / High (§.5/.6), Control (§.7),
 *   Target List Low / High (§.8/.10, host bridge and upstream switch port) or DPA Skip Low / High
 *   (§.9/.11, devices). 0x08, 0x0C and 0x2C + 0x20·n are reserved.
 *
 * Each register's fields are declared once below; write masks and reset values come from
 * `defineReg`. Per-component values (capability fields, hard-wired fields) are chosen in
 * `hdmRegisterLayout`.
 *
 * Deliberate choices: the lab's components are neither UIO- nor BI-capable and report Poison On
 * Decode Error Capability 0, so the UIO/BI/ISP Control fields and Poison On Decode Error Enable are
 * hard-wired 0 (reading 0 as the spec requires when the capability is absent). Target Range Type is
 * writable on devices too ("may be RO in devices"; QEMU and Linux treat it as writable).
 */
import { defineReg, type RegDef } from '../regs/field.ts';
import type { RegInstanceOptions } from '../regs/register-file.ts';
import { err, ok, type Result } from '../result.ts';
import type { DecoderOwnerKind } from '../topology/model.ts';
import { DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS } from './hdm-constants.ts';

export const HDM_SPEC = 'CXL r3.1 §8.2.4.20';

/** Offset of Decoder 0's registers in the structure. */
export const HDM_DECODER0_OFFSET = 0x10;
/** Distance between consecutive decoders' registers. */
export const HDM_DECODER_STRIDE = 0x20;
/** Where the lab (like QEMU) places the HDM structure: CXL.cache/mem offset 0x128, chained in component-block.ts. */
export { HDM_CACHEMEM_OFFSET } from './component-block.ts';
/** HDM Decoder Capability structure version the lab advertises (it carries the r3.x fields). */
export const HDM_CAP_VERSION = 3;

/** §8.2.4.20.1 HDM Decoder Capability register (offset 0x00). */
export const hdmDecoderCapability = defineReg('HDM Decoder Capability', 0x00, [
  { name: 'decoderCount', bit: 0, width: 4, access: 'HwInit', title: 'Decoder Count' },
  { name: 'targetCount', bit: 4, width: 4, access: 'HwInit', title: 'Target Count' },
  { name: 'a11to8', bit: 8, width: 1, access: 'HwInit', title: 'A11to8 Interleave Capable' },
  { name: 'a14to12', bit: 9, width: 1, access: 'HwInit', title: 'A14to12 Interleave Capable' },
  {
    name: 'poisonOnDecodeErrorCap',
    bit: 10,
    width: 1,
    access: 'HwInit',
    title: 'Poison On Decode Error Capability',
  },
  { name: 'iw3612', bit: 11, width: 1, access: 'HwInit', title: '3, 6, 12 Way Interleave Capable' },
  { name: 'iw16', bit: 12, width: 1, access: 'HwInit', title: '16 Way Interleave Capable' },
  { name: 'uioCapable', bit: 13, width: 1, access: 'HwInit', title: 'UIO Capable' },
  { name: 'rsvd15', bit: 14, width: 2, access: 'RsvdP' },
  { name: 'uioDecoderCount', bit: 16, width: 4, access: 'HwInit', title: 'UIO Capable Decoder Count' },
  { name: 'memDataNxm', bit: 20, width: 1, access: 'HwInit', title: 'MemData-NXM Capable' },
  { name: 'coherencyModels', bit: 21, width: 2, access: 'HwInit', title: 'Supported Coherency Models' },
  { name: 'rsvd31', bit: 23, width: 9, access: 'RsvdP' },
]);

/** §8.2.4.20.2 HDM Decoder Global Control register (offset 0x04). */
export const hdmDecoderGlobalControl = defineReg('HDM Decoder Global Control', 0x04, [
  {
    name: 'poisonOnDecodeErrorEnable',
    bit: 0,
    width: 1,
    access: 'RW',
    title: 'Poison On Decode Error Enable',
  },
  { name: 'hdmDecoderEnable', bit: 1, width: 1, access: 'RW', title: 'HDM Decoder Enable' },
  { name: 'rsvd31', bit: 2, width: 30, access: 'RsvdP' },
]);

// Decoder n registers: offsets are relative to the decoder's 0x20-byte slot at 0x10 + 0x20·n.

/** §8.2.4.20.3 Decoder n Base Low: base bits 31:28. */
export const hdmDecoderBaseLow = defineReg('Decoder n Base Low', 0x00, [
  { name: 'rsvd27', bit: 0, width: 28, access: 'RsvdP' },
  { name: 'baseLow', bit: 28, width: 4, access: 'RWL', title: 'Memory Base Low' },
]);
/** §8.2.4.20.4 Decoder n Base High: base bits 63:32. */
export const hdmDecoderBaseHigh = defineReg('Decoder n Base High', 0x04, [
  { name: 'baseHigh', bit: 0, width: 32, access: 'RWL', title: 'Memory Base High' },
]);
/** §8.2.4.20.5 Decoder n Size Low: size bits 31:28. */
export const hdmDecoderSizeLow = defineReg('Decoder n Size Low', 0x08, [
  { name: 'rsvd27', bit: 0, width: 28, access: 'RsvdP' },
  { name: 'sizeLow', bit: 28, width: 4, access: 'RWL', title: 'Memory Size Low' },
]);
/** §8.2.4.20.6 Decoder n Size High: size bits 63:32. */
export const hdmDecoderSizeHigh = defineReg('Decoder n Size High', 0x0c, [
  { name: 'sizeHigh', bit: 0, width: 32, access: 'RWL', title: 'Memory Size High' },
]);

/** §8.2.4.20.7 Decoder n Control. */
export const hdmDecoderControl = defineReg('Decoder n Control', 0x10, [
  { name: 'ig', bit: 0, width: 4, access: 'RWL', title: 'Interleave Granularity (IG)' },
  { name: 'iw', bit: 4, width: 4, access: 'RWL', title: 'Interleave Ways (IW)' },
  { name: 'lockOnCommit', bit: 8, width: 1, access: 'RWL', title: 'Lock On Commit' },
  { name: 'commit', bit: 9, width: 1, access: 'RWL', title: 'Commit' },
  { name: 'committed', bit: 10, width: 1, access: 'RO', title: 'Committed' },
  { name: 'errorNotCommitted', bit: 11, width: 1, access: 'RO', title: 'Error Not Committed' },
  { name: 'targetRangeType', bit: 12, width: 1, access: 'RWL', title: 'Target Range Type' },
  { name: 'bi', bit: 13, width: 1, access: 'RWL', title: 'BI' },
  { name: 'uio', bit: 14, width: 1, access: 'RWL', title: 'UIO' },
  { name: 'rsvd15', bit: 15, width: 1, access: 'RsvdP' },
  { name: 'uig', bit: 16, width: 4, access: 'RWL', title: 'Upstream Interleave Granularity (UIG)' },
  { name: 'uiw', bit: 20, width: 4, access: 'RWL', title: 'Upstream Interleave Ways (UIW)' },
  { name: 'isp', bit: 24, width: 4, access: 'RWL', title: 'Interleave Set Position (ISP)' },
  { name: 'rsvd31', bit: 28, width: 4, access: 'RsvdP' },
]);

/** §8.2.4.20.8 Decoder n Target List Low (host bridge, upstream switch port): ways 0–3. */
export const hdmDecoderTargetListLow = defineReg('Decoder n Target List Low', 0x14, [
  { name: 'target0', bit: 0, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=0' },
  { name: 'target1', bit: 8, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=1' },
  { name: 'target2', bit: 16, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=2' },
  { name: 'target3', bit: 24, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=3' },
]);
/** §8.2.4.20.10 Decoder n Target List High: ways 4–7. */
export const hdmDecoderTargetListHigh = defineReg('Decoder n Target List High', 0x18, [
  { name: 'target4', bit: 0, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=4' },
  { name: 'target5', bit: 8, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=5' },
  { name: 'target6', bit: 16, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=6' },
  { name: 'target7', bit: 24, width: 8, access: 'RWL', title: 'Target Port Identifier for Interleave Way=7' },
]);
/** §8.2.4.20.9 Decoder n DPA Skip Low (devices): skip bits 31:28. */
export const hdmDecoderDpaSkipLow = defineReg('Decoder n DPA Skip Low', 0x14, [
  { name: 'rsvd27', bit: 0, width: 28, access: 'RsvdP' },
  { name: 'skipLow', bit: 28, width: 4, access: 'RWL', title: 'DPA Skip Low' },
]);
/** §8.2.4.20.11 Decoder n DPA Skip High: skip bits 63:32. */
export const hdmDecoderDpaSkipHigh = defineReg('Decoder n DPA Skip High', 0x18, [
  { name: 'skipHigh', bit: 0, width: 32, access: 'RWL', title: 'DPA Skip High' },
]);

/** Target List field names, way 0 … 7. */
export const TARGET_FIELDS = [
  'target0',
  'target1',
  'target2',
  'target3',
  'target4',
  'target5',
  'target6',
  'target7',
] as const;

export { DECODER_COUNT_BY_ENC, DEVICE_DECODER_COUNTS };

export function decoderCountToEnc(count: number): Result<number> {
  const enc = DECODER_COUNT_BY_ENC.indexOf(count);
  if (enc < 0) {
    return err(
      'hdm.decoder-count-invalid',
      `decoder count ${count} not encodable (valid: ${DECODER_COUNT_BY_ENC.join(', ')})`,
      { spec: `${HDM_SPEC}.1` },
    );
  }
  return ok(enc);
}

export function encToDecoderCount(enc: number): Result<number> {
  const count = DECODER_COUNT_BY_ENC[enc];
  if (count === undefined || !Number.isInteger(enc)) {
    return err('hdm.decoder-count-reserved', `decoder count encoding ${enc} is reserved`, {
      spec: `${HDM_SPEC}.1`,
    });
  }
  return ok(count);
}

/** Decoder counts a component of `kind` may have with an HDM structure (0 = passthrough HB aside). */
export function allowedDecoderCounts(kind: DecoderOwnerKind): readonly number[] {
  return kind === 'type3' ? DEVICE_DECODER_COUNTS : DECODER_COUNT_BY_ENC;
}

/** Target Count the lab's host bridges and switches report (QEMU: 8). */
export const PORT_TARGET_COUNT = 8;
/** Target Count the lab's devices report (QEMU writes 1; the field is meaningful for ports only). */
export const DEVICE_TARGET_COUNT = 1;

/** Offset of decoder `n`'s register `reg` from the HDM structure start. */
export function decoderRegOffset(n: number, reg: { offset: number }): number {
  return HDM_DECODER0_OFFSET + HDM_DECODER_STRIDE * n + reg.offset;
}

/** Bytes the structure spans for `decoderCount` decoders. */
export function hdmStructureSize(decoderCount: number): number {
  return HDM_DECODER0_OFFSET + HDM_DECODER_STRIDE * decoderCount;
}

/** Lock group of decoder `n`'s RWL fields. */
export function decoderLockGroup(n: number): string {
  return `decoder${n}`;
}

/** One register to place: offset from the HDM structure start, its table, and instance options. */
export interface HdmRegisterPlacement {
  offset: number;
  def: RegDef;
  options: RegInstanceOptions<string>;
}

/**
 * The registers of one decoder slot, in offset order. A Type 3's decoder has DPA Skip where a host
 * bridge's or switch's has its Target List (same offsets 0x14/0x18, §8.2.4.20.8–.11).
 */
export function decoderSlotRegisters(kind: DecoderOwnerKind): readonly RegDef[] {
  return kind === 'type3' ? DEVICE_DECODER_REGS : PORT_DECODER_REGS;
}

const DECODER_HEAD_REGS = [
  hdmDecoderBaseLow,
  hdmDecoderBaseHigh,
  hdmDecoderSizeLow,
  hdmDecoderSizeHigh,
  hdmDecoderControl,
];
const DEVICE_DECODER_REGS: readonly RegDef[] = [
  ...DECODER_HEAD_REGS,
  hdmDecoderDpaSkipLow,
  hdmDecoderDpaSkipHigh,
];
const PORT_DECODER_REGS: readonly RegDef[] = [
  ...DECODER_HEAD_REGS,
  hdmDecoderTargetListLow,
  hdmDecoderTargetListHigh,
];

const UNIMPLEMENTED_CONTROL_FIELDS = ['bi', 'uio', 'uig', 'uiw', 'isp'] as const;

/**
 * The HDM structure's registers for a component: capability values as QEMU sets them (fields per
 * CXL r3.1 §8.2.4.20.1; values per QEMU hw/cxl/cxl-component-utils.c hdm_init_common, with
 * hw/pci-bridge/cxl_upstream.c and pci_expander_bridge.c setting Target Count 8): decoder count as
 * given, Target Count 8 for host bridges and switches and 1 for devices, A11to8 and A14to12 = 1,
 * 3/6/12-way and 16-way = 1 on Type 3 only, everything else 0.
 */
export function hdmRegisterLayout(
  kind: DecoderOwnerKind,
  decoderCount: number,
): Result<HdmRegisterPlacement[]> {
  const enc = decoderCountToEnc(decoderCount);
  if (!enc.ok) return enc;
  if (!allowedDecoderCounts(kind).includes(decoderCount)) {
    return err(
      'hdm.decoder-count-invalid',
      `a Type 3 device has at most 10 HDM decoders, not ${decoderCount}`,
      {
        spec: `${HDM_SPEC}.1`,
      },
    );
  }
  const isDevice = kind === 'type3';
  const out: HdmRegisterPlacement[] = [
    {
      offset: hdmDecoderCapability.offset,
      def: hdmDecoderCapability,
      options: {
        init: {
          decoderCount: enc.value,
          targetCount: isDevice ? DEVICE_TARGET_COUNT : PORT_TARGET_COUNT,
          a11to8: 1,
          a14to12: 1,
          iw3612: isDevice ? 1 : 0,
          iw16: isDevice ? 1 : 0,
        },
      },
    },
    {
      offset: hdmDecoderGlobalControl.offset,
      def: hdmDecoderGlobalControl,
      // Poison capability is 0 → enable reads 0; HDM Decoder Enable exists on devices only.
      options: {
        hardwire: isDevice
          ? ['poisonOnDecodeErrorEnable']
          : ['poisonOnDecodeErrorEnable', 'hdmDecoderEnable'],
      },
    },
  ];
  const perDecoder = decoderSlotRegisters(kind);
  for (let n = 0; n < decoderCount; n++) {
    for (const def of perDecoder) {
      out.push({
        offset: decoderRegOffset(n, def),
        def,
        options: {
          lockGroup: decoderLockGroup(n),
          hardwire: def === hdmDecoderControl ? UNIMPLEMENTED_CONTROL_FIELDS : undefined,
        },
      });
    }
  }
  return ok(out);
}
