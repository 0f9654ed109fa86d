/**
 * CXL 1.1 restricted hosts (RCH) and devices (RCD): which components they are and the structure
 * rules for them (CXL r3.0 §9.11.2 CXL 1.1 hierarchy; RCRB CXL 2.0 §8.2.1.1–§8.2.1.2; DVSEC ranges §8.1.3.8).
 */
import type { CxlError } from '../result.ts';
import { DVSEC_MAX_RANGES } from '../spec/dvsec-range.ts';
import { formatBytes, hex, isAligned } from '../units.ts';
import type { ComponentSpec, HostBridgeSpec, Topology, Type3Spec } from './model.ts';

const SPEC_RCH =
  'CXL r3.0 §9.11.2 (system firmware view of a CXL 1.1 hierarchy: one RCD directly below the RCH downstream port)';
const SPEC_RCRB = 'CXL 2.0 §8.2.1.1–§8.2.1.2 (8 KiB RCRB); CXL r3.1 §9.18.1.2 (CHBS)';
const SPEC_DVSEC = 'CXL 2.0 §8.1.3.8 (DVSEC CXL Range 1/2 Size and Base, 256 MiB units)';

/** True for a restricted (CXL 1.1) host bridge. */
export function isRch(c: ComponentSpec | undefined): boolean {
  return c !== undefined && c.kind === 'host-bridge' && c.restricted === true;
}

/** True for a Type 3 device whose parent is a restricted host bridge. */
export function isRcd(c: ComponentSpec | undefined, byId: ReadonlyMap<string, ComponentSpec>): boolean {
  return c !== undefined && c.kind === 'type3' && isRch(byId.get(c.parent));
}

/** Alignment (log2) the CHBS Base needs: the 8 KiB RCRB (RCH) or the 64 KiB CHBCR. */
export function regBaseAlignBits(hb: HostBridgeSpec): number {
  return hb.restricted === true ? 13 : 16;
}

/** The device directly below an RCH (its only child), or undefined. */
export function rcdBelow(topology: Topology, rchId: string): Type3Spec | undefined {
  const id = (topology.children.get(rchId) ?? [])[0];
  const c = id === undefined ? undefined : topology.byId.get(id);
  return c !== undefined && c.kind === 'type3' ? c : undefined;
}

function issue(code: string, component: string, field: string, message: string, spec: string): CxlError {
  return { code, message: `${component}.${field}: ${message}`, component, field, spec };
}

/**
 * Structure rules for restricted hosts and devices, checked after the per-component pass. Children
 * are by parent id (as `validateTopology` collected them).
 */
export function restrictedIssues(
  byId: ReadonlyMap<string, ComponentSpec>,
  childrenOf: ReadonlyMap<string, readonly string[]>,
): CxlError[] {
  const out: CxlError[] = [];
  for (const c of byId.values()) {
    if (c.kind === 'host-bridge' && isRch(c)) out.push(...rchIssues(c, childrenOf.get(c.id) ?? [], byId));
    else if (c.kind === 'type3') out.push(...deviceIssues(c, byId));
  }
  return out;
}

function rchIssues(
  hb: HostBridgeSpec,
  kids: readonly string[],
  byId: ReadonlyMap<string, ComponentSpec>,
): CxlError[] {
  const out: CxlError[] = [];
  if (hb.decoderCount !== 0)
    out.push(
      issue(
        'rch.decoders',
        hb.id,
        'decoderCount',
        `a CXL 1.1 restricted host bridge has no HDM decoders (decoderCount 0), not ${hb.decoderCount}`,
        SPEC_RCH,
      ),
    );
  if (Number.isSafeInteger(hb.componentRegBase) && !isAligned(hb.componentRegBase, 13))
    out.push(
      issue(
        'rch.rcrb-unaligned',
        hb.id,
        'componentRegBase',
        `RCRB ${hex(hb.componentRegBase)} is not 8 KiB aligned`,
        SPEC_RCRB,
      ),
    );
  for (const kid of kids) {
    const k = byId.get(kid);
    if (k !== undefined && k.kind !== 'type3')
      out.push(
        issue(
          'rch.child-kind',
          kid,
          'parent',
          `a restricted host bridge (${hb.id}) has no root ports; only one Type 3 device (RCD) sits directly below it`,
          SPEC_RCH,
        ),
      );
  }
  for (const kid of kids.slice(1))
    out.push(
      issue(
        'rch.one-device',
        kid,
        'parent',
        `${hb.id} already has ${kids[0]} below it (one RCD per RCH)`,
        SPEC_RCH,
      ),
    );
  return out;
}

function deviceIssues(dev: Type3Spec, byId: ReadonlyMap<string, ComponentSpec>): CxlError[] {
  const parent = byId.get(dev.parent);
  const out: CxlError[] = [];
  if (parent !== undefined && parent.kind === 'host-bridge' && !isRch(parent)) {
    out.push(
      issue(
        'parent.wrong-kind',
        dev.id,
        'parent',
        `a Type 3 device sits directly below a host bridge only when the host bridge is a CXL 1.1 restricted host; "${parent.id}" is CXL 2.0+ (attach it to a root port)`,
        SPEC_RCH,
      ),
    );
    return out;
  }
  if (!isRch(parent)) {
    if (dev.dvsec !== undefined)
      out.push(
        issue(
          'rcd.dvsec-not-rcd',
          dev.id,
          'dvsec',
          'DVSEC ranges are modeled only for a restricted device directly below a CXL 1.1 host bridge',
          SPEC_DVSEC,
        ),
      );
    return out;
  }
  if (dev.decoderCount !== 0)
    out.push(
      issue(
        'rcd.decoders',
        dev.id,
        'decoderCount',
        `the lab models an RCD without HDM decoders (decoderCount 0; Linux emulates decoders from its DVSEC ranges), not ${dev.decoderCount}`,
        SPEC_DVSEC,
      ),
    );
  if (dev.dvsec === undefined) {
    out.push(
      issue(
        'rcd.dvsec-missing',
        dev.id,
        'dvsec',
        'a restricted device needs its DVSEC Mem_Enable and ranges',
        SPEC_DVSEC,
      ),
    );
    return out;
  }
  out.push(...rangeIssues(dev));
  return out;
}

function rangeIssues(dev: Type3Spec): CxlError[] {
  const out: CxlError[] = [];
  const ranges = dev.dvsec?.ranges ?? [];
  if (ranges.length > DVSEC_MAX_RANGES)
    out.push(
      issue(
        'rcd.dvsec-ranges',
        dev.id,
        'dvsec.ranges',
        `${ranges.length} ranges; HDM_Count allows 1 or 2`,
        SPEC_DVSEC,
      ),
    );
  let total = 0;
  ranges.forEach((r, i) => {
    const field = `dvsec.ranges[${i}]`;
    const ok = Number.isSafeInteger(r.base) && Number.isSafeInteger(r.size) && r.base >= 0 && r.size >= 0;
    if (!ok || !isAligned(r.base, 28) || !isAligned(r.size, 28)) {
      out.push(
        issue(
          'rcd.dvsec-unaligned',
          dev.id,
          field,
          `base ${String(r.base)} and size ${String(r.size)} must be multiples of 256 MiB`,
          SPEC_DVSEC,
        ),
      );
      return;
    }
    total += r.size;
    for (let j = 0; j < i; j++) {
      const o = ranges[j];
      if (o !== undefined && r.size > 0 && o.size > 0 && r.base < o.base + o.size && o.base < r.base + r.size)
        out.push(issue('rcd.dvsec-overlap', dev.id, field, `overlaps Range ${j + 1}`, SPEC_DVSEC));
    }
  });
  const capacity = dev.volatile + dev.persistent;
  if (total > capacity)
    out.push(
      issue(
        'rcd.dvsec-capacity',
        dev.id,
        'dvsec.ranges',
        `ranges total ${formatBytes(total)}, more than the device's ${formatBytes(capacity)}`,
        SPEC_DVSEC,
      ),
    );
  return out;
}

/** The RCH a device hangs directly below (it is then an RCD), or undefined. */
export function rchAbove(topology: Topology, deviceId: string): string | undefined {
  const c = topology.byId.get(deviceId);
  if (c === undefined || c.kind !== 'type3') return undefined;
  return isRch(topology.byId.get(c.parent)) ? c.parent : undefined;
}
