/**
 * The shared context of a Linux probe replay: the device being bound, the timeline of steps recorded
 * so far, and what the driver has learned (payload size, enabled commands, Identify's capacities).
 * Phases (`phases.ts`) add steps through `mailbox`, `mmio` and `note`.
 */

import { returnCodeName } from '../../spec/mailbox.ts';
import { commandByOpcode } from '../commands/registry.ts';
import type { PayloadField } from '../commands/types.ts';
import type { MemoryDevice } from '../device.ts';
import type { MmioAccess } from '../device-registers.ts';
import { sendCommand } from '../mailbox.ts';

export type StepKind = 'mailbox' | 'mmio' | 'note';

export interface ProbeStep {
  /** 1-based position in the timeline. */
  n: number;
  kind: StepKind;
  /** Short title ("Identify Memory Device (0x4000)", "Read Memory Device Status"). */
  title: string;
  /** The Linux function that does it, with its file: "drivers/cxl/core/mbox.c cxl_dev_state_identify". */
  fn: string;
  /** Why Linux does it, in one or two sentences. */
  why: string;
  opcode?: number;
  input?: Uint8Array;
  output?: Uint8Array;
  inputFields?: PayloadField[];
  outputFields?: PayloadField[];
  returnCode?: number;
  returnCodeName?: string;
  mmio: MmioAccess[];
}

export interface ProbeOptions {
  /**
   * The host bridge grants the OS native CXL error control (_OSC); only then does cxl_event_config
   * touch the event logs (drivers/cxl/pci.c). Default false (firmware first).
   */
  nativeErrors?: boolean;
  /** The ns-since-epoch value Set Timestamp carries (Linux sends ktime_get_real_ns()). */
  timestampNs?: bigint;
  /** CONFIG_CXL_PMEM and an nvdimm bridge: the pmem capacity gets an nvdimm whose labels are read. */
  pmem?: boolean;
}

export class ProbeContext {
  readonly steps: ProbeStep[] = [];
  payloadSize = 0;
  /** Identify's values in bytes (cxl_dev_state_identify). */
  identified: {
    total: number;
    volatileOnly: number;
    persistentOnly: number;
    partitionAlign: number;
    lsaSize: number;
    firmware: string;
  } | null = null;
  /** Opcodes the CEL listed (cxl_walk_cel enables the ones Linux knows). */
  readonly celOpcodes = new Set<number>();
  failed: string | null = null;

  constructor(
    readonly device: MemoryDevice,
    readonly options: ProbeOptions,
  ) {}

  #push(step: Omit<ProbeStep, 'n'>): ProbeStep {
    const s = { ...step, n: this.steps.length + 1 };
    this.steps.push(s);
    return s;
  }

  /** Sends a command through the registers as __cxl_pci_mbox_send_cmd does and records it. */
  mailbox(opcode: number, input: Uint8Array, fn: string, why: string, name?: string): ProbeStep {
    const def = commandByOpcode(opcode);
    const title = `${def?.name ?? name ?? 'command'} (0x${opcode.toString(16).padStart(4, '0')})`;
    const r = sendCommand(this.device, opcode, input);
    if (!r.ok) {
      this.failed = r.error.message;
      return this.#push({ kind: 'mailbox', title, fn, why, opcode, input, mmio: [] });
    }
    const v = r.value;
    return this.#push({
      kind: 'mailbox',
      title,
      fn,
      why,
      opcode,
      input,
      output: v.output,
      inputFields: def?.decodeInput?.(v.input) ?? [],
      outputFields: v.output.length > 0 ? (def?.decodeOutput?.(v.output) ?? []) : [],
      returnCode: v.returnCode,
      returnCodeName: returnCodeName(v.returnCode),
      mmio: v.trace,
    });
  }

  /** Runs `body` with register accesses recorded as one step. */
  mmio(
    title: string,
    fn: string,
    why: string,
    body: (read: (offset: number, size: number) => bigint) => void,
  ): ProbeStep {
    const trace: MmioAccess[] = [];
    const regs = this.device.regs;
    regs.trace = trace;
    try {
      body((offset, size) => {
        const r = regs.read(offset, size);
        return r.ok ? r.value : 0n;
      });
    } finally {
      regs.trace = null;
    }
    return this.#push({ kind: 'mmio', title, fn, why, mmio: trace });
  }

  /** A step with no device access (a decision, or something Linux does elsewhere). */
  note(title: string, fn: string, why: string): ProbeStep {
    return this.#push({ kind: 'note', title, fn, why, mmio: [] });
  }
}
