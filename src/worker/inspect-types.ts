/**
 * DOC: the inspection part of the worker protocol — what the panels ask the emulator for: a
 * component's register block dump with every field decoded, per-field and decoded-unit MMIO writes,
 * the CEDT as bytes plus decoded fields, DPA pages for the hex view, the reverse map DPA → HPA,
 * batches of routed addresses for the interleave strip, and per-piece decode traces for the decode
 * path animation. Types only (like `protocol.ts`, which merges `InspectRequestMap` into its
 * `RequestMap`); the logic is in `inspect.ts`.
 */

import type { CedtTable } from '../cxl/acpi/cedt.ts';
import type { CedtField, CedtFinding } from '../cxl/acpi/field.ts';
import type { CheckRun } from '../cxl/decode/check-run.ts';
import type { RouteHop } from '../cxl/decode/walk.ts';
import type { CommitCheckId } from '../cxl/hdm/commit.ts';
import type { MmioWriteResult } from '../cxl/hdm/component-registers.ts';
import type { DecoderState } from '../cxl/hdm/decoder-state.ts';
import type { Access } from '../cxl/regs/field.ts';
import type { LabState } from './lab-types.ts';

export type { Access, CedtField, CedtFinding, CedtTable, CommitCheckId, MmioWriteResult, RouteHop };

/** One field of a register, as the field table declares it, with its current value. */
export interface RegisterFieldView {
  /** Field key in the core's table, e.g. `lockOnCommit` (what `mmio.writeField` takes). */
  name: string;
  /** Spec name, e.g. "Lock On Commit"; reserved fields read "Reserved". */
  title: string;
  bit: number;
  width: number;
  access: Access;
  value: number;
  /** Software can change it with a write right now (RW, or RWL while unlocked, and not hard-wired). */
  writable: boolean;
  /** The value in the units people think in: "1 KiB", "2 ways", "port 1 → rp0.1", "base bits 31:28". */
  meaning: string;
}

/** Which structure a register belongs to. */
export type RegisterGroup = 'capability' | 'hdm' | 'decoder';

/** One 32-bit register of a component register block. */
export interface RegisterView {
  /** Offset in the component's 64 KiB register block. */
  offset: number;
  /** Offset within the HDM Decoder Capability Structure, or null outside it. */
  hdmOffset: number | null;
  /** Register name with the decoder index filled in: "Decoder 0 Control". */
  name: string;
  /** Spec section of the register, e.g. "CXL r3.1 §8.2.4.20.7". */
  spec: string;
  group: RegisterGroup;
  /** HDM decoder index, for decoder registers. */
  decoder: number | null;
  value: number;
  resetValue: number;
  /** Bits a write can change right now. */
  writeMask: number;
  /** The register's lock group is locked (Lock On Commit took effect). */
  locked: boolean;
  /** Every field, reserved ones included, from bit 0 up (they tile all 32 bits). */
  fields: RegisterFieldView[];
}

/** A commit check that failed, with where it comes from. */
export interface CommitFailureView {
  check: CommitCheckId;
  /** 'spec': a check CXL r3.1 §8.2.4.20.12 requires (with Lock On Commit); 'lab': what the component supports. */
  origin: 'spec' | 'lab';
  spec: string;
  title: string;
  message: string;
}

export interface DecoderDetail {
  state: DecoderState;
  /** Why Error Not Committed is set, check by check (empty when it is not set). */
  failures: CommitFailureView[];
}

/** A component's register block, decoded. */
export interface RegisterDump {
  component: string;
  kind: 'host-bridge' | 'switch' | 'type3';
  /** Where the block sits in host physical address space when the lab knows it (CHBS Base). */
  blockBase: number | null;
  /** Offset of the HDM Decoder Capability Structure in the block; null for a passthrough host bridge. */
  hdmOffset: number | null;
  decoderCount: number;
  registers: RegisterView[];
  decoders: DecoderDetail[];
  /** A CXL 1.1 RCH (its RCRB) or RCD (its DVSEC ranges) instead of a component register block. */
  restricted?: RestrictedRegistersView;
}

/** Registers of a CXL 1.1 restricted host or device, placed as the spec places them (rch-inspect.ts). */
export interface RestrictedRegistersView {
  kind: 'rch' | 'rcd';
  /** One line saying where the block is and what it is. */
  title: string;
  rows: {
    /** Absolute address (RCRB), or null for configuration-space registers (DVSEC). */
    address: number | null;
    /** Offset in the RCRB, or in the DVSEC. */
    offset: number;
    block: string;
    name: string;
    /** The register's value when the lab models it; null when it shows the layout only. */
    value: number | null;
    note: string;
    /** Register width in bytes (RCRB rows; a 16-bit register shows 4 hex digits). */
    size?: 2 | 4;
    /** Decoded fields by spec name (RCRB rows), with their PCI attribute. */
    fields?: { name: string; bit: number; width: number; value: number; access: 'RO' | 'RW' | 'RsvdP' }[];
  }[];
  /** RCH: the component register blocks the two MEMBAR0s point at, as Linux decodes them. */
  componentBlocks?: { label: string; address: number | null; note: string }[];
}

/** A change to one decoder in decoded units; the worker turns it into MMIO writes. */
export type DecoderChange =
  | { field: 'base' | 'size' | 'skip'; value: number }
  | { field: 'ways' | 'granularity'; value: number }
  | { field: 'target'; way: number; value: number };

/**
 * The CEDT as the panel shows it: the bytes and the decoded table (fields know their byte ranges),
 * plus each subtable's fields in offset order (`subtableFields[i]` for `table.subtables[i]`).
 */
export interface CedtView {
  bytes: Uint8Array;
  table: CedtTable;
  subtableFields: CedtField[][];
}

/** One routed piece of an access with the reference walk's hops (for the decode path animation). */
export interface PieceTrace {
  hpa: number;
  length: number;
  ok: boolean;
  device?: string;
  dpa?: number;
  /** Why the piece failed; the last hop is where it failed. */
  error?: string;
  /** Component the failure is about. */
  failedAt?: string;
  /** The piece failed because it read poisoned device bytes (the device is `failedAt`). */
  poison?: boolean;
  hops: RouteHop[];
}

/** Traces of an access: the first pieces (an access split across granules has one per granule). */
export interface AccessTrace {
  pieces: PieceTrace[];
  /** Pieces the access had in all (more than `pieces.length` when only the first were traced). */
  totalPieces: number;
}

/** Where one HPA routes (interleave strip). */
export interface RoutedAddress {
  hpa: number;
  ok: boolean;
  device?: string;
  dpa?: number;
  error?: string;
}

/** One HPA that reaches a device byte, and the decoders on its way. */
export interface ReverseHit {
  hpa: number;
  /** The device's HDM decoder that maps it. */
  decoder: number;
  window: string;
  /** Hop by hop, e.g. "cfmw0 way 0", "hb0 decoder 0 way 1 → rp0.1", "mem1 decoder 0". */
  path: string[];
}

export interface InspectRequestMap {
  /**
   * `cxl-lab check` on the lab as it is now (the Check panel): the lab is saved and loaded again as
   * the CLI loads a file (load findings: topology warnings, decoders in Error Not Committed), then
   * checked (core `checkRun`). Changes nothing.
   */
  'check.run': { args: Record<string, never>; result: CheckRun };
  /** Every register of a component's block, decoded field by field. */
  'registers.dump': { args: { component: string }; result: RegisterDump };
  /** Read-modify-write of one field (a 32-bit MMIO write; the core masks what is read-only). */
  'mmio.writeField': {
    args: { component: string; offset: number; field: string; value: number };
    result: LabState & { write: MmioWriteResult };
  };
  /** One decoder setting in decoded units, written as the MMIO writes it takes (no commit). */
  'hdm.setDecoder': {
    args: { component: string; index: number; change: DecoderChange };
    result: LabState & { writes: MmioWriteResult[] };
  };
  /** The lab's CEDT, built from its topology. */
  'cedt.build': { args: Record<string, never>; result: CedtView };
  /** Decodes CEDT bytes (a table dumped from a real machine); never fails on malformed input. */
  'cedt.decode': { args: { bytes: Uint8Array }; result: CedtView };
  /** Bytes of a device's DPA space (untouched memory reads 0 and stays unallocated). */
  'dpa.read': {
    args: { device: string; dpa: number; length: number };
    result: { bytes: Uint8Array; touchedPages: number[] };
  };
  /** Every HPA that reaches (device, DPA), with the decoders on the way (empty: none does). */
  'dpa.reverse': { args: { device: string; dpa: number }; result: { hits: ReverseHit[] } };
  /** Routes each HPA (fast path), for the interleave strip. */
  'route.batch': { args: { hpas: number[] }; result: { routes: RoutedAddress[] } };
}
