/**
 * DOC: the device-side part of the worker protocol (issue 17) — a component's PCIe configuration
 * space decoded, a Type 3 device's register block decoded, the mailbox command catalogue, one
 * mailbox command run through the registers, and a device's poison records with their HPAs. Types
 * only (merged into `RequestMap` by `protocol.ts`); the logic is in `device-inspect.ts`. Every value
 * is plain structured-clone data; numbers the UI shows come formatted by the core's helpers, so the
 * panels print them exactly as the CLI does.
 */
import type { LabState, MemoryEntry } from './lab-types.ts';

/** One field of a register: spec name, bit range and its value. */
export interface DeviceFieldView {
  /** Spec name ("Mem_Capable", "Doorbell"). */
  title: string;
  /** "[15:0]" / "[4]". */
  bits: string;
  bit: number;
  width: number;
  access: string;
  value: number;
  /** The value as the CLI prints it ("0x1e98", "+", "-"). */
  valueText: string;
  /** One line of meaning where the lab knows one ("Ready", "2048 bytes"). */
  meaning?: string;
}

/** One register at its offset in its space (config space, device register block). */
export interface DeviceRegisterView {
  offset: number;
  /** "0x10c". */
  offsetText: string;
  /** Width in bytes. */
  size: number;
  name: string;
  value: number;
  /** "0x0d938086" (zero-padded to the register width). */
  valueText: string;
  fields: DeviceFieldView[];
  meaning?: string;
}

/** A capability (config space) or register set (device register block) with its registers. */
export interface DeviceRegisterGroup {
  offset: number;
  offsetText: string;
  name: string;
  /** Where it is defined, e.g. "CXL 2.0 §8.1.3". */
  spec: string;
  registers: DeviceRegisterView[];
}

/** `device.config`: a component's 4 KiB configuration space, decoded as `cxl-lab config` does. */
export interface DeviceConfigView {
  component: string;
  kind: string;
  /** All 4096 bytes. */
  bytes: Uint8Array;
  groups: DeviceRegisterGroup[];
  /** The `cxl-lab config` text (lspci -vvv style). */
  text: string;
}

/** `device.registers`: the memory device register block (CXL 2.0 §8.2.8) of a Type 3 device. */
export interface DeviceRegistersView {
  device: string;
  /** The block's bytes up to the end of Memory Device Status. */
  bytes: Uint8Array;
  groups: DeviceRegisterGroup[];
  /** Offset of the mailbox payload area in the block, and its size in bytes. */
  payloadOffset: number;
  payloadOffsetText: string;
  payloadSize: number;
}

/** One named, located field of a mailbox payload (the core's `PayloadField`). */
export interface PayloadFieldView {
  name: string;
  offset: number;
  size: number;
  value: string;
  meaning?: string;
}

/** One implemented mailbox command, for the Mailbox view's picker and field editor. */
export interface MailboxCommandInfo {
  opcode: number;
  /** "0x4000". */
  opcodeText: string;
  name: string;
  cli: string;
  /** Fixed input size in bytes, or null when variable. */
  inputSize: number | null;
  /** The input's fields, laid out over a zero payload of the fixed size (or the variable header). */
  inputFields: PayloadFieldView[];
  /** Bytes of a fresh input: the fixed size, or the header of a variable one. */
  defaultInputSize: number;
  /** Command Effects bits as the CEL reports them (CXL 2.0 §8.2.9.4.2). */
  effects: number;
  spec: string;
}

/** One MMIO access of a mailbox run, as plain data, and the CLI's line for it. */
export interface MmioAccessView {
  op: 'read' | 'write';
  offset: number;
  size: number;
  register: string;
  /** The value as hex, or "N bytes" for a payload block copy. */
  valueText: string;
  /** `cxl-lab mbox`'s line: "write    8 @ 0x090  Command Register = 0x…". */
  line: string;
}

export interface MailboxRunView {
  device: string;
  opcode: number;
  opcodeText: string;
  /** Spec name, or null for an opcode the lab does not implement. */
  command: string | null;
  returnCode: number;
  /** "Success (0x00)". */
  returnCodeName: string;
  input: Uint8Array;
  output: Uint8Array;
  inputFields: PayloadFieldView[];
  outputFields: PayloadFieldView[];
  mmio: MmioAccessView[];
  /** The command changed the device's saved state (the answer then carries the new lab state). */
  changed: boolean;
}

/** One HPA that reaches a poisoned 64-byte line, and its text as `cxl-lab list --media-errors` prints it. */
export interface PoisonHpaView {
  hpa: number;
  text: string;
  /** The poisoned line (64-byte aligned DPA) this HPA reaches. */
  lineDpa: number;
}

/** A media error record (Get Poison List, CXL 2.0 §8.2.9.5.4.1) with the HPAs that reach it. */
export interface PoisonRecordView {
  dpa: number;
  /** The record's DPA as the CLI's "offset". */
  dpaText: string;
  length: number;
  /** "Injected", "External", … as the CLI names it. */
  source: string;
  /** HPAs of the listed lines, in line order (the CLI's "hpa"). */
  hpas: PoisonHpaView[];
  /** Lines whose HPAs are listed, and how many of them no committed decoder maps. */
  lines: number;
  unmappedLines: number;
  /** Lines past the listed ones (the CLI's "hpa_lines_left_out"). */
  linesLeftOut: number;
}

/** `device.poison`: a device's poison records with their HPAs (`cxl-lab list --media-errors`). */
export interface DevicePoisonView {
  device: string;
  /** Linux's name for it ("mem0"). */
  memdev: string;
  records: PoisonRecordView[];
}

export interface DeviceRequestMap {
  /** A component's PCIe configuration space with its CXL DVSECs, decoded (`cxl-lab config`). */
  'device.config': { args: { component: string }; result: DeviceConfigView };
  /** A Type 3 device's memory device register block, decoded at its offsets. */
  'device.registers': { args: { device: string }; result: DeviceRegistersView };
  /** The mailbox commands the lab implements (the Mailbox view's list and field layouts). */
  'device.commands': { args: Record<string, never>; result: MailboxCommandInfo[] };
  /** A Type 3 device's poison records with the HPAs that reach them (`cxl-lab list --media-errors`). */
  'device.poison': { args: { device: string }; result: DevicePoisonView };
  /**
   * Runs one mailbox command (name or opcode) with `input` through the device's registers, as
   * `cxl-lab mbox` does. A command that changes the device's state (LSA, partition, poison, events,
   * timestamp) changes the document: `state` is then the new lab state (an undoable edit), and
   * `memory` the pages Clear Poison wrote; otherwise both are empty.
   */
  'device.mbox': {
    args: { device: string; command: string; input: Uint8Array };
    result: { run: MailboxRunView; state: LabState | null; memory: MemoryEntry[] };
  };
}
