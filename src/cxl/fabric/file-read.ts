/**
 * Reads the `cxl-lab/2` file (several hosts and a shared fabric, issue 18) into a `FabricLabFile`.
 * Each host's windows and components are read exactly as a `cxl-lab/1` file's; the fabric part is
 * documented in docs/multi-host.md. Never throws; every error names its path.
 */

import { DEVICE_KEY, readDevice } from '../device/file.ts';
import type { ComponentRegisterState } from '../hdm/component-registers.ts';
import {
  LIMIT_COMPONENTS,
  LIMIT_FABRIC_DEVICES,
  LIMIT_FABRIC_SWITCHES,
  LIMIT_HEADS,
  LIMIT_HOSTS,
  LIMIT_LDS,
  LIMIT_SWITCH_PORTS,
  LIMIT_VCS,
  LIMIT_VPPBS,
  LIMIT_WINDOWS,
} from '../limits.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import {
  applyDefaults,
  type FileJson,
  type FileJsonObject,
  type ParsedComponent,
  Reader,
  readComponent,
  readDecoders,
  readMemory,
  readRegisters,
  readWindow,
} from '../topology/file.ts';
import type { WindowSpec } from '../topology/model.ts';
import { readPlatformJson } from '../topology/platform.ts';
import { MIB } from '../units.ts';
import type { FabricLabFile } from './fabric-lab.ts';
import { ldComponentId, vcsComponentId } from './ids.ts';
import type {
  FabricDeviceSpec,
  FabricSwitchSpec,
  HeadSpec,
  HostPortRef,
  HostSpec,
  LogicalDeviceSpec,
  MultiHostSpec,
  PhysicalPortSpec,
  VcsSpec,
  VppbBinding,
} from './model.ts';
import { validateFabric } from './validate.ts';

type Pages = [number, Uint8Array][];

/** Registers and pages read beside the spec, attached to their owners once the fabric is known. */
interface Saved {
  hostRegisters: Map<string, Map<string, ComponentRegisterState>>;
  hostMemory: Map<string, Map<string, Pages>>;
  vcsRegisters: { switchId: string; vcs: number; state: ComponentRegisterState }[];
  ldRegisters: { device: string; ld: number; state: ComponentRegisterState }[];
  media: Map<string, Pages>;
}

/** Default serial of the n-th fabric device (0-based): 0x100 + n, clear of hosts' own 1, 2, 3 … */
const FABRIC_SERIAL_BASE = 0x100;

/** Reads a `cxl-lab/2` root object (format already checked by `parseLabJson`). */
export function readMultiHostJson(root: FileJsonObject): Result<FabricLabFile, CxlError[]> {
  const r = new Reader();
  const o = r.object(
    root,
    'file',
    ['format', 'name', 'notes', 'platform', 'hosts', 'fabric'],
    ['hosts', 'fabric'],
  );
  if (o === null) return { ok: false, error: r.finish() };
  const saved: Saved = {
    hostRegisters: new Map(),
    hostMemory: new Map(),
    vcsRegisters: [],
    ldRegisters: [],
    media: new Map(),
  };
  const hosts = (r.array(o.hosts, 'hosts', LIMIT_HOSTS.value) ?? []).map((h, i) =>
    readHost(r, h, `hosts[${i}]`, saved),
  );
  const f = r.object(o.fabric, 'fabric', ['switches', 'devices'], []);
  const switches =
    f?.switches === undefined
      ? []
      : (r.array(f.switches, 'fabric.switches', LIMIT_FABRIC_SWITCHES.value) ?? []);
  const devices =
    f?.devices === undefined ? [] : (r.array(f.devices, 'fabric.devices', LIMIT_FABRIC_DEVICES.value) ?? []);
  const spec: MultiHostSpec = {
    name: o.name === undefined ? '' : (r.string(o.name, 'name') ?? ''),
    hosts: hosts.filter((h): h is HostSpec => h !== null),
    fabric: {
      switches: switches
        .map((s, i) => readSwitch(r, s, `fabric.switches[${i}]`, saved))
        .filter((s) => s !== null),
      devices: devices
        .map((d, i) => readFabricDevice(r, d, `fabric.devices[${i}]`, i, saved))
        .filter((d) => d !== null),
    },
  };
  if (o.notes !== undefined) {
    const notes = r.string(o.notes, 'notes');
    if (notes !== null) spec.notes = notes;
  }
  if (o.platform !== undefined) {
    const platform = readPlatformJson(o.platform, 'platform');
    if (platform.ok) spec.platform = platform.value;
    else r.errors.push(...platform.error);
  }
  if (r.errors.length > 0) return { ok: false, error: r.finish() };
  return attachSaved(spec, saved);
}

/** Puts VCS and LD registers with the host that reaches them (so the fabric must be valid first). */
function attachSaved(spec: MultiHostSpec, saved: Saved): Result<FabricLabFile, CxlError[]> {
  const v = validateFabric(spec);
  if (!v.ok) return v;
  const registers = saved.hostRegisters;
  const put = (host: string, component: string, state: ComponentRegisterState): void => {
    const m = registers.get(host) ?? new Map<string, ComponentRegisterState>();
    m.set(component, state);
    registers.set(host, m);
  };
  for (const x of saved.vcsRegisters) {
    const s = v.value.switches.get(x.switchId);
    const vcs = s?.vcss.find((c) => c.vcs === x.vcs);
    const host = s?.ports.find((p) => p.port === vcs?.usp)?.link?.host;
    if (host !== undefined) put(host, vcsComponentId(x.switchId, x.vcs), x.state);
  }
  for (const x of saved.ldRegisters) {
    const owner = v.value.owners.get(`${x.device}\u0000${x.ld}`);
    const d = v.value.devices.get(x.device);
    if (owner !== undefined && d !== undefined) put(owner.host, ldComponentId(d, x.ld), x.state);
  }
  return ok({ spec, registers, hostMemory: saved.hostMemory, media: saved.media });
}

function readHost(r: Reader, v: FileJson, path: string, saved: Saved): HostSpec | null {
  const o = r.object(
    v,
    path,
    ['id', 'name', 'position', 'platform', 'windows', 'components'],
    ['id', 'windows', 'components'],
  );
  if (o === null) return null;
  const id = r.string(o.id, `${path}.id`) ?? '';
  const windows = (r.array(o.windows, `${path}.windows`, LIMIT_WINDOWS.value) ?? []).map((w, i) =>
    readWindow(r, w, `${path}.windows[${i}]`),
  );
  const parsed = (r.array(o.components, `${path}.components`, LIMIT_COMPONENTS.value) ?? []).map((c, i) =>
    readComponent(r, c, `${path}.components[${i}]`),
  );
  const comps = parsed.filter((c): c is ParsedComponent => c !== null);
  applyDefaults(comps);
  const host: HostSpec = {
    id,
    ...named(r, o, path),
    windows: windows.filter((w): w is WindowSpec => w !== null),
    components: comps.map((c) => c.spec),
  };
  if (o.platform !== undefined) {
    const platform = readPlatformJson(o.platform, `${path}.platform`);
    if (platform.ok) host.platform = platform.value;
    else r.errors.push(...platform.error);
  }
  const regs = new Map<string, ComponentRegisterState>();
  const mem = new Map<string, Pages>();
  for (const c of comps) {
    if (c.registers !== null) regs.set(c.spec.id, c.registers);
    if (c.memory !== null && c.memory.length > 0) mem.set(c.spec.id, c.memory);
  }
  if (regs.size > 0) saved.hostRegisters.set(id, regs);
  if (mem.size > 0) saved.hostMemory.set(id, mem);
  return host;
}

/** The optional `name` and `position` every fabric object may carry. */
function named(
  r: Reader,
  o: FileJsonObject,
  path: string,
): { name?: string; position?: { x: number; y: number } } {
  const out: { name?: string; position?: { x: number; y: number } } = {};
  if (o.name !== undefined) {
    const n = r.string(o.name, `${path}.name`);
    if (n !== null) out.name = n;
  }
  if (o.position !== undefined) {
    const p = r.object(o.position, `${path}.position`, ['x', 'y'], ['x', 'y']);
    const x = p !== null && typeof p.x === 'number' && Number.isFinite(p.x) ? p.x : null;
    const y = p !== null && typeof p.y === 'number' && Number.isFinite(p.y) ? p.y : null;
    if (x === null || y === null) r.fail('file.type', `${path}.position`, 'x and y must be finite numbers');
    else out.position = { x, y };
  }
  return out;
}

function readLink(r: Reader, v: FileJson | undefined, path: string): HostPortRef {
  const o = r.object(v, path, ['host', 'rootPort'], ['host', 'rootPort']);
  return {
    host: r.string(o?.host, `${path}.host`) ?? '',
    rootPort: r.string(o?.rootPort, `${path}.rootPort`) ?? '',
  };
}

function readSwitch(r: Reader, v: FileJson, path: string, saved: Saved): FabricSwitchSpec | null {
  const o = r.object(v, path, ['id', 'name', 'position', 'ports', 'vcss'], ['id', 'ports']);
  if (o === null) return null;
  const id = r.string(o.id, `${path}.id`) ?? '';
  const ports = (r.array(o.ports, `${path}.ports`, LIMIT_SWITCH_PORTS.value) ?? []).map((p, i) => {
    const pp = `${path}.ports[${i}]`;
    const po = r.object(p, pp, ['port', 'role', 'link'], ['port', 'role']);
    const role = r.string(po?.role, `${pp}.role`);
    if (role !== null && role !== 'upstream' && role !== 'downstream')
      r.fail('file.value', `${pp}.role`, `"${role.slice(0, 40)}" is neither "upstream" nor "downstream"`);
    const port: PhysicalPortSpec = {
      port: r.integer(po?.port, `${pp}.port`, 0, 255) ?? 0,
      role: role === 'upstream' ? 'upstream' : 'downstream',
    };
    if (po?.link !== undefined) port.link = readLink(r, po.link, `${pp}.link`);
    return port;
  });
  const vcss =
    o.vcss === undefined
      ? []
      : (r.array(o.vcss, `${path}.vcss`, LIMIT_VCS.value) ?? []).map((c, i) =>
          readVcs(r, c, `${path}.vcss[${i}]`, id, saved),
        );
  return { id, ...named(r, o, path), ports, vcss: vcss.filter((c): c is VcsSpec => c !== null) };
}

function readVcs(r: Reader, v: FileJson, path: string, switchId: string, saved: Saved): VcsSpec | null {
  const o = r.object(
    v,
    path,
    ['vcs', 'usp', 'decoderCount', 'decoders', 'registers', 'vppbs'],
    ['vcs', 'usp'],
  );
  if (o === null) return null;
  const vcs: VcsSpec = {
    vcs: r.integer(o.vcs, `${path}.vcs`, 0, 255) ?? 0,
    usp: r.integer(o.usp, `${path}.usp`, 0, 255) ?? 0,
    decoderCount:
      o.decoderCount === undefined ? 4 : (r.integer(o.decoderCount, `${path}.decoderCount`, 0, 32) ?? 4),
    decoders: readDecoders(r, o.decoders, `${path}.decoders`, false),
    vppbs: (o.vppbs === undefined ? [] : (r.array(o.vppbs, `${path}.vppbs`, LIMIT_VPPBS.value) ?? [])).map(
      (b, i) => {
        const bp = `${path}.vppbs[${i}]`;
        const bo = r.object(b, bp, ['vppb', 'binding'], ['vppb']);
        return {
          vppb: r.integer(bo?.vppb, `${bp}.vppb`, 0, 255) ?? 0,
          binding: readBinding(r, bo?.binding, `${bp}.binding`),
        };
      },
    ),
  };
  const state = readRegisters(r, o.registers, `${path}.registers`);
  if (state !== null) saved.vcsRegisters.push({ switchId, vcs: vcs.vcs, state });
  return vcs;
}

/** `"unbound"` (or absent), `{ "port": P }` (a physical port) or `{ "port": P, "ld": L }` (an LD). */
function readBinding(r: Reader, v: FileJson | undefined, path: string): VppbBinding {
  if (v === undefined || v === 'unbound') return { state: 'unbound' };
  const o = r.object(v, path, ['port', 'ld'], ['port']);
  if (o === null) return { state: 'unbound' };
  const port = r.integer(o.port, `${path}.port`, 0, 255) ?? 0;
  if (o.ld === undefined) return { state: 'port', port };
  return { state: 'ld', port, ld: r.integer(o.ld, `${path}.ld`, 0, LIMIT_LDS.value - 1) ?? 0 };
}

const DEVICE_KEYS = [
  'id',
  'kind',
  'name',
  'position',
  'serial',
  'capacity',
  'granularity',
  'attach',
  'heads',
  'lds',
  'memory',
];

function readFabricDevice(
  r: Reader,
  v: FileJson,
  path: string,
  n: number,
  saved: Saved,
): FabricDeviceSpec | null {
  const o = r.object(v, path, DEVICE_KEYS, ['id', 'kind', 'capacity', 'lds']);
  if (o === null) return null;
  const id = r.string(o.id, `${path}.id`) ?? '';
  const kind = r.string(o.kind, `${path}.kind`);
  if (kind !== null && kind !== 'sld' && kind !== 'mld' && kind !== 'mhd')
    r.fail(
      'file.value',
      `${path}.kind`,
      `unknown fabric device kind "${kind.slice(0, 40)}"; expected "sld", "mld" or "mhd"`,
    );
  const d: FabricDeviceSpec = {
    id,
    kind: kind === 'sld' || kind === 'mhd' ? kind : 'mld',
    ...named(r, o, path),
    serial:
      o.serial === undefined
        ? FABRIC_SERIAL_BASE + n
        : (r.integer(o.serial, `${path}.serial`, 0, 2 ** 52 - 1) ?? 0),
    capacity: r.size(o.capacity, `${path}.capacity`) ?? 0,
    granularity:
      o.granularity === undefined ? 256 * MIB : (r.size(o.granularity, `${path}.granularity`) ?? 0),
    lds: (r.array(o.lds, `${path}.lds`, LIMIT_LDS.value) ?? []).map((l, i) =>
      readLd(r, l, `${path}.lds[${i}]`, id, saved),
    ),
  };
  if (o.attach !== undefined) {
    const a = r.object(o.attach, `${path}.attach`, ['switch', 'port'], ['switch', 'port']);
    d.attach = {
      switch: r.string(a?.switch, `${path}.attach.switch`) ?? '',
      port: r.integer(a?.port, `${path}.attach.port`, 0, 255) ?? 0,
    };
  }
  if (o.heads !== undefined)
    d.heads = (r.array(o.heads, `${path}.heads`, LIMIT_HEADS.value) ?? []).map((h, i): HeadSpec => {
      const hp = `${path}.heads[${i}]`;
      const ho = r.object(h, hp, ['head', 'link', 'ld'], ['head', 'link', 'ld']);
      return {
        head: r.integer(ho?.head, `${hp}.head`, 0, LIMIT_HEADS.value - 1) ?? 0,
        link: readLink(r, ho?.link, `${hp}.link`),
        ld: r.integer(ho?.ld, `${hp}.ld`, 0, LIMIT_LDS.value - 1) ?? 0,
      };
    });
  const media = readMemory(r, o.memory, `${path}.memory`, 'offset');
  if (media !== null && media.length > 0) saved.media.set(id, media);
  return d;
}

function readLd(r: Reader, v: FileJson, path: string, device: string, saved: Saved): LogicalDeviceSpec {
  const o = r.object(
    v,
    path,
    ['ld', 'range1', 'range2', 'decoderCount', 'decoders', 'registers', DEVICE_KEY],
    ['ld', 'range1'],
  );
  const ld: LogicalDeviceSpec = {
    ld: r.integer(o?.ld, `${path}.ld`, 0, LIMIT_LDS.value - 1) ?? 0,
    range1: r.size(o?.range1, `${path}.range1`) ?? 0,
    range2: o?.range2 === undefined ? 0 : (r.size(o.range2, `${path}.range2`) ?? 0),
    decoderCount:
      o?.decoderCount === undefined ? 4 : (r.integer(o.decoderCount, `${path}.decoderCount`, 0, 32) ?? 4),
    decoders: readDecoders(r, o?.decoders, `${path}.decoders`, true),
  };
  if (o !== null) Object.assign(ld, readDevice(r, o, path));
  const state = o === null ? null : readRegisters(r, o.registers, `${path}.registers`);
  if (state !== null) saved.ldRegisters.push({ device, ld: ld.ld, state });
  return ld;
}
