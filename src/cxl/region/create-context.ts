/**
 * The shared context of `createRegion`'s phases (`create.ts`, `create-attach.ts`, `create-plan.ts`):
 * what each phase reads and what it hands to the next, plus the window helpers several modules use.
 */
import type { Topology, Type3Spec, WindowSpec } from '../topology/model.ts';
import type { AssemblyMember, PortRef } from './assemble.ts';
import type { DeviceDpa, RegionMode } from './dpa.ts';
import type { HpaRange } from './hpa.ts';
import type { LinuxNames } from './names.ts';
import type { HdmCaps } from './registers.ts';
import type { RegionInfo } from './registry.ts';
import type { RegionLab, RegionRefusal, RegionRequest } from './types.ts';

export type Refused = { ok: false; error: RegionRefusal };

/** What every phase may read: the lab, the request, Linux names, and the regions already present. */
export interface CreateContext {
  readonly lab: RegionLab;
  readonly request: RegionRequest;
  readonly topology: Topology;
  readonly names: LinuxNames;
  /** Regions using each component (their decoders, or the passthrough decoder on their path). */
  readonly usage: ReadonlyMap<string, RegionInfo[]>;
}

/** The root decoder and memdevs the request names (cxl-cli's object lookup). */
export interface RegionObjects {
  window: WindowSpec;
  windowIndex: number;
  rootDecoder: string;
  /** Member component ids in position order. */
  memberIds: string[];
}

/** Objects plus the ways and mode cxl-cli settles on. */
export interface RegionChoice extends RegionObjects {
  ways: number;
  mode: RegionMode;
}

/** Everything about the region before members attach: its name, size, granularity and HPA range. */
export interface RegionShape extends RegionChoice {
  region: string;
  size: number;
  granularity: number;
  base: number;
}

/** One memdev's endpoint view while members attach (a memdev may be named twice: refused later). */
export interface MemberState {
  spec: Type3Spec;
  caps: HdmCaps;
  dpa: DeviceDpa;
  /** Endpoint decoders this plan already took. */
  taken: Set<number>;
}

export interface PlannedMember extends AssemblyMember {
  hostBridge: string;
  decoderIndex: number;
  dpaStart: number;
  dpaSize: number;
  skip: number;
}

/** The members attached (position order) and the region reference of every port on their paths. */
export interface Attached {
  members: PlannedMember[];
  refs: Map<string, PortRef>;
}

/** The HPA ranges of the window already decoded by committed decoders (any level). */
export function usedRanges(lab: RegionLab, window: WindowSpec): HpaRange[] {
  const out: HpaRange[] = [];
  const end = window.base + window.size;
  for (const c of lab.topology.spec.components) {
    if (c.kind !== 'host-bridge' && c.kind !== 'switch' && c.kind !== 'type3') continue;
    for (const d of lab.decoders(c.id)) {
      if (d.committed && d.size > 0 && d.base < end && d.base + d.size > window.base) {
        out.push({ base: d.base, size: d.size });
      }
    }
  }
  return out;
}

/**
 * A window's root decoder granularity as Linux reports it: 256 for a 1-way window
 * (Linux drivers/cxl/acpi.c __cxl_parse_cfmws).
 */
export function rootGranularity(window: WindowSpec): number {
  return window.ways === 1 ? 256 : window.granularity;
}

/** What a window allows, as Linux reads the CFMWS restrictions. */
export function windowCaps(window: WindowSpec): { ram: boolean; pmem: boolean; type3: boolean } {
  return {
    ram: window.restrictions.includes('volatile'),
    pmem: window.restrictions.includes('persistent'),
    type3: window.restrictions.includes('type3'),
  };
}
