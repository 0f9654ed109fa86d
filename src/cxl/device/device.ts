/**
 * One emulated CXL memory device: its state and its device register block, wired so that ringing
 * the doorbell runs the command the Command register names, the way QEMU's cxl_process_cci_message
 * does (hw/cxl/cxl-mailbox-utils.c): the input is taken from the payload area (which is then cleared),
 * checked (no such command → Unsupported; a length above the payload size or different from a
 * fixed-size command's input → Invalid Payload Length), run, and the output, its length in the
 * Command register and the return code in the Status register are written before the doorbell clears.
 */
import * as D from '../spec/device-regs.ts';
import { RC } from '../spec/mailbox.ts';
import type { Type3Spec } from '../topology/model.ts';
import { putU64 } from './bytes.ts';
import { CEL, commandByOpcode } from './commands/registry.ts';
import type { CommandContext, CommandOutcome } from './commands/types.ts';
import { DeviceRegisterBlock } from './device-registers.ts';
import { DeviceState } from './state.ts';

const CONTROL = D.MAILBOX_OFFSET + D.MBOX.control;
const COMMAND = D.MAILBOX_OFFSET + D.MBOX.command;
const STATUS = D.MAILBOX_OFFSET + D.MBOX.status;
const PAYLOAD = D.MAILBOX_OFFSET + D.MBOX.payload;
const LENGTH_MASK = 2n ** 21n - 1n;

export interface DeviceOptions {
  writeMemory?: (dpa: number, bytes: Uint8Array) => void;
}

export class MemoryDevice {
  readonly state: DeviceState;
  readonly regs = new DeviceRegisterBlock();
  readonly #writeMemory: ((dpa: number, bytes: Uint8Array) => void) | undefined;

  constructor(spec: Type3Spec, options: DeviceOptions = {}) {
    this.state = new DeviceState(spec);
    this.#writeMemory = options.writeMemory;
    this.regs.onDoorbell = () => this.#execute();
    this.regs.eventStatus = () =>
      this.state.logs.reduce((bits, l, i) => bits | (l.records.length > 0 ? 1 << i : 0), 0);
  }

  #dispatch(opcode: number, length: number, input: Uint8Array): CommandOutcome {
    const def = commandByOpcode(opcode);
    if (def === undefined) return { rc: RC.unsupported, output: new Uint8Array(0) };
    if (length > D.MAILBOX_PAYLOAD_SIZE) return { rc: RC.invalidPayloadLength, output: new Uint8Array(0) };
    if (def.input !== 'variable' && def.input !== length)
      return { rc: RC.invalidPayloadLength, output: new Uint8Array(0) };
    const ctx: CommandContext = { dev: this.state, payloadSize: D.MAILBOX_PAYLOAD_SIZE, cel: CEL };
    if (this.#writeMemory !== undefined) ctx.writeMemory = this.#writeMemory;
    return def.run(ctx, input);
  }

  #execute(): void {
    const b = this.regs.bytes;
    const command = this.regs.peek64(COMMAND);
    const opcode = Number(command & 0xffffn);
    const length = Number((command >> 16n) & LENGTH_MASK);
    const input = b.slice(PAYLOAD, PAYLOAD + Math.min(length, D.MAILBOX_PAYLOAD_SIZE));
    b.fill(0, PAYLOAD, PAYLOAD + D.MAILBOX_PAYLOAD_SIZE);
    const result = this.#dispatch(opcode, length, input);
    const output =
      result.rc === RC.success ? result.output.subarray(0, D.MAILBOX_PAYLOAD_SIZE) : new Uint8Array(0);
    b.set(output, PAYLOAD);
    putU64(b, COMMAND, BigInt(opcode) | (BigInt(output.length) << 16n));
    putU64(b, STATUS, BigInt(result.rc) << 32n);
    b[CONTROL] = (b[CONTROL] ?? 0) & ~1;
  }
}
