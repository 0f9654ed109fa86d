/**
 * DOC: the LSA and Linux-probe part of the worker protocol (issue 17): `device.lsa` (a window of a
 * Type 3 device's Label Storage Area with its CXL labels decoded) and `device.probe` (the replay of
 * Linux binding the device: timeline, register accesses, derived capacities, `cxl list -M`). Types
 * only (merged into `RequestMap` by `protocol.ts`); the logic is in `device-labels.ts`.
 */
import type { IndexBlockView, LabelView } from '../cxl/device/index.ts';
import type { MmioAccessView, PayloadFieldView } from './device-types.ts';

export type { IndexBlockView, LabelView };

/** `device.lsa`: the LSA's first bytes (all of a default 128 KiB LSA) and its decoded labels. */
export interface LsaView {
  device: string;
  /** LSA size in bytes (Identify's LSA Size). */
  size: number;
  /** The first `bytes.length` bytes (at most 256 KiB). */
  bytes: Uint8Array;
  summary: string;
  /** The index block Linux would use, or null. */
  current: number | null;
  indexBlocks: IndexBlockView[];
  labels: LabelView[];
  problems: string[];
}

/** One step of the probe timeline, as plain data. */
export interface ProbeStepView {
  n: number;
  kind: 'mailbox' | 'mmio' | 'note';
  title: string;
  /** The Linux function (with its file) that does it. */
  fn: string;
  why: string;
  opcodeText?: string;
  input?: Uint8Array;
  output?: Uint8Array;
  inputFields: PayloadFieldView[];
  outputFields: PayloadFieldView[];
  returnCodeName?: string;
  ok: boolean;
  mmio: MmioAccessView[];
}

/** One register of the device register block, for the step-through's register map. */
export interface RegisterMapRow {
  name: string;
  offset: number;
  size: number;
  offsetText: string;
}

export interface ProbeView {
  device: string;
  kernel: string;
  ok: boolean;
  failure: string | null;
  steps: ProbeStepView[];
  /** How the capacities were derived, with the arithmetic (null when the probe failed early). */
  capacities: { how: string; ramSize: number; pmemSize: number; ramText: string; pmemText: string } | null;
  /** `cxl list -M` for the device, laid out as cxl-cli's json-c pretty print (null when the probe fails). */
  cxlList: string | null;
  /** The device register block's registers, in offset order. */
  registerMap: RegisterMapRow[];
}

export interface DeviceLabelsRequestMap {
  'device.lsa': { args: { device: string }; result: LsaView };
  'device.probe': { args: { device: string; nativeErrors?: boolean }; result: ProbeView };
}
