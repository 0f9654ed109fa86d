/**
 * DOC: DPA → HPA, computed upward and independently of the forward walk and the compiled path.
 * For a device byte (device, DPA), each committed device decoder n whose DPA range holds it yields
 * `ways` candidate HPAs (the device ignores the interleave bits, CXL r3.1 §8.2.4.20.13: candidates are the
 * chunks `k · ways + p`, p = 0 … ways−1); a candidate is kept when, climbing from the device to
 * the window, every level would send that HPA down toward this device:
 *
 * - the device's first decoder containing the HPA is n (and committed);
 * - each switch / host bridge's first decoder containing the HPA is committed and its Target List
 *   entry for way `floor(HPA / g) mod w` is the port toward the device (passthrough host bridges
 *   forward everything to their single root port); under the QEMU 7.2 profile only decoder 0 counts
 *   and no host bridge is passthrough (`topology/platform.ts`);
 * - the window containing the HPA selects the host bridge (`floor(HPA' / HBIG) mod NIW` on the
 *   absolute HPA, after the XOR maps for XOR windows).
 *
 * Used by `cxl-lab fill-verify` to check device memory directly, and by tests.
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { LabCore } from '../lab-core.ts';
import type { Type3Spec } from '../topology/model.ts';
import { qemuPassthroughHostBridge, qemuRoutingDecoders } from '../topology/platform.ts';
import { applyXorMaps } from './arith.ts';

function firstContaining(decoders: readonly DecoderState[], hpa: number): DecoderState | undefined {
  for (const d of decoders) if (d.size > 0 && hpa >= d.base && hpa < d.base + d.size) return d;
  return undefined;
}

/** True when `hpa` would be routed to `device` and decoded there by decoder `decoderIndex`. */
export function routesTo(core: LabCore, device: Type3Spec, decoderIndex: number, hpa: number): boolean {
  const topology = core.topology;
  const own = firstContaining(core.decoders(device.id), hpa);
  if (own === undefined || own.index !== decoderIndex || !own.committed) return false;
  // An RCD sits directly below its CXL 1.1 host bridge, which forwards everything (CXL r3.0 §9.11.2).
  const direct = topology.byId.get(device.parent);
  if (direct?.kind === 'host-bridge' && direct.restricted === true)
    return windowSelects(core, direct.id, hpa);
  let portId: string = device.parent;
  for (let depth = 0; depth < 32; depth++) {
    const port = topology.byId.get(portId);
    if (port === undefined || (port.kind !== 'root-port' && port.kind !== 'downstream-port')) return false;
    const owner = topology.byId.get(port.parent);
    if (owner === undefined) return false;
    if (qemuPassthroughHostBridge(topology, owner)) {
      if ((topology.children.get(owner.id) ?? []).length !== 1) return false;
    } else if (owner.kind === 'host-bridge' || owner.kind === 'switch') {
      const d = firstContaining(qemuRoutingDecoders(topology, core.decoders(owner.id)), hpa);
      if (d === undefined || !d.committed || d.ways === null || d.granularity === null) return false;
      const way = Math.floor(hpa / d.granularity) % d.ways;
      if (d.targets[way] !== port.port) return false;
    } else {
      return false;
    }
    if (owner.kind === 'host-bridge') return windowSelects(core, owner.id, hpa);
    portId = owner.parent;
  }
  return false;
}

/** True when the window containing `hpa` sends it to host bridge `hbId`. */
function windowSelects(core: LabCore, hbId: string, hpa: number): boolean {
  const window = core.topology.windows.find((w) => hpa >= w.base && hpa < w.base + w.size);
  if (window === undefined) return false;
  const addr = window.arithmetic === 'xor' ? applyXorMaps(hpa, window.xormaps) : hpa;
  const way = Math.floor(addr / window.granularity) % window.ways;
  return window.targets[way] === hbId;
}

/** Every HPA that reaches `deviceId` at `dpa` (empty: the byte is unreachable; >1: aliased). */
export function hpasForDpa(core: LabCore, deviceId: string, dpa: number): { hpa: number; decoder: number }[] {
  const device = core.topology.byId.get(deviceId);
  if (device === undefined || device.kind !== 'type3') return [];
  const out: { hpa: number; decoder: number }[] = [];
  for (const d of core.decoders(deviceId)) {
    if (!d.committed || d.ways === null || d.granularity === null || d.size === 0) continue;
    const span = d.size / d.ways;
    if (dpa < d.dpaBase || dpa >= d.dpaBase + span) continue;
    const dpaOff = dpa - d.dpaBase;
    const unit = d.granularity;
    const chunk = Math.floor(dpaOff / unit);
    const low = dpaOff - chunk * unit;
    for (let p = 0; p < d.ways; p++) {
      const hpaOff = (chunk * d.ways + p) * unit + low;
      if (hpaOff >= d.size) continue;
      const hpa = d.base + hpaOff;
      if (routesTo(core, device, d.index, hpa)) out.push({ hpa, decoder: d.index });
    }
  }
  return out;
}
