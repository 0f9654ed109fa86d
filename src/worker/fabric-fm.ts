/**
 * `fm.run` and `fm.step` (issue 18): one Fabric Manager API command (CXL 2.0 §7.6.7) sent to a
 * switch's CCI by a fabric manager that is not any host, exactly as `cxl-lab fm` runs it, and the
 * steps of a Bind or Unbind vPPB background operation (CXL 2.0 §7.6.7.2.2–.3) to its completion.
 */
import type { PayloadField } from '../cxl/device/commands/types.ts';
import {
  completeBackground,
  type FmCommandDef,
  type FmRun,
  type FmState,
  fmCommandByOpcode,
  resolveFmCommand,
  runFmCommand,
  stepBackground,
  tunnelRequest,
} from '../cxl/fm/index.ts';
import { type CxlError, err, ok, type Result } from '../cxl/result.ts';
import { RC, returnCodeName } from '../cxl/spec/mailbox.ts';
import { hex } from '../cxl/units.ts';
import { payloadView } from './device-inspect.ts';
import type { FabricSession } from './fabric-session.ts';
import type { FabricRequestMap, FmCompletionView, FmRunView, FmTunnelledView } from './fabric-types.ts';

type RunArgs = FabricRequestMap['fm.run']['args'];

/** The most input a command takes here (as `cxl-lab fm --in`): 2 MiB. */
export const MAX_FM_INPUT = 2 ** 21;

function fields(list: PayloadField[] | undefined) {
  return (list ?? []).map(payloadView);
}

function stateOf(session: FabricSession): FmState {
  return { spec: session.written().spec, pending: session.pending };
}

/** The payload a request gives: its bytes, or its JSON fields through the command's `fromJson`. */
function payloadOf(args: RunArgs, def: FmCommandDef | undefined): Result<Uint8Array> {
  if (args.input instanceof Uint8Array) return ok(args.input);
  if (typeof args.input !== 'object' || args.input === null || !('json' in args.input))
    return err('fm.bad-argument', 'fm.run: the input is payload bytes or { json: fields }');
  if (def?.fromJson === undefined)
    return err(
      'fm.no-json-input',
      `${def?.name ?? args.command} takes no input fields: give its payload bytes`,
    );
  const r = def.fromJson(args.input.json);
  if (r.ok) return r;
  // The core words JSON errors for the CLI's --in-json option; here they name the input fields.
  return {
    ok: false,
    error: { ...r.error, message: r.error.message.replace(/^--in-json: /, 'input fields: ') },
  };
}

/** The command and input bytes a request names: JSON through the command's `fromJson`; a tunnel with `port`. */
function request(args: RunArgs): Result<{ command: string; input: Uint8Array }> {
  if (typeof args.command !== 'string' || typeof args.switch !== 'string')
    return err('fm.bad-argument', 'fm.run: expected a switch id and a command name or opcode');
  const c = resolveFmCommand(args.command);
  if (c === null) return err('fm.unknown-command', `unknown FM API command "${args.command}"`);
  const payload = payloadOf(args, c.def);
  if (!payload.ok) return payload;
  if (payload.value.length > MAX_FM_INPUT)
    return err('fm.bad-argument', `input of ${payload.value.length} bytes: at most ${MAX_FM_INPUT} bytes`);
  if (args.port === undefined) return ok({ command: args.command, input: payload.value });
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 255)
    return err('fm.bad-argument', `port ${args.port}: expected a switch port number 0–255`);
  if (c.def?.processedBy !== 'mld')
    return err(
      'fm.bad-argument',
      `a port tunnels MLD Component commands (54xxh) only; ${c.def?.name ?? args.command} goes to the switch itself`,
    );
  return ok({ command: 'tunnel-management', input: tunnelRequest(args.port, c.opcode, payload.value) });
}

/** The MLD's reply inside a Tunnel Management Command (CXL 2.0 §7.6.7.3.1), as the panel shows it. */
function tunnelledView(run: FmRun): FmTunnelledView | undefined {
  const inner = run.inner;
  if (inner === undefined) return undefined;
  const def = fmCommandByOpcode(inner.opcode);
  return {
    port: inner.port,
    returnCode: inner.rc,
    returnCodeName: returnCodeName(inner.rc),
    message: inner.message,
    output: inner.output,
    outputFields: inner.output.length === 0 ? [] : fields(def?.decodeOutput?.(inner.output, inner.input)),
  };
}

export function runView(run: FmRun): FmRunView {
  const view: FmRunView = {
    switch: run.switch,
    opcode: run.opcode,
    command: run.def?.name ?? `opcode ${hex(run.opcode)}`,
    returnCode: run.returnCode,
    returnCodeName: run.returnCodeName,
    message: run.message,
    input: run.input,
    output: run.output,
    inputFields: fields(run.def?.decodeInput?.(run.input)),
    outputFields: run.output.length === 0 ? [] : fields(run.def?.decodeOutput?.(run.output, run.input)),
    background: run.returnCode === RC.backgroundStarted,
  };
  const tunnelled = tunnelledView(run);
  if (tunnelled !== undefined) view.tunnelled = tunnelled;
  return view;
}

/** Whether the command (and a tunnelled one inside it) was accepted: Success or Background Command Started. */
function accepted(run: FmRun): boolean {
  const good = (rc: number) => rc === RC.success || rc === RC.backgroundStarted;
  return good(run.returnCode) && (run.inner === undefined || good(run.inner.rc));
}

/**
 * Runs one FM API command on the session's fabric. A refusal (any other return code) answers the run
 * with the session unchanged; an accepted command that changed the fabric or started a background
 * operation answers the new session (the lab rebuilt, media kept).
 */
export function fmRun(
  session: FabricSession,
  args: RunArgs,
): Result<{ session: FabricSession; run: FmRunView }> {
  const req = request(args);
  if (!req.ok) return req;
  const r = runFmCommand(stateOf(session), args.switch, req.value.command, req.value.input);
  if (!r.ok) return r;
  const run = runView(r.value);
  if (!accepted(r.value)) return ok({ session, run });
  const next = session.changed(r.value.state.spec, r.value.state.pending);
  if (!next.ok) return rebuildFailed(next.error);
  return ok({ session: next.value, run });
}

/** Advances the pending background operation one step, or with `complete` to its end. */
export function fmStep(
  session: FabricSession,
  complete: boolean,
): Result<{ session: FabricSession; percent: number; completed: FmCompletionView | null }> {
  if (session.pending === null)
    return err('fm.nothing-pending', 'no Bind or Unbind vPPB is running: there is nothing to step');
  const r = complete ? completeBackground(stateOf(session)) : stepBackground(stateOf(session));
  const next = session.changed(r.state.spec, r.state.pending);
  if (!next.ok) return rebuildFailed(next.error);
  const completed: FmCompletionView | null =
    r.completed === null
      ? null
      : {
          opcode: r.completed.opcode,
          returnCode: r.completed.returnCode,
          returnCodeName: returnCodeName(r.completed.returnCode),
          message: r.completed.message,
        };
  return ok({ session: next.value, percent: r.state.pending?.percent ?? 100, completed });
}

function rebuildFailed(error: CxlError): { ok: false; error: CxlError } {
  return {
    ok: false,
    error: {
      code: 'fm.rebuild-failed',
      message: `the fabric the command leaves does not build, so the lab is unchanged: ${error.message}`,
      causes: error.causes ?? [error],
    },
  };
}
