/**
 * Validation of a multi-host fabric (issue 18) and the indexes the views, the shared media and the FM
 * API work from. Every problem is one located error; the per-host topologies themselves are checked
 * by `validateTopology` on each host's view (`fabric-lab.ts`).
 *
 * Rules and their sources: one VCS per upstream port and vPPB bindings (CXL 2.0 §7.1, §7.6.7.2.2 Bind
 * vPPB), LD-ID 0–15 and up to 16 LDs (CXL 2.0 §2.4), allocations as multiples of the memory granularity
 * within the device's capacity (CXL 2.0 §7.6.7.4.2–3).
 */
import {
  LIMIT_FABRIC_DEVICES,
  LIMIT_FABRIC_SWITCHES,
  LIMIT_HEADS,
  LIMIT_HOSTS,
  LIMIT_LDS,
  LIMIT_SWITCH_PORTS,
  LIMIT_VCS,
  LIMIT_VPPBS,
  type Limit,
  limitText,
} from '../limits.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { formatBytes, MIB } from '../units.ts';
import { ldComponentId, ldKey, portKey } from './ids.ts';
import type {
  FabricDeviceSpec,
  FabricSwitchSpec,
  HostPortRef,
  HostSpec,
  LdOwner,
  LdSlice,
  MultiHostSpec,
  VcsSpec,
} from './model.ts';

/** Allocation granularities the lab accepts, in bytes (Get LD Allocations "memory granularity"). */
export const LD_GRANULARITIES: readonly number[] = [256 * MIB, 512 * MIB, 1024 * MIB];
/** Device media sizes are multiples of this (as Type 3 capacities, CXL 2.0 §8.2.9.5.1.1). */
export const MEDIA_ALIGN = 256 * MIB;

/** A validated fabric: the spec plus its indexes. Read-only. */
export interface FabricIndex {
  readonly spec: MultiHostSpec;
  readonly hosts: ReadonlyMap<string, HostSpec>;
  readonly switches: ReadonlyMap<string, FabricSwitchSpec>;
  readonly devices: ReadonlyMap<string, FabricDeviceSpec>;
  /** `portKey(switch, port)` → the device plugged into that downstream port. */
  readonly deviceAtPort: ReadonlyMap<string, FabricDeviceSpec>;
  /** `ldKey(device, ld)` → where the LD's bytes live in the device's media. */
  readonly slices: ReadonlyMap<string, LdSlice>;
  /** `ldKey(device, ld)` → the host that reaches the LD (bound LDs and heads only). */
  readonly owners: ReadonlyMap<string, LdOwner>;
}

class Issues {
  readonly list: CxlError[] = [];
  add(code: string, component: string | undefined, field: string, message: string, spec?: string): void {
    const e: CxlError = { code, message: `${field}: ${message}`, field };
    if (component !== undefined) e.component = component;
    if (spec !== undefined) e.spec = spec;
    this.list.push(e);
  }
  count(l: Limit, n: number, field: string): boolean {
    if (n <= l.value) return true;
    this.add('fabric.too-many', undefined, field, `${n} entries (${limitText(l)})`);
    return false;
  }
}

const isUint = (n: unknown, below: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < below;

/** Validates a multi-host spec; the error lists every problem found. */
export function validateFabric(spec: MultiHostSpec): Result<FabricIndex, CxlError[]> {
  const v = new Issues();
  const hosts = checkHosts(v, spec.hosts);
  const links = new Map<string, string>();
  const switches = checkSwitches(v, spec.fabric.switches, hosts, links);
  const devices = new Map<string, FabricDeviceSpec>();
  const deviceAtPort = new Map<string, FabricDeviceSpec>();
  if (v.count(LIMIT_FABRIC_DEVICES, spec.fabric.devices.length, 'fabric.devices'))
    spec.fabric.devices.forEach((d, i) => {
      checkDevice(v, d, `fabric.devices[${i}]`, { hosts, switches, links, devices, deviceAtPort });
    });
  const owners = new Map<string, LdOwner>();
  checkBindings(v, spec.fabric.switches, { devices, deviceAtPort, owners });
  addHeadOwners(spec.fabric.devices, owners);
  if (v.list.length > 0) return { ok: false, error: v.list };
  return ok({ spec, hosts, switches, devices, deviceAtPort, slices: mediaSlices(devices), owners });
}

function checkHosts(v: Issues, list: readonly HostSpec[]): Map<string, HostSpec> {
  const hosts = new Map<string, HostSpec>();
  if (list.length === 0)
    v.add('fabric.no-hosts', undefined, 'hosts', 'a multi-host lab needs at least one host');
  if (!v.count(LIMIT_HOSTS, list.length, 'hosts')) return hosts;
  list.forEach((h, i) => {
    if (typeof h.id !== 'string' || h.id.length === 0)
      v.add('fabric.host-id', undefined, `hosts[${i}].id`, 'needs a non-empty host id');
    else if (hosts.has(h.id))
      v.add('fabric.host-duplicate', h.id, `hosts[${i}].id`, `host id "${h.id}" is used twice`);
    else hosts.set(h.id, h);
  });
  return hosts;
}

/**
 * A link from a fabric port to a host root port: the host and root port exist, nothing of the host's
 * own sits below that root port, and no other fabric port links to it. `links` maps each linked root
 * port to the port that took it.
 */
function checkLink(
  v: Issues,
  ref: HostPortRef,
  field: string,
  who: string,
  ctx: { hosts: ReadonlyMap<string, HostSpec>; links: Map<string, string> },
): void {
  const host = ctx.hosts.get(ref.host);
  if (host === undefined) {
    v.add('fabric.link-host', who, `${field}.host`, `no host "${ref.host}"`);
    return;
  }
  const rp = host.components.find((c) => c.id === ref.rootPort);
  if (rp === undefined || rp.kind !== 'root-port') {
    v.add(
      'fabric.link-root-port',
      who,
      `${field}.rootPort`,
      `host ${ref.host} has no root port "${ref.rootPort}"`,
    );
    return;
  }
  const below = host.components.find(
    (c) => c.kind !== 'host-bridge' && c.kind !== 'root-port' && c.parent === rp.id,
  );
  if (below !== undefined)
    v.add(
      'fabric.link-occupied',
      who,
      field,
      `root port ${ref.host}/${rp.id} already has ${below.id} of the host's own below it`,
    );
  const key = `${ref.host}\u0000${ref.rootPort}`;
  const taken = ctx.links.get(key);
  if (taken !== undefined)
    v.add(
      'fabric.link-twice',
      who,
      field,
      `root port ${ref.host}/${ref.rootPort} is already linked to ${taken}`,
    );
  else ctx.links.set(key, who);
}

function checkSwitches(
  v: Issues,
  list: readonly FabricSwitchSpec[],
  hosts: ReadonlyMap<string, HostSpec>,
  links: Map<string, string>,
): Map<string, FabricSwitchSpec> {
  const switches = new Map<string, FabricSwitchSpec>();
  if (!v.count(LIMIT_FABRIC_SWITCHES, list.length, 'fabric.switches')) return switches;
  list.forEach((s, i) => {
    const field = `fabric.switches[${i}]`;
    if (typeof s.id !== 'string' || s.id.length === 0)
      v.add('fabric.switch-id', undefined, `${field}.id`, 'needs a non-empty id');
    else if (switches.has(s.id))
      v.add('fabric.id-duplicate', s.id, `${field}.id`, `switch id "${s.id}" is used twice`);
    else switches.set(s.id, s);
    const roles = new Map<number, 'upstream' | 'downstream'>();
    if (v.count(LIMIT_SWITCH_PORTS, s.ports.length, `${field}.ports`))
      s.ports.forEach((p, k) => {
        const pf = `${field}.ports[${k}]`;
        if (!isUint(p.port, 256))
          v.add('fabric.port-id', s.id, `${pf}.port`, `port ID ${String(p.port)} is not in 0 … 255`);
        else if (roles.has(p.port))
          v.add('fabric.port-duplicate', s.id, `${pf}.port`, `port ${p.port} is listed twice`);
        else roles.set(p.port, p.role);
        if (p.link !== undefined) {
          if (p.role !== 'upstream')
            v.add('fabric.link-dsp', s.id, `${pf}.link`, 'only an upstream port links to a host root port');
          else checkLink(v, p.link, `${pf}.link`, `${s.id} port ${p.port}`, { hosts, links });
        }
      });
    if (v.count(LIMIT_VCS, s.vcss.length, `${field}.vcss`)) checkVcss(v, s, field, roles);
  });
  return switches;
}

function checkVcss(v: Issues, s: FabricSwitchSpec, field: string, roles: ReadonlyMap<number, string>): void {
  const ids = new Set<number>();
  const usps = new Map<number, number>();
  s.vcss.forEach((vcs, k) => {
    const vf = `${field}.vcss[${k}]`;
    if (!isUint(vcs.vcs, 256))
      v.add('fabric.vcs-id', s.id, `${vf}.vcs`, `VCS ID ${String(vcs.vcs)} is not in 0 … 255`);
    else if (ids.has(vcs.vcs))
      v.add('fabric.vcs-duplicate', s.id, `${vf}.vcs`, `VCS ${vcs.vcs} is listed twice`);
    else ids.add(vcs.vcs);
    if (roles.get(vcs.usp) !== 'upstream')
      v.add(
        'fabric.vcs-usp',
        s.id,
        `${vf}.usp`,
        `port ${String(vcs.usp)} is not an upstream port of ${s.id}`,
      );
    else if (usps.has(vcs.usp))
      v.add(
        'fabric.vcs-usp-twice',
        s.id,
        `${vf}.usp`,
        `upstream port ${vcs.usp} already heads VCS ${usps.get(vcs.usp)}`,
        'CXL 2.0 §7.1',
      );
    else usps.set(vcs.usp, vcs.vcs);
    if (!v.count(LIMIT_VPPBS, vcs.vppbs.length, `${vf}.vppbs`)) return;
    const vppbs = new Set<number>();
    vcs.vppbs.forEach((b, j) => {
      if (!isUint(b.vppb, 256))
        v.add(
          'fabric.vppb-id',
          s.id,
          `${vf}.vppbs[${j}].vppb`,
          `vPPB ID ${String(b.vppb)} is not in 0 … 255`,
        );
      else if (vppbs.has(b.vppb))
        v.add('fabric.vppb-duplicate', s.id, `${vf}.vppbs[${j}].vppb`, `vPPB ${b.vppb} is listed twice`);
      else vppbs.add(b.vppb);
    });
  });
}

interface DeviceContext {
  hosts: ReadonlyMap<string, HostSpec>;
  switches: ReadonlyMap<string, FabricSwitchSpec>;
  links: Map<string, string>;
  devices: Map<string, FabricDeviceSpec>;
  deviceAtPort: Map<string, FabricDeviceSpec>;
}

function checkDevice(v: Issues, d: FabricDeviceSpec, field: string, ctx: DeviceContext): void {
  if (typeof d.id !== 'string' || d.id.length === 0)
    v.add('fabric.device-id', undefined, `${field}.id`, 'needs a non-empty id');
  else if (ctx.devices.has(d.id) || ctx.switches.has(d.id))
    v.add('fabric.id-duplicate', d.id, `${field}.id`, `id "${d.id}" is used twice in the fabric`);
  else ctx.devices.set(d.id, d);
  if (!isUint(d.capacity, 2 ** 52) || d.capacity === 0 || d.capacity % MEDIA_ALIGN !== 0)
    v.add(
      'fabric.capacity',
      d.id,
      `${field}.capacity`,
      `${String(d.capacity)} is not a non-zero multiple of 256 MiB`,
    );
  if (!LD_GRANULARITIES.includes(d.granularity))
    v.add(
      'fabric.granularity',
      d.id,
      `${field}.granularity`,
      `${String(d.granularity)} bytes: the lab allocates LDs by 256 MiB, 512 MiB or 1 GiB`,
      'CXL 2.0 §7.6.7.4.2',
    );
  checkLds(v, d, field);
  if (d.kind === 'mhd') {
    if (d.attach !== undefined)
      v.add(
        'fabric.mhd-attach',
        d.id,
        `${field}.attach`,
        'a multi-headed device links its heads to hosts, not to a switch port',
      );
    checkHeads(v, d, field, ctx);
    return;
  }
  if (d.heads !== undefined)
    v.add('fabric.heads', d.id, `${field}.heads`, `only a multi-headed device ("mhd") has heads`);
  if (d.attach === undefined) {
    v.add(
      'fabric.attach',
      d.id,
      `${field}.attach`,
      `an ${d.kind.toUpperCase()} must be plugged into a switch downstream port`,
    );
    return;
  }
  const sw = ctx.switches.get(d.attach.switch);
  const port = sw?.ports.find((p) => p.port === d.attach?.port);
  if (sw === undefined || port === undefined || port.role !== 'downstream') {
    v.add(
      'fabric.attach',
      d.id,
      `${field}.attach`,
      `${d.attach.switch} has no downstream port ${d.attach.port}`,
    );
    return;
  }
  const key = portKey(sw.id, port.port);
  const other = ctx.deviceAtPort.get(key);
  if (other !== undefined)
    v.add(
      'fabric.attach-twice',
      d.id,
      `${field}.attach`,
      `${sw.id} port ${port.port} already holds ${other.id}`,
    );
  else ctx.deviceAtPort.set(key, d);
}

function checkLds(v: Issues, d: FabricDeviceSpec, field: string): void {
  if (!v.count(LIMIT_LDS, d.lds.length, `${field}.lds`)) return;
  if (d.lds.length === 0)
    v.add('fabric.no-lds', d.id, `${field}.lds`, 'a device needs at least one logical device');
  if (d.kind === 'sld' && (d.lds.length !== 1 || d.lds[0]?.ld !== 0))
    v.add('fabric.sld-lds', d.id, `${field}.lds`, 'a single logical device has exactly one LD, LD 0');
  const ids = new Set<number>();
  let total = 0;
  d.lds.forEach((ld, k) => {
    const lf = `${field}.lds[${k}]`;
    if (!isUint(ld.ld, LIMIT_LDS.value))
      v.add('fabric.ld-id', d.id, `${lf}.ld`, `LD-ID ${String(ld.ld)} is not in 0 … 15`, 'CXL 2.0 §2.4');
    else if (ids.has(ld.ld)) v.add('fabric.ld-duplicate', d.id, `${lf}.ld`, `LD ${ld.ld} is listed twice`);
    else ids.add(ld.ld);
    for (const r of ['range1', 'range2'] as const) {
      const n = ld[r];
      if (!isUint(n, 2 ** 52) || (LD_GRANULARITIES.includes(d.granularity) && n % d.granularity !== 0))
        v.add(
          'fabric.allocation-granularity',
          d.id,
          `${lf}.${r}`,
          `${String(n)} bytes is not a multiple of the device's granularity ${formatBytes(d.granularity)}`,
          'CXL 2.0 §7.6.7.4.3',
        );
      else total += n;
    }
  });
  if (isUint(d.capacity, 2 ** 52) && total > d.capacity)
    v.add(
      'fabric.allocation-over',
      d.id,
      `${field}.lds`,
      `LD allocations total ${formatBytes(total)}, over the device's ${formatBytes(d.capacity)}`,
      'CXL 2.0 §7.6.7.4.3',
    );
}

function checkHeads(v: Issues, d: FabricDeviceSpec, field: string, ctx: DeviceContext): void {
  const heads = d.heads ?? [];
  if (heads.length < 2)
    v.add(
      'fabric.heads',
      d.id,
      `${field}.heads`,
      `a multi-headed device has 2 … ${LIMIT_HEADS.value} heads, found ${heads.length}`,
    );
  if (!v.count(LIMIT_HEADS, heads.length, `${field}.heads`)) return;
  const ids = new Set<number>();
  const served = new Map<number, number>();
  heads.forEach((h, k) => {
    const hf = `${field}.heads[${k}]`;
    if (!isUint(h.head, LIMIT_HEADS.value) || ids.has(h.head))
      v.add(
        'fabric.head-id',
        d.id,
        `${hf}.head`,
        `head ${String(h.head)} is not a unique number in 0 … ${LIMIT_HEADS.value - 1}`,
      );
    else ids.add(h.head);
    checkLink(v, h.link, `${hf}.link`, `${d.id} head ${h.head}`, ctx);
    if (!d.lds.some((ld) => ld.ld === h.ld))
      v.add('fabric.head-ld', d.id, `${hf}.ld`, `${d.id} has no LD ${String(h.ld)}`);
    else if (served.has(h.ld))
      v.add(
        'fabric.head-ld-twice',
        d.id,
        `${hf}.ld`,
        `LD ${h.ld} is already served by head ${served.get(h.ld)}`,
      );
    else served.set(h.ld, h.head);
  });
}

interface BindingContext {
  devices: ReadonlyMap<string, FabricDeviceSpec>;
  deviceAtPort: ReadonlyMap<string, FabricDeviceSpec>;
  owners: Map<string, LdOwner>;
}

/** Every bound vPPB: a downstream port, the right device kind, a USP linked to a host, bound once. */
function checkBindings(v: Issues, switches: readonly FabricSwitchSpec[], ctx: BindingContext): void {
  const boundBy = new Map<string, string>();
  switches.forEach((s, i) => {
    s.vcss.forEach((vcs, k) => {
      const usp = s.ports.find((p) => p.port === vcs.usp && p.role === 'upstream');
      vcs.vppbs.forEach((b, j) => {
        if (b.binding.state === 'unbound') return;
        const field = `fabric.switches[${i}].vcss[${k}].vppbs[${j}].binding`;
        const who = `${s.id} VCS ${vcs.vcs} vPPB ${b.vppb}`;
        if (usp !== undefined && usp.link === undefined)
          v.add(
            'fabric.usp-unbound',
            s.id,
            field,
            `${who}: the VCS's upstream port ${vcs.usp} is linked to no host`,
            'CXL 2.0 §7.6.7.2.2',
          );
        const target = bindingTarget(v, s, b.binding, field, ctx);
        if (target === null) return;
        const taken = boundBy.get(target.key);
        if (taken !== undefined) {
          v.add(
            'fabric.already-bound',
            s.id,
            field,
            `${target.what} is already bound to ${taken}`,
            'CXL 2.0 §7.6.7.2.2',
          );
          return;
        }
        boundBy.set(target.key, who);
        if (target.device !== undefined && usp?.link !== undefined)
          ctx.owners.set(
            ldKey(target.device.id, target.ld),
            ownerOf(s, vcs, b.vppb, usp.link.host, target.device, target.ld),
          );
      });
    });
  });
}

function ownerOf(
  s: FabricSwitchSpec,
  vcs: VcsSpec,
  vppb: number,
  host: string,
  d: FabricDeviceSpec,
  ld: number,
): LdOwner {
  return { host, component: ldComponentId(d, ld), via: { switch: s.id, vcs: vcs.vcs, vppb } };
}

/** What a binding names (for the bound-once rule), or null after reporting why it cannot be bound. */
function bindingTarget(
  v: Issues,
  s: FabricSwitchSpec,
  binding: Exclude<FabricSwitchSpec['vcss'][number]['vppbs'][number]['binding'], { state: 'unbound' }>,
  field: string,
  ctx: BindingContext,
): { key: string; what: string; device?: FabricDeviceSpec; ld: number } | null {
  const port = s.ports.find((p) => p.port === binding.port);
  if (port === undefined || port.role !== 'downstream') {
    v.add(
      'fabric.bind-port',
      s.id,
      `${field}.port`,
      `${s.id} has no downstream port ${String(binding.port)}`,
    );
    return null;
  }
  const device = ctx.deviceAtPort.get(portKey(s.id, port.port));
  if (binding.state === 'port') {
    if (device !== undefined && device.kind !== 'sld') {
      v.add(
        'fabric.bind-mld-port',
        s.id,
        field,
        `${device.id} on port ${port.port} is an MLD: bind one of its LDs ("state": "ld")`,
        'CXL 2.0 §7.6.7.2.2',
      );
      return null;
    }
    const what =
      device === undefined ? `${s.id} port ${port.port}` : `${device.id} (${s.id} port ${port.port})`;
    return { key: portKey(s.id, port.port), what, ...(device !== undefined ? { device } : {}), ld: 0 };
  }
  if (device === undefined || device.kind !== 'mld') {
    v.add(
      'fabric.bind-ld',
      s.id,
      field,
      `${s.id} port ${port.port} holds ${device === undefined ? 'nothing' : `the SLD ${device.id}`}, not an MLD`,
    );
    return null;
  }
  const ld = device.lds.find((l) => l.ld === binding.ld);
  if (ld === undefined) {
    v.add('fabric.bind-ld', s.id, `${field}.ld`, `${device.id} has no LD ${String(binding.ld)}`);
    return null;
  }
  if (ld.range1 + ld.range2 === 0) {
    v.add(
      'fabric.bind-empty-ld',
      s.id,
      `${field}.ld`,
      `LD ${ld.ld} of ${device.id} has no capacity allocated`,
      'CXL 2.0 §7.6.7.4.3',
    );
    return null;
  }
  return {
    key: `${portKey(s.id, port.port)}\u0000${ld.ld}`,
    what: `LD ${ld.ld} of ${device.id}`,
    device,
    ld: ld.ld,
  };
}

function addHeadOwners(devices: readonly FabricDeviceSpec[], owners: Map<string, LdOwner>): void {
  for (const d of devices)
    if (d.kind === 'mhd')
      for (const h of d.heads ?? [])
        owners.set(ldKey(d.id, h.ld), {
          host: h.link.host,
          component: ldComponentId(d, h.ld),
          via: { head: h.head },
        });
}

/**
 * Where each LD's bytes live: LDs are laid out in LD-ID order, each LD's Range 1 then Range 2, from
 * media offset 0. The spec leaves the media layout inside a device to the device; this is the lab's.
 */
export function mediaSlices(devices: ReadonlyMap<string, FabricDeviceSpec>): Map<string, LdSlice> {
  const out = new Map<string, LdSlice>();
  for (const d of devices.values()) {
    let base = 0;
    for (const ld of [...d.lds].sort((a, b) => a.ld - b.ld)) {
      const size = ld.range1 + ld.range2;
      out.set(ldKey(d.id, ld.ld), { device: d.id, ld: ld.ld, base, size });
      base += size;
    }
  }
  return out;
}
