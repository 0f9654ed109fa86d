/**
 * Import phases for the CXL roots, host bridges (UIDs), their root ports, and switches with their
 * downstream ports; and `attachPoint`, which decides the dport a port or endpoint sits below.
 */

import { COMPONENT_BLOCK_SIZE, DEFAULT_REG_BASE } from '../../spec/component-block.ts';
import type { HostBridgeSpec } from '../../topology/model.ts';
import type { RawEndpoint, RawPort } from './collect.ts';
import { type HostBridgeInfo, type ImportContext, roomFor } from './context.ts';
import { field, intOf, isObject, str } from './values.ts';

const PCI_HOST = /^pci[0-9a-f]{4}:([0-9a-f]{2})$/i;

/** Phase: which CXL roots the listing shows (every bus; else the owners of root decoders). */
export function chooseRoots(ctx: ImportContext): void {
  const { c } = ctx;
  ctx.buses = [...c.buses.values()].sort((a, b) => a.id - b.id);
  for (const b of ctx.buses) ctx.rootIds.add(b.id);
  const portIds = new Set<number>();
  for (const p of c.ports.values()) portIds.add(p.id);
  for (const e of c.endpoints.values()) portIds.add(e.id);
  const looksRoot = (o: { [k: string]: unknown }): boolean =>
    Object.hasOwn(o, 'max_available_extent') ||
    Object.hasOwn(o, 'pmem_capable') ||
    Object.hasOwn(o, 'volatile_capable');
  if (ctx.rootIds.size === 0) {
    for (const d of c.decoders.values()) {
      if (d.rootHint || (!portIds.has(d.owner) && looksRoot(d.o))) {
        ctx.rootIds.add(d.owner);
        break;
      }
    }
  }
  if (ctx.rootIds.size === 0) ctx.rootIds.add(0);
  ctx.rootDecoders = [...c.decoders.values()]
    .filter((d) => ctx.rootIds.has(d.owner) && !portIds.has(d.owner))
    .sort((a, b) => a.owner - b.owner || a.index - b.index);
  if (ctx.buses.length > 1) {
    ctx.findings.add(
      'cxl-list.buses',
      `${ctx.buses.length} CXL roots listed (${ctx.buses
        .slice(0, 4)
        .map((b) => b.name)
        .join(
          ', ',
        )}${ctx.buses.length > 4 ? ', …' : ''}); the lab has one CXL host, so their host bridges and windows are imported side by side`,
    );
  }
}

function isHostBridgePort(p: RawPort): boolean {
  if (p.nestedIn !== null && /^root\d{1,9}$/.test(p.nestedIn)) return true;
  if (p.depth === 1) return true;
  return p.nestedIn === null && p.depth === null && p.parentDport === null && PCI_HOST.test(p.host ?? '');
}

/** Listed UIDs: each bus dport and root decoder target, by its PCI name and its ACPI alias. */
function listedUids(ctx: ImportContext): Map<string, { uid: number; other: string | null }> {
  const out = new Map<string, { uid: number; other: string | null }>();
  const add = (name: string | null, other: string | null, uid: number | null): void => {
    if (name !== null && uid !== null && !out.has(name)) out.set(name, { uid, other });
  };
  for (const b of ctx.buses) {
    for (const d of b.dports ?? []) {
      add(d.dport, d.alias, d.id);
      add(d.alias, d.dport, d.id);
    }
  }
  for (const rd of ctx.rootDecoders) {
    const targets = field(rd.o, 'targets');
    if (!Array.isArray(targets)) continue;
    for (const t of targets) {
      if (!isObject(t)) continue;
      const target = str(field(t, 'target'));
      const alias = str(field(t, 'alias'));
      add(target, alias, intOf(field(t, 'id')));
      add(alias, target, intOf(field(t, 'id')));
    }
  }
  return out;
}

/** Phase: host-bridge ports and their UIDs (listed; else the PCI bus number, as QEMU numbers them). */
export function findHostBridges(ctx: ImportContext): void {
  const all = [...ctx.c.ports.values()];
  const hbPorts = all.filter((p) => isHostBridgePort(p));
  ctx.switchPorts = all.filter((p) => !isHostBridgePort(p));
  const uids = listedUids(ctx);
  const used = new Set<number>();
  let nextFree = 0;
  const infos: HostBridgeInfo[] = [];
  for (const p of hbPorts) {
    const listed = p.host === null ? undefined : uids.get(p.host);
    let uid = listed?.uid ?? null;
    const alias = listed?.other ?? null;
    if (uid === null) {
      const m = PCI_HOST.exec(p.host ?? '');
      if (m !== null) {
        uid = Number.parseInt(m[1] ?? '0', 16);
        ctx.findings.add(
          'cxl-list.uid-assumed',
          `${p.name} (${p.host}): its UID is not listed (list with -B -T); UID ${uid} = its PCI bus number assumed, as QEMU does`,
        );
      }
    }
    if (uid === null || used.has(uid) || uid > 0xffffffff) {
      while (used.has(nextFree)) nextFree++;
      ctx.findings.add(
        'cxl-list.uid-unknown',
        `${p.name}: UID unknown; ${nextFree} used (no window can name it)`,
      );
      uid = nextFree;
    }
    used.add(uid);
    infos.push({ port: p, uid, alias });
  }
  ctx.hostBridges = infos.sort((a, b) => a.uid - b.uid);
}

/** The dports of a port: listed (-T), else inferred from children's `parent_dport`. */
function dportsOfPort(
  ctx: ImportContext,
  p: RawPort,
  ownerId: string,
): { dport: string; id: number | null }[] {
  if (p.dports !== null) return p.dports;
  if (ctx.childDports === null) {
    // Once for every port: nesting owner → the parent_dport names its children list.
    const byParent = new Map<string, Set<string>>();
    for (const x of [...ctx.c.ports.values(), ...ctx.c.endpoints.values()]) {
      if (x.parentDport === null || x.nestedIn === null) continue;
      const set = byParent.get(x.nestedIn) ?? new Set<string>();
      set.add(x.parentDport);
      byParent.set(x.nestedIn, set);
    }
    ctx.childDports = byParent;
  }
  const names = ctx.childDports.get(p.name) ?? new Set<string>();
  const listed = [...names].sort().map((dport) => ({ dport, id: null }));
  if (listed.length > 0) {
    ctx.findings.add(
      'cxl-list.port-numbers',
      `${p.name}: dports not listed (list with -T); ${listed.length} inferred from the devices below, port numbers assigned in PCI order`,
      ownerId,
    );
  }
  return listed;
}

/** Adds the root ports (or downstream ports) of one host bridge (or switch). */
function addDports(
  ctx: ImportContext,
  p: RawPort,
  ownerId: string,
  kind: 'root-port' | 'downstream-port',
  prefix: string,
): void {
  const numbers = new Map<number, string>();
  const listed = dportsOfPort(ctx, p, ownerId);
  if (!roomFor(ctx, listed.length)) return;
  const used = new Set<number>();
  for (const d of listed) if (d.id !== null && d.id <= 255) used.add(d.id);
  let free = 0;
  for (const d of listed) {
    let n = d.id;
    if (n === null || n > 255 || numbers.has(n)) {
      while (used.has(free) || numbers.has(free)) free++;
      if (d.id !== null) {
        ctx.findings.add(
          'cxl-list.port-number',
          `${p.name}: dport ${d.dport} id ${d.id} is not a usable port number; ${free} used`,
          ownerId,
        );
      }
      n = free;
    }
    if (ctx.dportComponent.has(d.dport)) {
      ctx.findings.add(
        'cxl-list.dport-repeated',
        `${p.name}: dport ${d.dport} is already listed under another port; this one is left out`,
        ownerId,
      );
      continue;
    }
    const id = `${prefix}.${n}`;
    numbers.set(n, id);
    ctx.dportComponent.set(d.dport, { id, owner: ownerId, port: n });
    ctx.dportNames.set(id, d.dport);
    ctx.components.push({ kind, id, parent: ownerId, port: n, name: d.dport });
  }
  ctx.ownerDports.set(ownerId, numbers);
}

/** Phase: host-bridge components (UID order) with their root ports. */
export function buildHostBridges(ctx: ImportContext): void {
  if (!roomFor(ctx, ctx.hostBridges.length)) return;
  ctx.hostBridges.forEach((h, k) => {
    const id = `hb${k}`;
    const spec: HostBridgeSpec = {
      kind: 'host-bridge',
      id,
      name: `${h.port.name} (${h.port.host ?? '?'}${h.alias === null ? '' : `, ${h.alias}`}, UID ${h.uid})`,
      uid: h.uid,
      decoderCount: 4,
      componentRegBase: DEFAULT_REG_BASE + k * COMPONENT_BLOCK_SIZE,
      decoders: [],
    };
    ctx.components.push(spec);
    ctx.ownerComponent.set(h.port.name, id);
    addDports(ctx, h.port, id, 'root-port', `rp${k}`);
  });
}

export type AttachPoint =
  | { ok: true; dport: string; evidence: string | null }
  | { ok: false; leftOut: boolean; reason: string; candidates: string[] };

/**
 * Where a port or endpoint attaches: its listed `parent_dport`; else (ndctl ≤ v76) the single dport
 * of the port it is listed under; else the dport its region positions name. Never a guess.
 */
export function attachPoint(ctx: ImportContext, x: RawPort | RawEndpoint, label: string): AttachPoint {
  if (x.parentDport !== null) {
    const d = ctx.dportComponent.get(x.parentDport);
    if (d === undefined)
      return {
        ok: false,
        leftOut: true,
        reason: `its parent dport ${x.parentDport} is not listed`,
        candidates: [],
      };
    return free(ctx, d.id, label, null);
  }
  const parent = ctx.placementIndex.parentPort(x);
  const owner = parent === null ? undefined : ctx.ownerComponent.get(parent.name);
  const numbers = owner === undefined ? undefined : ctx.ownerDports.get(owner);
  const candidates = [...(numbers?.values() ?? [])];
  if (parent === null || owner === undefined) {
    const why = parent === null ? 'it is not listed below any port' : `${parent.name} is not placed`;
    return { ok: false, leftOut: false, reason: `no parent_dport listed and ${why}`, candidates };
  }
  if (candidates.length === 1) {
    return free(ctx, candidates[0] as string, label, `${parent.name} has a single dport`);
  }
  const verdict = ctx.placements.get(x.name);
  if (verdict !== undefined && 'dport' in verdict) {
    const d = ctx.dportComponent.get(verdict.dport);
    if (d !== undefined && d.owner === owner) return free(ctx, d.id, label, verdict.evidence);
    return {
      ok: false,
      leftOut: false,
      reason: `${verdict.evidence} names ${verdict.dport}, which is not a dport of ${parent.name}`,
      candidates,
    };
  }
  const why =
    verdict !== undefined && 'conflict' in verdict
      ? verdict.conflict
      : candidates.length === 0
        ? `the dports of ${parent.name} are not listed (list with -T)`
        : `${parent.name} has ${candidates.length} dports and no committed region decoder names the one it uses`;
  return { ok: false, leftOut: false, reason: `no parent_dport listed; ${why}`, candidates };
}

function free(ctx: ImportContext, dportId: string, label: string, evidence: string | null): AttachPoint {
  const holder = ctx.occupied.get(dportId);
  const name = ctx.dportNames.get(dportId) ?? dportId;
  if (holder !== undefined) {
    const why = evidence ?? 'its listed parent_dport';
    return {
      ok: false,
      leftOut: false,
      reason: `${why} puts it below ${name}, which already holds ${holder}`,
      candidates: [],
    };
  }
  ctx.occupied.set(dportId, label);
  return {
    ok: true,
    dport: dportId,
    evidence: evidence === null ? null : `placed below ${name}: ${evidence}`,
  };
}

/** A note for an inferred placement (a listed parent_dport needs none). */
export function notePlacement(
  ctx: ImportContext,
  at: { evidence: string | null },
  what: string,
  component: string,
): void {
  if (at.evidence !== null) ctx.findings.add('cxl-list.placed', `${what} ${at.evidence}`, component);
}

/** Phase: switches, top-down (a switch needs its parent dport placed first). */
export function buildSwitches(ctx: ImportContext): void {
  let pending = ctx.switchPorts;
  let count = 0;
  const reasons = new Map<string, string>();
  for (let pass = 0; pass < 64 && pending.length > 0; pass++) {
    const next: RawPort[] = [];
    for (const p of pending) {
      const label = `sw${count}`;
      const at = attachPoint(ctx, p, label);
      if (!at.ok) {
        reasons.set(p.name, at.reason);
        next.push(p);
        continue;
      }
      if (!roomFor(ctx, 1)) return;
      const id = `sw${count++}`;
      ctx.components.push({
        kind: 'switch',
        id,
        parent: at.dport,
        name: `${p.name} (${p.host ?? '?'})`,
        decoderCount: 4,
        decoders: [],
      });
      ctx.ownerComponent.set(p.name, id);
      notePlacement(ctx, at, p.name, id);
      addDports(ctx, p, id, 'downstream-port', `dsp${count - 1}`);
    }
    if (next.length === pending.length) {
      pending = next;
      break;
    }
    pending = next;
  }
  for (const p of pending) {
    const why = reasons.get(p.name) ?? 'not placed';
    ctx.findings.add(
      'cxl-list.parent-missing',
      `${p.name} (${p.host ?? '?'}): ${why}; switch left out (the devices below it are reported one by one)`,
    );
  }
}
