/**
 * Tunnel Management Command (5300h), CXL 2.0 §7.6.7.3.1 (layout CXL r3.2 Tables 7-37, 7-38, 7-14): the
 * switch carries a CCI request message to the MLD on a downstream port, which processes it on its
 * FM-owned LD, and returns the MLD's response message. The outer command succeeds whenever the
 * message was delivered; the inner return code says what the MLD answered. Refusals, as the spec and
 * QEMU (hw/cxl/cxl-mailbox-utils.c cmd_tunnel_management_cmd) have them: Invalid Payload Length when
 * the sizes disagree, Invalid Input for a target type other than port/LD, a port without an MLD, or a
 * message that is not a request.
 */
import * as F from '../spec/fm-api.ts';
import {
  decodeCciMessage,
  decodeTunnelRequest,
  encodeCciMessage,
  encodeTunnelRequest,
  encodeTunnelResponse,
} from '../spec/fm-mld-payloads.ts';
import { RC } from '../spec/mailbox.ts';
import type { FmState } from './state.ts';
import { deviceOnPort } from './switch-info.ts';
import { type FmCommandDef, type FmOutcome, type FmTarget, fmOutcome } from './types.ts';

/** What the MLD answered inside a tunnel (for the CLI and the panel). */
export interface TunnelledReply {
  port: number;
  opcode: number;
  rc: number;
  input: Uint8Array;
  output: Uint8Array;
  message: string;
}

/** Builds a tunnel request carrying `opcode` with `payload` to the MLD on `port`. */
export function tunnelRequest(port: number, opcode: number, payload: Uint8Array, tag = 0): Uint8Array {
  const message = encodeCciMessage({
    category: F.CCI_CATEGORY.request,
    tag,
    opcode,
    background: false,
    returnCode: 0,
    vendorStatus: 0,
    payload,
  });
  return encodeTunnelRequest({ portOrLdId: port, targetType: F.TUNNEL_TARGET.portOrLd, message });
}

/**
 * Runs a tunnel on switch `target.switch`; `lookup` finds the MLD Component command to run. The inner
 * reply comes back beside the outcome.
 */
export function runTunnel(
  state: FmState,
  input: Uint8Array,
  target: FmTarget,
  lookup: (opcode: number) => FmCommandDef | undefined,
): FmOutcome & { inner?: TunnelledReply } {
  const req = decodeTunnelRequest(input);
  if (!req.ok) return fmOutcome(state, RC.invalidPayloadLength, req.error.message);
  const { portOrLdId: port, targetType, message } = req.value;
  if (input.length !== F.TUNNEL_IN.message + message.length)
    return fmOutcome(
      state,
      RC.invalidPayloadLength,
      `Command Size ${message.length} disagrees with ${input.length} bytes of input`,
    );
  if (message.length < F.CCI_HEADER_SIZE)
    return fmOutcome(
      state,
      RC.invalidPayloadLength,
      `Command Size ${message.length} is shorter than a CCI message header (12)`,
    );
  if (targetType !== F.TUNNEL_TARGET.portOrLd)
    return fmOutcome(
      state,
      RC.invalidInput,
      `Target Type ${targetType}: only port or LD based tunnelling (0) reaches a switch's MLD ports`,
    );
  if (deviceOnPort(state.spec.fabric, target.switch, port)?.kind !== 'mld')
    return fmOutcome(
      state,
      RC.invalidInput,
      `port ${port} holds no MLD: tunnelled commands reach switch MLD ports only`,
    );
  const msg = decodeCciMessage(message);
  if (!msg.ok) return fmOutcome(state, RC.invalidPayloadLength, msg.error.message);
  if (msg.value.category !== F.CCI_CATEGORY.request)
    return fmOutcome(state, RC.invalidInput, 'the tunnelled message is not a request (Message Category 0)');
  const def = lookup(msg.value.opcode);
  const inner =
    def === undefined || def.processedBy !== 'mld'
      ? fmOutcome(
          state,
          RC.unsupported,
          `the MLD does not implement opcode ${msg.value.opcode.toString(16)}h`,
        )
      : def.run(state, msg.value.payload, { kind: 'mld', switch: target.switch, port });
  const reply = encodeCciMessage({
    category: F.CCI_CATEGORY.response,
    tag: msg.value.tag,
    opcode: msg.value.opcode,
    background: inner.rc === RC.backgroundStarted,
    returnCode: inner.rc,
    vendorStatus: 0,
    payload: inner.output,
  });
  const reached: TunnelledReply = {
    port,
    opcode: msg.value.opcode,
    rc: inner.rc,
    input: msg.value.payload,
    output: inner.output,
    message: inner.message,
  };
  const out = fmOutcome(
    inner.state,
    RC.success,
    `tunnelled to port ${port}: ${inner.message}`,
    encodeTunnelResponse(reply),
  );
  return { ...out, inner: reached };
}
