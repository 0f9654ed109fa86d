/**
 * The Fabric Manager API commands the lab implements, in opcode order, and how a command sent to a
 * switch is dispatched: switch command sets run on the switch; MLD Component commands are answered
 * Unsupported by a switch (the set is prohibited for switches, CXL r3.2 Table 7-15) and reach an MLD
 * only inside a Tunnel Management Command.
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import * as F from '../spec/fm-api.ts';
import * as P from '../spec/fm-payloads.ts';
import { EFFECT, RC, returnCodeName } from '../spec/mailbox.ts';
import { hex } from '../units.ts';
import { runBindVppb, runUnbindVppb } from './binding.ts';
import * as D from './fields.ts';
import * as J from './json-input.ts';
import { runGetLdAllocations, runGetLdInfo, runSetLdAllocations } from './mld.ts';
import { type FmState, findSwitch } from './state.ts';
import { identifySwitch, portInfo, vcsInfo } from './switch-info.ts';
import { runTunnel, type TunnelledReply, tunnelRequest } from './tunnel.ts';
import { type FmCommandDef, type FmOutcome, type FmTarget, fmOutcome } from './types.ts';

const V = 'CXL 2.0 §7.6.7';

function onSwitch(
  state: FmState,
  target: FmTarget,
  run: (sw: NonNullable<ReturnType<typeof findSwitch>>) => FmOutcome,
) {
  const sw = findSwitch(state.spec.fabric, target.switch);
  return sw === undefined ? fmOutcome(state, RC.internalError, `no switch ${target.switch}`) : run(sw);
}

const identify: FmCommandDef = {
  opcode: F.FM_OPCODE.identifySwitchDevice,
  name: 'Identify Switch Device',
  cli: 'identify-switch',
  spec: `${V}.1.1`,
  processedBy: 'switch',
  effects: 0,
  run: (state, _input, target) =>
    onSwitch(state, target, (sw) =>
      fmOutcome(
        state,
        RC.success,
        `${sw.id}: ${sw.ports.length} ports, ${sw.vcss.length} VCSs`,
        P.encodeIdentifySwitch(identifySwitch(sw)),
      ),
    ),
  decodeOutput: D.identifySwitchFields,
};

const portState: FmCommandDef = {
  opcode: F.FM_OPCODE.getPhysicalPortState,
  name: 'Get Physical Port State',
  cli: 'get-physical-port-state',
  spec: `${V}.1.2`,
  processedBy: 'switch',
  effects: 0,
  run(state, input, target) {
    const ids = P.decodeIdList(input, 'Get Physical Port State request');
    if (!ids.ok || input.length !== 1 + ids.value.length)
      return fmOutcome(
        state,
        RC.invalidPayloadLength,
        ids.ok
          ? `Number of Ports ${ids.value.length} takes ${1 + ids.value.length} bytes, got ${input.length}`
          : ids.error.message,
      );
    return onSwitch(state, target, (sw) =>
      fmOutcome(
        state,
        RC.success,
        `${ids.value.length} ports`,
        P.encodePortStates(ids.value.map((p) => portInfo(state, sw, p))),
      ),
    );
  },
  decodeInput: (i) => D.idListFields(i, 'Ports'),
  decodeOutput: D.portStateFields,
  fromJson: J.portStateJson,
};

const vcsInfoCmd: FmCommandDef = {
  opcode: F.FM_OPCODE.getVirtualSwitchInfo,
  name: 'Get Virtual CXL Switch Info',
  cli: 'get-virtual-switch-info',
  spec: `${V}.2.1`,
  processedBy: 'switch',
  effects: 0,
  run(state, input, target) {
    const r = P.decodeVcsInfoRequest(input);
    if (!r.ok || input.length !== F.VCS_INFO_IN.vcsIds + r.value.vcsIds.length)
      return fmOutcome(
        state,
        RC.invalidPayloadLength,
        r.ok
          ? `Number of VCSs ${r.value.vcsIds.length} takes ${3 + r.value.vcsIds.length} bytes, got ${input.length}`
          : r.error.message,
      );
    const { startVppb, vppbListLimit, vcsIds } = r.value;
    if (vcsIds.length === 0 || vppbListLimit === 0)
      return fmOutcome(state, RC.invalidInput, 'Number of VCSs and vPPB List Limit must each be at least 1');
    return onSwitch(state, target, (sw) =>
      fmOutcome(
        state,
        RC.success,
        `${vcsIds.length} VCSs`,
        P.encodeVcsInfo(vcsIds.map((v) => vcsInfo(state, sw, v, startVppb, vppbListLimit))),
      ),
    );
  },
  decodeInput: D.vcsRequestFields,
  decodeOutput: D.vcsInfoFields,
  fromJson: J.vcsInfoJson,
};

const bind: FmCommandDef = {
  opcode: F.FM_OPCODE.bindVppb,
  name: 'Bind vPPB',
  cli: 'bind-vppb',
  spec: `${V}.2.2`,
  processedBy: 'switch',
  effects: EFFECT.backgroundOperation,
  run: runBindVppb,
  decodeInput: D.bindFields,
  fromJson: J.bindJson,
};

const unbind: FmCommandDef = {
  opcode: F.FM_OPCODE.unbindVppb,
  name: 'Unbind vPPB',
  cli: 'unbind-vppb',
  spec: `${V}.2.3`,
  processedBy: 'switch',
  effects: EFFECT.backgroundOperation,
  run: runUnbindVppb,
  decodeInput: D.unbindFields,
  fromJson: J.unbindJson,
};

const tunnel: FmCommandDef = {
  opcode: F.FM_OPCODE.tunnelManagement,
  name: 'Tunnel Management Command',
  cli: 'tunnel-management',
  spec: `${V}.3.1`,
  processedBy: 'switch',
  effects: 0,
  run: (state, input, target) => runTunnel(state, input, target, fmCommandByOpcode),
  decodeInput: D.tunnelRequestFields,
  decodeOutput: D.tunnelResponseFields,
  fromJson: (json) => J.tunnelJson(json, tunnelRequest),
};

const ldInfo: FmCommandDef = {
  opcode: F.FM_OPCODE.getLdInfo,
  name: 'Get LD Info',
  cli: 'get-ld-info',
  spec: `${V}.4.1`,
  processedBy: 'mld',
  effects: 0,
  run: runGetLdInfo,
  decodeOutput: D.ldInfoFields,
};

const getAlloc: FmCommandDef = {
  opcode: F.FM_OPCODE.getLdAllocations,
  name: 'Get LD Allocations',
  cli: 'get-ld-allocations',
  spec: `${V}.4.2`,
  processedBy: 'mld',
  effects: 0,
  run: runGetLdAllocations,
  decodeInput: D.ldAllocRequestFields,
  decodeOutput: D.ldAllocationsFields,
  fromJson: J.getAllocJson,
};

const setAlloc: FmCommandDef = {
  opcode: F.FM_OPCODE.setLdAllocations,
  name: 'Set LD Allocations',
  cli: 'set-ld-allocations',
  spec: `${V}.4.3`,
  processedBy: 'mld',
  effects: EFFECT.configChangeColdReset | EFFECT.immediateConfigChange | EFFECT.immediateDataChange,
  run: runSetLdAllocations,
  decodeInput: D.setLdAllocationsFields,
  decodeOutput: D.setLdAllocationsFields,
  fromJson: J.setAllocJson,
};

export const FM_COMMANDS: readonly FmCommandDef[] = [
  identify,
  portState,
  vcsInfoCmd,
  bind,
  unbind,
  tunnel,
  ldInfo,
  getAlloc,
  setAlloc,
];

export function fmCommandByOpcode(opcode: number): FmCommandDef | undefined {
  return FM_COMMANDS.find((c) => c.opcode === opcode);
}

/** A command by CLI name, spec name (any case) or opcode ("0x5201", "5201h"); null when unreadable. */
export function resolveFmCommand(text: string): { opcode: number; def?: FmCommandDef } | null {
  const t = text.trim().toLowerCase();
  const named = FM_COMMANDS.find((c) => c.cli === t || c.name.toLowerCase() === t);
  if (named !== undefined) return { opcode: named.opcode, def: named };
  const m = /^(?:0x([0-9a-f]{1,4})|([0-9a-f]{1,4})h)$/.exec(t);
  if (m === null) return null;
  const opcode = Number.parseInt(m[1] ?? m[2] ?? '', 16);
  const def = fmCommandByOpcode(opcode);
  return def === undefined ? { opcode } : { opcode, def };
}

/** One command's run on a switch, with everything a reader needs to see it. */
export interface FmRun {
  opcode: number;
  def?: FmCommandDef;
  switch: string;
  returnCode: number;
  returnCodeName: string;
  message: string;
  input: Uint8Array;
  output: Uint8Array;
  state: FmState;
  /** The MLD's reply, when the command was a tunnel that reached one. */
  inner?: TunnelledReply;
}

/** Sends `command` (name or opcode) with `input` to switch `switchId`'s CCI. */
export function runFmCommand(
  state: FmState,
  switchId: string,
  command: string,
  input: Uint8Array,
): Result<FmRun> {
  const c = resolveFmCommand(command);
  if (c === null)
    return err(
      'fm.unknown-command',
      `unknown FM API command "${command}": give a name (${FM_COMMANDS.map((d) => d.cli).join(', ')}) or an opcode (0x5100)`,
    );
  if (findSwitch(state.spec.fabric, switchId) === undefined) {
    const ids = state.spec.fabric.switches.map((s) => s.id).join(', ') || 'none';
    return err('fm.no-switch', `no fabric switch "${switchId}" (switches: ${ids})`);
  }
  const base = { opcode: c.opcode, switch: switchId, input };
  const out: FmOutcome & { inner?: TunnelledReply } =
    c.def === undefined
      ? fmOutcome(state, RC.unsupported, `the switch does not implement opcode ${hex(c.opcode)}`)
      : c.def.processedBy === 'mld'
        ? fmOutcome(
            state,
            RC.unsupported,
            `${c.def.name} is processed by an MLD, not the switch: tunnel it to the MLD's port (Tunnel Management Command, 5300h)`,
          )
        : c.def.run(state, input, { kind: 'switch', switch: switchId });
  const run: FmRun = {
    ...base,
    returnCode: out.rc,
    returnCodeName: returnCodeName(out.rc),
    message: out.message,
    output: out.output,
    state: out.state,
  };
  if (c.def !== undefined) run.def = c.def;
  if (out.inner !== undefined) run.inner = out.inner;
  return ok(run);
}
