/**
 * The shape of a Fabric Manager API command the lab implements: opcode and names, which component
 * processes it (the switch's CCI or an MLD's FM-owned LD), its Command Effects, and a pure handler:
 * state in → return code, output payload, new state and a sentence saying what happened or why not.
 */
import type { PayloadField } from '../device/commands/types.ts';
import type { Result } from '../result.ts';
import type { FmProcessor } from '../spec/fm-api.ts';
import type { FmState } from './state.ts';

/** Who the command was delivered to: a switch's CCI, or (tunnelled) the MLD behind a switch port. */
export type FmTarget = { kind: 'switch'; switch: string } | { kind: 'mld'; switch: string; port: number };

export interface FmOutcome {
  rc: number;
  output: Uint8Array;
  state: FmState;
  /** What the command did, or why it was refused, in words. */
  message: string;
}

export interface FmCommandDef {
  opcode: number;
  /** Spec name, e.g. "Bind vPPB". */
  name: string;
  /** CLI name, e.g. "bind-vppb". */
  cli: string;
  /** Where the command is defined. */
  spec: string;
  processedBy: FmProcessor;
  /** Command Effects as a CEL would list them (CXL 2.0 §8.2.9.4.2.1 bits). */
  effects: number;
  run(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome;
  decodeInput?(input: Uint8Array): PayloadField[];
  /** Output fields; some outputs need the request to be read (Get Virtual CXL Switch Info). */
  decodeOutput?(output: Uint8Array, input: Uint8Array): PayloadField[];
  /** `--in-json` object → input payload. */
  fromJson?(json: unknown): Result<Uint8Array>;
}

export function fmOutcome(
  state: FmState,
  rc: number,
  message: string,
  output: Uint8Array = new Uint8Array(0),
): FmOutcome {
  return { rc, output, state, message };
}
