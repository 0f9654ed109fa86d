/**
 * Platform profiles: which Linux CXL driver and which QEMU CXL emulation a lab models, and the rules
 * that differ between them (software passthrough decoders, host bridge / switch routing).
 * Background and sources: docs/cxl-notes.md, "Platform profiles".
 */
import type { CxlError, LabFinding, Result } from '../result.ts';
import type { ComponentSpec, Topology, TopologySpec } from './model.ts';

import {
  DEFAULT_PLATFORM,
  LINUX_PROFILES,
  type LinuxProfile,
  type PlatformProfile,
  QEMU_PROFILES,
  type QemuProfile,
} from './platform-profile.ts';

export {
  DEFAULT_PLATFORM,
  LINUX_PROFILES,
  type LinuxProfile,
  type PlatformProfile,
  QEMU_PROFILES,
  type QemuProfile,
} from './platform-profile.ts';

/** Linux 6.1: a port with one dport gets a software passthrough decoder before HDM is looked at. */
export const SRC_LINUX61_PASSTHROUGH =
  'Linux 6.1 drivers/cxl/port.c cxl_port_probe (one dport → devm_cxl_add_passthrough_decoder, HDM decoders ' +
  'never enumerated); fixed by 7bba261e0aa6 "cxl/port: Scan single-target ports for decoders" (v6.4, 6.3.2)';
/** QEMU 7.2: host bridge and upstream switch port routing reads only HDM decoder 0. */
export const SRC_QEMU72_ROUTE =
  'QEMU 7.2 hw/cxl/cxl-host.c cxl_hdm_find_target (only HDM decoder 0, which must be committed), called by cxl_cfmws_find_device';
/** QEMU ≥ 8.0: a pxb-cxl with one root port has no HDM decoders and routes to that port. */
export const SRC_QEMU80_PASSTHROUGH =
  'QEMU 8.0 hw/pci-bridge/pci_expander_bridge.c pxb_cxl_dev_reset (one root port and hdm_for_passthrough off: ' +
  'no HDM Decoder Capability) and hw/cxl/cxl-host.c cxl_cfmws_find_device (cxl_get_hb_passthrough)';

/** The profile a lab document carries (the default when it names none). */
export function platformOf(spec: TopologySpec): PlatformProfile {
  return spec.platform ?? DEFAULT_PLATFORM;
}

export function isDefaultPlatform(p: PlatformProfile | undefined): boolean {
  return p === undefined || (p.linux === DEFAULT_PLATFORM.linux && p.qemu === DEFAULT_PLATFORM.qemu);
}

export function parseLinuxProfile(text: string): LinuxProfile | null {
  return (LINUX_PROFILES as readonly string[]).includes(text) ? (text as LinuxProfile) : null;
}

export function parseQemuProfile(text: string): QemuProfile | null {
  return (QEMU_PROFILES as readonly string[]).includes(text) ? (text as QemuProfile) : null;
}

/** Reads a file's `platform` object: `{ "linux": "6.1" | "current", "qemu": "7.2" | "current" }`. */
export function readPlatformJson(value: unknown, path: string): Result<PlatformProfile, CxlError[]> {
  const errors: CxlError[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      error: [{ code: 'file.type', field: path, message: `${path}: expected an object { linux, qemu }` }],
    };
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'linux' && key !== 'qemu') {
      errors.push({
        code: 'file.unknown-key',
        field: `${path}.${key}`,
        message: `${path}: unknown key "${key.slice(0, 40)}"`,
      });
    }
  }
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = o[key];
    if (v === undefined) return fallback;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    errors.push({
      code: 'file.platform',
      field: `${path}.${key}`,
      message: `${path}.${key}: must be ${allowed.map((a) => `"${a}"`).join(' or ')}`,
    });
    return fallback;
  };
  const profile: PlatformProfile = {
    linux: pick('linux', LINUX_PROFILES, DEFAULT_PLATFORM.linux),
    qemu: pick('qemu', QEMU_PROFILES, DEFAULT_PLATFORM.qemu),
  };
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: profile };
}

/** Number of downstream ports (root ports or switch downstream ports) of a host bridge or switch. */
function downstreamPortCount(topology: Topology, componentId: string): number {
  return topology.portsByNumber.get(componentId)?.size ?? 0;
}

/**
 * Linux 6.1 (drivers/cxl/port.c cxl_port_probe): a host bridge or switch with exactly one downstream
 * port gets the software passthrough decoder even when it has HDM decoders, which are then never
 * enumerated or programmed. Current Linux does this only without an HDM Decoder Capability, which the
 * region code already treats as passthrough.
 */
export function linux61Passthrough(topology: Topology, componentId: string): boolean {
  if (platformOf(topology.spec).linux !== '6.1') return false;
  const c = topology.byId.get(componentId);
  if (c?.kind !== 'host-bridge' && c?.kind !== 'switch') return false;
  return downstreamPortCount(topology, componentId) === 1;
}

/**
 * Whether QEMU routes a host bridge without looking at HDM decoders. Current QEMU: a pxb-cxl without
 * HDM decoders (the lab's `decoderCount: 0`, only legal with one root port). QEMU 7.2 has no such
 * host bridge: every pxb-cxl routes through HDM decoder 0.
 */
export function qemuPassthroughHostBridge(topology: Topology, c: ComponentSpec): boolean {
  return c.kind === 'host-bridge' && c.decoderCount === 0 && platformOf(topology.spec).qemu === 'current';
}

/** The decoders QEMU's router consults at a host bridge or upstream switch port: only 0 in QEMU 7.2. */
export function qemuRoutingDecoders<D extends { index: number }>(
  topology: Topology,
  decoders: readonly D[],
): readonly D[] {
  return platformOf(topology.spec).qemu === '7.2' ? decoders.filter((d) => d.index === 0) : decoders;
}

/** Why a hop fails under the profile, in words, and the sources the explanation rests on. */
export interface ProfileHint {
  text: string;
  /** Linux / QEMU file and function references, `; `-separated. */
  spec: string;
}

/**
 * Why a host bridge or switch hop fails under this profile, when the profile is the cause: Linux 6.1
 * never programmed the decoder of a port with one downstream port (its passthrough decoder), and
 * QEMU routes it only through a committed HDM decoder. Null when the profile does not explain it.
 */
export function profileFailureHint(topology: Topology, componentId: string): ProfileHint | null {
  const platform = platformOf(topology.spec);
  const c = topology.byId.get(componentId);
  if (c === undefined) return null;
  if (c.kind === 'host-bridge' && c.decoderCount === 0 && platform.qemu === '7.2') {
    return {
      text:
        'QEMU 7.2 has no passthrough host bridge: every pxb-cxl routes only through its HDM decoder 0 ' +
        `(passthrough pxb-cxl arrived in QEMU 8.0). Give ${c.id} HDM decoders or choose QEMU current`,
      spec: `${SRC_QEMU72_ROUTE}; ${SRC_QEMU80_PASSTHROUGH}`,
    };
  }
  if (!linux61Passthrough(topology, componentId)) return null;
  const hb = c.kind === 'host-bridge';
  const qemuSide =
    platform.qemu === '7.2'
      ? 'QEMU 7.2 routes it only through a committed HDM decoder 0'
      : `QEMU routes it only through a committed HDM decoder (${hb ? 'this host bridge has HDM decoders, as with hdm_for_passthrough=on' : 'a cxl-upstream port always has HDM decoders'})`;
  const avoid = hb
    ? `add a second, empty root port to ${c.id} (Linux 6.1 then programs its decoder), or use QEMU ≥ 8.0 ` +
      'without hdm_for_passthrough (the lab: decoder count 0), where a single-root-port host bridge has no ' +
      'HDM decoders and passes everything to its port, or Linux ≥ 6.4'
    : `add a second, empty downstream port to ${c.id} (Linux 6.1 then programs its decoder), or use Linux ≥ 6.4`;
  const sources = [SRC_LINUX61_PASSTHROUGH];
  if (platform.qemu === '7.2') sources.push(SRC_QEMU72_ROUTE);
  if (hb) sources.push(SRC_QEMU80_PASSTHROUGH);
  return {
    text:
      `Linux 6.1 gave ${c.id} (one ${hb ? 'root port' : 'downstream port'}) a software passthrough decoder and ` +
      `never programmed its HDM decoder, while ${qemuSide}: the region assembles but reads and writes fail here. ` +
      `To avoid it, ${avoid}`,
    spec: sources.join('; '),
  };
}

/**
 * Warnings for a lab whose profile keeps regions from routing: every host bridge or switch where
 * `profileFailureHint` applies (Linux 6.1's passthrough decoder on a port QEMU routes only by HDM
 * decoder; a decoder-less host bridge under QEMU 7.2). Shown with the lab's other findings.
 */
export function platformWarnings(topology: Topology): LabFinding[] {
  if (isDefaultPlatform(topology.spec.platform)) return [];
  const out: LabFinding[] = [];
  for (const c of topology.spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch') continue;
    if (qemuPassthroughHostBridge(topology, c)) continue; // QEMU passes everything through: nothing bites
    const hint = profileFailureHint(topology, c.id);
    if (hint === null) continue;
    out.push({
      code: 'platform.unroutable-port',
      severity: 'warning',
      rule: 'linux',
      component: c.id,
      message: `${c.id}: regions through it will not route under this platform profile. ${hint.text}`,
      spec: hint.spec,
    });
  }
  return out;
}
