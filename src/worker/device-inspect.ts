/**
 * The device-side requests (issue 17): a component's configuration space and a Type 3 device's
 * register block decoded as plain data, the mailbox command catalogue, and one mailbox command run
 * through the registers — a command that changes the device's saved state becomes a document change.
 */
import type { MemoryLab } from '../cxl/decode/access.ts';
import { getUint } from '../cxl/device/bytes.ts';
import {
  COMMANDS,
  commandByOpcode,
  componentConfig,
  formatAccess,
  formatConfigSpace,
  MemoryDevice,
  type MmioAccess,
  type PayloadField,
  runMailbox,
} from '../cxl/device/index.ts';
import type { Lab } from '../cxl/lab.ts';
import type { RegDef } from '../cxl/regs/field.ts';
import { err, ok, type Result } from '../cxl/result.ts';
import * as D from '../cxl/spec/device-regs.ts';
import { returnCodeName } from '../cxl/spec/mailbox.ts';
import * as L from '../cxl/spec/mailbox-payloads.ts';
import type { ComponentSpec, Type3Spec } from '../cxl/topology/model.ts';
import { formatBytes, hex } from '../cxl/units.ts';
import { devicePoison } from './device-poison.ts';
import type {
  DeviceConfigView,
  DeviceFieldView,
  DeviceRegisterGroup,
  DeviceRegistersView,
  DeviceRequestMap,
  MailboxCommandInfo,
  MailboxRunView,
  MmioAccessView,
  PayloadFieldView,
} from './device-types.ts';
import type { LabState, MemoryEntry } from './lab-types.ts';

/** Where each configuration-space structure the core builds is defined (its group name → section). */
const CONFIG_SECTIONS: ReadonlyMap<string, string> = new Map([
  ['PCI header', 'PCIe Base r5.0 §7.5.1'],
  ['Device Serial Number', 'PCIe Base r5.0 §7.9.3'],
  ['Advanced Error Reporting (header only)', 'PCIe Base r5.0 §7.8.4'],
  ['PCIe DVSEC for CXL Device', 'CXL 2.0 §8.1.3'],
  ['PCIe DVSEC for CXL Device, Range 1', 'CXL 2.0 §8.1.3.8'],
  ['PCIe DVSEC for CXL Device, Range 2', 'CXL 2.0 §8.1.3.8'],
  ['Non-CXL Function Map DVSEC', 'CXL 2.0 §8.1.4'],
  ['CXL 2.0 Extensions DVSEC for Ports', 'CXL 2.0 §8.1.5'],
  ['GPF DVSEC for CXL Ports', 'CXL 2.0 §8.1.6'],
  ['GPF DVSEC for CXL Devices', 'CXL 2.0 §8.1.7'],
  ['PCIe DVSEC for Flex Bus Port', 'CXL 2.0 §8.1.8'],
  ['Register Locator DVSEC', 'CXL 2.0 §8.1.9'],
]);

/** "[15:0]" → bit 0, width 16; "[4]" → bit 4, width 1. */
function bitRange(bits: string): { bit: number; width: number } {
  const m = /^\[(\d+)(?::(\d+))?\]$/.exec(bits);
  if (m === null) return { bit: 0, width: 0 };
  const hi = Number(m[1]);
  const lo = m[2] === undefined ? hi : Number(m[2]);
  return { bit: lo, width: hi - lo + 1 };
}

/** A field's value as `cxl-lab config` prints it: "+"/"-" for a flag, hex otherwise. */
function fieldValueText(width: number, value: number): string {
  return width === 1 ? (value === 1 ? '+' : '-') : hex(value);
}

function valueText(value: number, size: number): string {
  return `0x${value.toString(16).padStart(2 * size, '0')}`;
}

/** `device.config`: the component's configuration space, decoded (`cxl-lab config`'s data). */
export function deviceConfig(lab: Lab, component: string): Result<DeviceConfigView> {
  const view = componentConfig(lab, component);
  if (!view.ok) return view;
  const v = view.value;
  const groups: DeviceRegisterGroup[] = v.capabilities.map((c) => ({
    offset: c.offset,
    offsetText: hex(c.offset),
    name: c.name,
    spec: CONFIG_SECTIONS.get(c.name) ?? 'PCIe Base r5.0 §7.6',
    registers: c.registers.map((r) => {
      const out = {
        offset: r.offset,
        offsetText: hex(r.offset),
        size: r.size,
        name: r.name,
        value: r.value,
        valueText: valueText(r.value, r.size),
        fields: r.fields.map(
          (f): DeviceFieldView => ({
            title: f.title,
            bits: f.bits,
            ...bitRange(f.bits),
            access: f.access,
            value: f.value,
            valueText: fieldValueText(bitRange(f.bits).width, f.value),
          }),
        ),
      };
      return r.meaning === undefined ? out : { ...out, meaning: r.meaning };
    }),
  }));
  return ok({
    component: v.component,
    kind: v.kind,
    bytes: v.space.bytes.slice(),
    groups,
    text: formatConfigSpace(`${v.component} (${v.kind}): PCIe configuration space`, v.capabilities),
  });
}

function type3(lab: Lab, id: string): Result<Type3Spec> {
  const c = lab.topology.byId.get(id);
  if (c !== undefined && c.kind === 'type3') return ok(c);
  const devices = [...lab.topology.byId.values()].filter((x) => x.kind === 'type3').map((x) => x.id);
  return err('mbox.no-device', `no Type 3 device "${id}" (devices: ${devices.join(', ') || 'none'})`, {
    component: id,
  });
}

/** Meanings of the device register fields the lab knows how to read out. */
function deviceFieldMeaning(reg: string, name: string, value: number): string | undefined {
  if (name === 'capId') return D.DEVICE_CAP_NAMES.get(value) ?? 'unknown capability';
  if (name === 'payloadSize') return `2^${value} = ${formatBytes(2 ** value)} payload area`;
  if (name === 'mediaStatus') return D.MEDIA_STATUS[value] ?? 'reserved';
  if (name === 'mailboxReady') return value === 1 ? 'ready for commands' : 'not ready';
  if (name === 'doorbell') return value === 1 ? 'command in progress' : 'mailbox free';
  if (name === 'returnCode' && reg.startsWith('Mailbox Status')) return returnCodeName(value);
  if (name === 'opcode' && reg.startsWith('Command Register')) {
    const c = commandByOpcode(value);
    return c === undefined ? undefined : c.name;
  }
  if (name === 'offset' || name === 'length') return hex(value);
  return undefined;
}

interface Placed {
  offset: number;
  def: RegDef;
}

function decodeRegs(bytes: Uint8Array, regs: readonly Placed[]): DeviceRegisterGroup['registers'] {
  return regs.map(({ offset, def }) => {
    const value = getUint(bytes, offset, 4);
    const fields = def.fields
      .filter((f) => f.access !== 'RsvdP')
      .map((f): DeviceFieldView => {
        const v = Math.floor(value / 2 ** f.bit) % 2 ** f.width;
        const out: DeviceFieldView = {
          title: f.title ?? f.name,
          bits: f.width === 1 ? `[${f.bit}]` : `[${f.bit + f.width - 1}:${f.bit}]`,
          bit: f.bit,
          width: f.width,
          access: f.access,
          value: v,
          valueText: fieldValueText(f.width, v),
        };
        const meaning = deviceFieldMeaning(def.name, f.name, v);
        if (meaning !== undefined) out.meaning = meaning;
        return out;
      });
    return {
      offset,
      offsetText: hex(offset),
      size: 4,
      name: def.name,
      value,
      valueText: valueText(value, 4),
      fields,
    };
  });
}

function group(bytes: Uint8Array, offset: number, name: string, spec: string, regs: Placed[]) {
  return { offset, offsetText: hex(offset), name, spec, registers: decodeRegs(bytes, regs) };
}

/** The register sets of the block at their offsets (CXL 2.0 §8.2.8; QEMU's placement). */
function deviceGroups(bytes: Uint8Array): DeviceRegisterGroup[] {
  const M = D.MAILBOX_OFFSET;
  const headers = D.DEVICE_CAPABILITIES.map((c, i) => {
    const at = D.DEVICE_CAP_ENTRY_BYTES * (i + 1);
    return group(
      bytes,
      at,
      `Capability Header ${i + 1}: ${D.DEVICE_CAP_NAMES.get(c.id)}`,
      'CXL 2.0 §8.2.8.2',
      [
        { offset: at, def: D.capHeaderId },
        { offset: at + 4, def: D.capHeaderOffset },
        { offset: at + 8, def: D.capHeaderLength },
      ],
    );
  });
  return [
    group(bytes, 0, 'Device Capabilities Array Register', 'CXL 2.0 §8.2.8.1', [
      { offset: 0, def: D.capArrayLow },
      { offset: 4, def: D.capArrayHigh },
    ]),
    ...headers,
    group(bytes, D.DEVICE_STATUS_OFFSET, 'Device Status Registers', 'CXL 2.0 §8.2.8.3', [
      { offset: D.DEVICE_STATUS_OFFSET, def: D.eventStatus },
    ]),
    group(bytes, M, 'Primary Mailbox Registers', 'CXL 2.0 §8.2.8.4', [
      { offset: M + D.MBOX.capabilities, def: D.mailboxCapabilities },
      { offset: M + D.MBOX.control, def: D.mailboxControl },
      { offset: M + D.MBOX.command, def: D.mailboxCommandLow },
      { offset: M + D.MBOX.command + 4, def: D.mailboxCommandHigh },
      { offset: M + D.MBOX.status, def: D.mailboxStatusLow },
      { offset: M + D.MBOX.status + 4, def: D.mailboxStatusHigh },
      { offset: M + D.MBOX.backgroundStatus, def: D.bgStatusLow },
      { offset: M + D.MBOX.backgroundStatus + 4, def: D.bgStatusHigh },
    ]),
    group(bytes, D.MEMDEV_STATUS_OFFSET, 'Memory Device Status Registers', 'CXL 2.0 §8.2.8.5', [
      { offset: D.MEMDEV_STATUS_OFFSET, def: D.memdevStatus },
    ]),
  ];
}

export function payloadView(f: PayloadField): PayloadFieldView {
  const out: PayloadFieldView = { name: f.name, offset: f.offset, size: f.size, value: f.value };
  if (f.meaning !== undefined) out.meaning = f.meaning;
  return out;
}

/** Bytes a fresh input of a variable-size command starts with: its fixed header. */
const VARIABLE_HEADER: ReadonlyMap<string, number> = new Map([
  ['set-lsa', L.SET_LSA.data], // Offset, Reserved, then the data (CXL 2.0 §8.2.9.5.2.4)
  ['clear-event-records', L.CLEAR_EVENTS.handles], // log, flags, count, reserved (CXL 2.0 §8.2.9.1.3)
]);

/** `device.commands`: every implemented command with the field layout of a fresh input. */
export function mailboxCommands(): MailboxCommandInfo[] {
  return COMMANDS.map((c) => {
    const size = c.input === 'variable' ? (VARIABLE_HEADER.get(c.cli) ?? 0) : c.input;
    const fields = size > 0 ? (c.decodeInput?.(new Uint8Array(size)) ?? []) : [];
    return {
      opcode: c.opcode,
      opcodeText: `0x${c.opcode.toString(16).padStart(4, '0')}`,
      name: c.name,
      cli: c.cli,
      inputSize: c.input === 'variable' ? null : c.input,
      inputFields: fields.filter((f) => f.offset + f.size <= size).map(payloadView),
      defaultInputSize: size,
      effects: c.effects,
      spec: c.spec,
    };
  });
}

/** What `device.mbox` needs of the emulator: the lab, its memory, and a way to replace a device. */
export interface DeviceHost {
  readonly inspected: { lab: Lab; mem: MemoryLab };
  /** Makes `spec` the component of its id (the lab rebuilt, registers kept): a document change. */
  replaceComponent(spec: ComponentSpec): Result<LabState>;
  /** The journal entry for pages a device write touched. */
  capturePages(device: string, dpa: number, length: number): MemoryEntry | null;
  /**
   * The mailbox register bytes (Control … payload area) each device was left with by its last
   * command, so the Device registers view shows the last command's opcode, length and return code.
   */
  readonly lastMailbox: Map<string, Uint8Array>;
}

export function accessView(a: MmioAccess): MmioAccessView {
  return {
    op: a.op,
    offset: a.offset,
    size: a.size,
    register: a.register,
    valueText: a.register.includes('block copy') ? `${a.size} bytes` : valueText(Number(a.value), a.size),
    line: formatAccess(a),
  };
}

/** The mailbox registers a device keeps between commands: Control up to the end of the payload area. */
const MAILBOX_STATE = { from: D.MAILBOX_OFFSET + D.MBOX.control, to: D.MEMDEV_STATUS_OFFSET };

/** `device.registers`: the device's register block, decoded at its offsets. */
export function deviceRegisters(host: DeviceHost, id: string): Result<DeviceRegistersView> {
  const spec = type3(host.inspected.lab, id);
  if (!spec.ok) return spec;
  const dev = new MemoryDevice(spec.value);
  dev.regs.read(D.DEVICE_STATUS_OFFSET, 4); // refreshes Event Status from the device's logs
  const saved = host.lastMailbox.get(id);
  if (saved !== undefined) dev.regs.bytes.set(saved, MAILBOX_STATE.from);
  const bytes = dev.regs.bytes.slice(0, D.MEMDEV_STATUS_OFFSET + D.MEMDEV_STATUS_LENGTH);
  const payloadOffset = D.MAILBOX_OFFSET + D.MBOX.payload;
  return ok({
    device: id,
    bytes,
    groups: deviceGroups(bytes),
    payloadOffset,
    payloadOffsetText: hex(payloadOffset),
    payloadSize: D.MAILBOX_PAYLOAD_SIZE,
  });
}

/** `device.mbox`: one command through the registers; a state change becomes a document change. */
export function deviceMbox(
  host: DeviceHost,
  args: DeviceRequestMap['device.mbox']['args'],
): Result<DeviceRequestMap['device.mbox']['result']> {
  if (!(args.input instanceof Uint8Array)) return err('mbox.bad-input', 'the input payload must be bytes');
  const spec = type3(host.inspected.lab, args.device);
  if (!spec.ok) return spec;
  const memory = host.inspected.mem.memory(args.device);
  const writes: { dpa: number; length: number }[] = [];
  const dev = new MemoryDevice(spec.value, {
    writeMemory: (dpa, bytes) => {
      if (memory === undefined) return;
      memory.write(dpa, bytes);
      writes.push({ dpa, length: bytes.length });
    },
  });
  const r = runMailbox(dev, args.command, args.input);
  if (!r.ok) return r;
  host.lastMailbox.set(args.device, dev.regs.bytes.slice(MAILBOX_STATE.from, MAILBOX_STATE.to));
  const after = dev.state.applyTo(spec.value);
  const changed = JSON.stringify(after) !== JSON.stringify(spec.value);
  const run: MailboxRunView = {
    device: args.device,
    opcode: r.value.opcode,
    opcodeText: `0x${r.value.opcode.toString(16).padStart(4, '0')}`,
    command: r.value.def?.name ?? null,
    returnCode: r.value.returnCode,
    returnCodeName: r.value.returnCodeName,
    input: r.value.input.slice(),
    output: r.value.output.slice(),
    inputFields: r.value.inputFields.map(payloadView),
    outputFields: r.value.outputFields.map(payloadView),
    mmio: r.value.trace.map(accessView),
    changed,
  };
  const pages = writes.flatMap((w) => host.capturePages(args.device, w.dpa, w.length) ?? []);
  if (!changed) return ok({ run, state: null, memory: pages });
  const state = host.replaceComponent(after);
  if (!state.ok) return state;
  return ok({ run, state: state.value, memory: pages });
}

/** The device requests' handlers, spread into the worker's handler table (`handler.ts`). */
export function deviceHandlers(host: DeviceHost) {
  return {
    'device.config': (a: { component: string }) => deviceConfig(host.inspected.lab, a.component),
    'device.registers': (a: { device: string }) => deviceRegisters(host, a.device),
    'device.commands': () => ok(mailboxCommands()),
    'device.poison': (a: { device: string }) => devicePoison(host.inspected.lab, a.device),
    'device.mbox': (a: DeviceRequestMap['device.mbox']['args']) => deviceMbox(host, a),
  };
}
