/**
 * The Fabric Manager panel's input editor data for each FM API command: a fresh input (built from
 * `--in-json` defaults by the command's own encoder) and its fields laid over those bytes, as
 * `device.commands` gives the Mailbox view (`device-inspect.ts` `mailboxCommands`).
 */
import type { FmCommandDef } from '../cxl/fm/index.ts';
import * as F from '../cxl/spec/fm-api.ts';
import { payloadView } from './device-inspect.ts';
import type { PayloadFieldView } from './device-types.ts';

/**
 * A fresh input per command, as `cxl-lab fm --in-json` would read it: one port, one VCS, vPPB 0, the
 * whole LD list (MAX_LDS), one allocation entry. Commands without input start empty.
 */
const DEFAULT_JSON: Readonly<Record<string, unknown>> = {
  'get-physical-port-state': { ports: [0] },
  'get-virtual-switch-info': { vcs: [0] },
  'bind-vppb': { vcs: 0, vppb: 0, port: 0 },
  'unbind-vppb': { vcs: 0, vppb: 0 },
  'tunnel-management': { port: 0, opcode: `0x${F.FM_OPCODE.getLdInfo.toString(16)}` },
  'get-ld-allocations': { start: 0, limit: F.MAX_LDS },
  'set-ld-allocations': { start: 0, allocations: [[0, 0]] },
};

/** Fixed input sizes (CXL r3.2 Tables 7-33, 7-34, 7-45); other commands' inputs vary with a count. */
const FIXED_SIZE: Readonly<Record<string, number>> = {
  'identify-switch': 0,
  'bind-vppb': F.BIND_VPPB_SIZE,
  'unbind-vppb': F.UNBIND_VPPB_SIZE,
  'get-ld-info': 0,
  'get-ld-allocations': F.LD_ALLOC_GET_IN_SIZE,
};

export interface FmInputLayout {
  /** Fixed input size in bytes, or null when it varies (a count and a list). */
  inputSize: number | null;
  /** Bytes a fresh input starts with. */
  defaultInput: Uint8Array;
  /** The input's fields over `defaultInput`. */
  inputFields: PayloadFieldView[];
}

export function fmInputLayout(c: FmCommandDef): FmInputLayout {
  const json = DEFAULT_JSON[c.cli];
  const encoded = json === undefined ? undefined : c.fromJson?.(json);
  const defaultInput = encoded?.ok === true ? encoded.value : new Uint8Array(FIXED_SIZE[c.cli] ?? 0);
  const fields = defaultInput.length > 0 ? (c.decodeInput?.(defaultInput) ?? []) : [];
  return {
    inputSize: FIXED_SIZE[c.cli] ?? null,
    defaultInput,
    inputFields: fields.filter((f) => f.offset + f.size <= defaultInput.length).map(payloadView),
  };
}
