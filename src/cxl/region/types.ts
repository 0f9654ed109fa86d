/**
 * Types shared by region assembly: the request, the plan of MMIO writes, refusals in Linux's terms,
 * and the narrow view of a lab the region code needs.
 */
import type { MmioWriteResult } from '../hdm/component-registers.ts';
import type { LabCore } from '../lab-core.ts';
import type { CxlError, Result } from '../result.ts';
import type { RegionMode } from './dpa.ts';

export type { RegionMode } from './dpa.ts';

/**
 * What region assembly needs from a lab: the core view plus 32-bit MMIO on a component's register
 * block and where its HDM Decoder Capability Structure sits in that block.
 */
export interface RegionLab extends LabCore {
  mmioRead32(componentId: string, offset: number): Result<number>;
  mmioWrite32(componentId: string, offset: number, value: number): Result<MmioWriteResult>;
  /** Offset of the HDM structure in the component register block; null without one (passthrough). */
  hdmBase(componentId: string): number | null;
}

/** Negative errno values Linux returns from the failing sysfs write. */
export type LinuxErrno =
  | '-EINVAL'
  | '-ENXIO'
  | '-EBUSY'
  | '-ENOSPC'
  | '-ERANGE'
  | '-EIO'
  | '-ETIMEDOUT'
  | '-ENODEV';

/**
 * A region request refused the way Linux (or cxl-cli in front of it) refuses it. `message` reads
 * "<object>: <rule> (<errno>)"; `log` is the text Linux prints — a `dev_dbg` line (visible with
 * dynamic debug) for the kernel, a `log_err` line for cxl-cli — with the lab's Linux names filled in.
 */
export interface RegionRefusal extends CxlError {
  errno: LinuxErrno;
  /** The Linux object the rule is about: `decoder2.0`, `port2`, `mem1`, `region0`, `decoder0.1`. */
  object: string;
  /** The rule, in words. */
  rule: string;
  log: string;
  source: 'kernel' | 'cxl-cli';
  /** The step that fails: a sysfs attribute (`region0/target2`) or a cxl-cli stage. */
  step: string;
}

/** `cxl create-region` in lab terms. Optional fields default the way cxl-cli defaults them. */
export interface RegionRequest {
  /** Window id (`cfmw0`) or its root decoder name (`decoder0.0`). */
  window: string;
  /** Type 3 component ids (or `memN` names), in region position order: member i is `target<i>`. */
  members: readonly string[];
  /** Interleave ways; default: the number of members. */
  ways?: number;
  /** Interleave granularity in bytes; default: the root decoder's (256 for a 1-way window). */
  granularity?: number;
  /** Region size in bytes; default: smallest member capacity of the mode × ways, capped to free space. */
  size?: number;
  /** Default: persistent if the window allows it, else volatile (cxl-cli's choice). */
  mode?: RegionMode;
}

export type PlannedDecoderKind = 'host-bridge' | 'switch' | 'endpoint';

/** One decoder's programming as Linux derives it for a region. */
export interface PlannedDecoder {
  /** Linux decoder name: `decoder3.0`. */
  name: string;
  /** Linux port that owns it: `port1`, `endpoint5`. */
  port: string;
  /** Lab component id. */
  component: string;
  kind: PlannedDecoderKind;
  index: number;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  eiw: number;
  eig: number;
  /** Host bridge / switch: target port numbers in interleave-way order (dport first-seen order). */
  targets: number[];
  /** Host bridge / switch: the downstream port components, same order. */
  targetIds: string[];
  /** Endpoint: DPA Skip, and the DPA range it maps (`dpa_resource`, `dpa_size`). */
  skip: number;
  dpaResource: number;
  dpaSize: number;
  /** A passthrough host bridge's software-only decoder: nothing to write or commit. */
  passthrough: boolean;
  /** How the values were derived, in Linux's terms. */
  derivation: string[];
}

/** One region member, at its position. */
export interface RegionTarget {
  position: number;
  /** Lab Type 3 id. */
  memdev: string;
  /** `memN`. */
  memdevName: string;
  /** `endpointN`. */
  endpoint: string;
  /** Endpoint decoder, `decoderE.D`. */
  decoder: string;
  decoderIndex: number;
  hostBridge: string;
  dpaResource: number;
  dpaSize: number;
  skip: number;
  /** Decoder names on the member's path, bottom-up: endpoint, switch(es), host bridge. */
  path: string[];
}

/** One 32-bit register write. */
export interface MmioWrite {
  /** Lab component whose register block is written. */
  component: string;
  /** Linux decoder name. */
  decoder: string;
  decoderIndex: number;
  /** Register name, e.g. `Decoder 0 Base High`. */
  register: string;
  /** Offset within the component register block. */
  offset: number;
  value: number;
  note: string;
}

export type RegionType = 'ram' | 'pmem';

/** The decoders and writes that build (or tear down) one region, in Linux's order. */
export interface RegionPlan {
  kind: 'create' | 'destroy';
  region: string;
  window: string;
  rootDecoder: string;
  base: number;
  size: number;
  ways: number;
  granularity: number;
  mode: RegionMode;
  type: RegionType;
  targets: RegionTarget[];
  decoders: PlannedDecoder[];
  /** Decoder names in the order Linux commits (create) or resets (destroy) them. */
  order: string[];
  writes: MmioWrite[];
  /** Observations that do not refuse the request (self-tests, Linux caveats). */
  notes: string[];
  /** The lab's `version` the plan was computed against. */
  labVersion: number;
}
