/**
 * The device side's public entry points (the CLI, the worker and tests use these): a component's
 * configuration space decoded, and a mailbox command run on a lab's Type 3 device through its
 * registers, with the result decoded and the state it leaves.
 */
import type { Lab } from '../lab.ts';
import { err, ok, type Result } from '../result.ts';
import type { Type3Spec } from '../topology/model.ts';
import { resolveCommand } from './commands/registry.ts';
import type { CommandDef, PayloadField } from './commands/types.ts';
import { buildConfigSpace } from './config-build.ts';
import { configHexLines, type DecodedCapability, decodeConfigSpace } from './config-decode.ts';
import type { ConfigSpace } from './config-space.ts';
import { MemoryDevice } from './device.ts';
import { type MailboxResult, sendCommand } from './mailbox.ts';

export { parseHexBytes } from './commands/json-input.ts';
export { COMMANDS, commandByOpcode, resolveCommand } from './commands/registry.ts';
export type { CommandDef, PayloadField } from './commands/types.ts';
export type { DecodedCapability, DecodedRegister } from './config-decode.ts';
export { formatConfigSpace } from './config-decode.ts';
export { ConfigSpace } from './config-space.ts';
export { MemoryDevice } from './device.ts';
export type { MmioAccess } from './device-registers.ts';
export { formatAccess, type MailboxResult, sendCommand } from './mailbox.ts';
export {
  deviceMediaErrors,
  type MediaErrorJson,
  type MediaErrorRecord,
  type MemdevMediaErrors,
  mediaErrorJson,
  mediaErrors,
} from './media-errors.ts';
export { checkDeviceProps, deviceProps } from './props.ts';

export interface ConfigView {
  component: string;
  kind: string;
  space: ConfigSpace;
  capabilities: DecodedCapability[];
  hex: string[];
}

/** The configuration space of component `id` in `lab`, decoded. */
export function componentConfig(lab: Lab, id: string): Result<ConfigView> {
  const c = lab.topology.byId.get(id);
  if (c === undefined) {
    const known = [...lab.topology.byId.keys()].join(', ');
    return err('config.no-component', `no component "${id}" (components: ${known})`, { component: id });
  }
  const space = buildConfigSpace(c);
  if (!space.ok) return space;
  return ok({
    component: id,
    kind: c.kind,
    space: space.value,
    capabilities: decodeConfigSpace(space.value),
    hex: configHexLines(space.value),
  });
}

/** A Type 3 device of `lab` with its memory attached (Clear Poison writes it). */
export function labDevice(lab: Lab, id: string): Result<{ spec: Type3Spec; device: MemoryDevice }> {
  const c = lab.topology.byId.get(id);
  if (c === undefined || c.kind !== 'type3') {
    const devices = [...lab.topology.byId.values()].filter((x) => x.kind === 'type3').map((x) => x.id);
    return err('mbox.no-device', `no Type 3 device "${id}" (devices: ${devices.join(', ') || 'none'})`, {
      component: id,
    });
  }
  const memory = lab.memory(id);
  const device = new MemoryDevice(c, { writeMemory: (dpa, bytes) => void memory.write(dpa, bytes) });
  return ok({ spec: c, device });
}

export interface MailboxRun extends MailboxResult {
  def: CommandDef | undefined;
  inputFields: PayloadField[];
  outputFields: PayloadField[];
}

/** Runs a command named by `command` (name or opcode) with `input` through the device's mailbox. */
export function runMailbox(device: MemoryDevice, command: string, input: Uint8Array): Result<MailboxRun> {
  const resolved = resolveCommand(command);
  if (resolved === null) {
    return err('mbox.unknown-command', `"${command}" is neither a command name nor an opcode like 0x4000`);
  }
  const r = sendCommand(device, resolved.opcode, input);
  if (!r.ok) return r;
  const def = resolved.def;
  return ok({
    ...r.value,
    def,
    inputFields: def?.decodeInput?.(r.value.input) ?? [],
    outputFields: r.value.output.length > 0 ? (def?.decodeOutput?.(r.value.output) ?? []) : [],
  });
}
export { decodeLsa, decodeLsaBytes, type LsaDecode, MAX_DECODED_LABELS } from './labels/decode.ts';
export { type DeviceLsa, deviceLsa, LSA_WINDOW, SET_LSA_CHUNK, writeLabelSet } from './labels/device-lsa.ts';
export { type LsaWrite, labelSetWrites } from './labels/encode.ts';
export { bestSeq, fletcher64, lsaGeometry, nextSeq } from './labels/geometry.ts';
export type { IndexBlockView } from './labels/index-block.ts';
export type { LabelKind, LabelView } from './labels/label.ts';
export {
  type LinuxCapacities,
  PROBE_KERNEL,
  type ProbeOptions,
  type ProbeResult,
  type ProbeStep,
  runProbe,
} from './probe/index.ts';
