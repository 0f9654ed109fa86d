/**
 * The shape of a mailbox command the lab implements: its opcode and names, its fixed input size (or
 * variable), its Command Effects (reported in the CEL), the handler the device runs when the doorbell
 * rings, a decoder for its output (and input) payload by field name, and a JSON → input encoder for
 * the CLI's `--in-json`.
 */
import type { Result } from '../../result.ts';
import type { DeviceState } from '../state.ts';

export interface CommandContext {
  dev: DeviceState;
  /** Mailbox payload size in bytes (outputs never exceed it). */
  payloadSize: number;
  /** The implemented commands, for the Command Effects Log. */
  cel: readonly { opcode: number; effects: number }[];
  /** Writes device memory (Clear Poison's write data); absent when no memory is attached. */
  writeMemory?: (dpa: number, bytes: Uint8Array) => void;
}

export interface CommandOutcome {
  rc: number;
  output: Uint8Array;
}

/** One decoded payload field: where it is and what it says. */
export interface PayloadField {
  name: string;
  offset: number;
  size: number;
  /** The raw value (hex for integers, text for strings and UUIDs). */
  value: string;
  /** What it means, in the units people think in ("1 GiB", "Injected"). */
  meaning?: string;
}

export interface CommandDef {
  opcode: number;
  /** Spec name, e.g. "Identify Memory Device". */
  name: string;
  /** CLI name, e.g. "identify". */
  cli: string;
  /** Input payload size in bytes, or 'variable'. */
  input: number | 'variable';
  effects: number;
  /** Where the command is defined. */
  spec: string;
  run(ctx: CommandContext, input: Uint8Array): CommandOutcome;
  decodeOutput?(output: Uint8Array): PayloadField[];
  decodeInput?(input: Uint8Array): PayloadField[];
  /** `--in-json` object → input payload. */
  fromJson?(json: unknown): Result<Uint8Array>;
}

export function outcome(rc: number, output: Uint8Array = new Uint8Array(0)): CommandOutcome {
  return { rc, output };
}
