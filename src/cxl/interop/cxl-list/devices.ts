/**
 * Import phase for endpoints and memdevs: each becomes a Type 3 device below the dport the listing
 * determines (`attachPoint`), or goes to the unplaced tray with the reason; anonymous memdevs too.
 */

import { HDM_ALIGNMENT } from '../../spec/hdm-constants.ts';
import type { Type3Spec } from '../../topology/model.ts';
import { hex } from '../../units.ts';
import type { RawEndpoint, RawMemdev } from './collect.ts';
import { type ImportContext, roomFor } from './context.ts';
import { attachPoint, notePlacement } from './ports.ts';
import { nameId, sizeField } from './values.ts';

function memdevOfEndpoint(ctx: ImportContext, ep: RawEndpoint): RawMemdev | null {
  return ep.memdev ?? (ep.host !== null ? (ctx.c.memdevs.get(ep.host) ?? null) : null);
}

/** A Type 3 device for a memdev (capacity, serial) with no parent yet. */
function type3Of(ctx: ImportContext, id: string, name: string, md: RawMemdev | null): Type3Spec {
  const t: Type3Spec = {
    kind: 'type3',
    id,
    parent: '',
    name,
    volatile: 0,
    persistent: 0,
    decoderCount: 4,
    serial: 0,
    decoders: [],
  };
  if (md === null) return t;
  const { findings } = ctx;
  const ram = sizeField(md.ram, `${md.name} ram_size`, findings, id) ?? 0;
  const pmem = sizeField(md.pmem, `${md.name} pmem_size`, findings, id) ?? 0;
  t.volatile = Math.max(0, Math.round(ram / HDM_ALIGNMENT) * HDM_ALIGNMENT);
  t.persistent = Math.max(0, Math.round(pmem / HDM_ALIGNMENT) * HDM_ALIGNMENT);
  if (t.volatile !== ram || t.persistent !== pmem) {
    findings.add('cxl-list.capacity', `${md.name}: capacity not in 256 MiB units; rounded`, id);
  }
  if (md.serial === null) findings.add('cxl-list.serial', `${md.name}: no serial listed; 0 used`, id);
  else if (md.serial >= 2 ** 52)
    findings.add('cxl-list.serial', `${md.name}: serial beyond 2^52; 0 used`, id);
  else t.serial = md.serial;
  return t;
}

/** Phase: endpoints, placed or in the tray, in memN order (the lab names memdevs in file order). */
export function buildEndpoints(ctx: ImportContext): void {
  const leftOut = new Set<string>();
  const usedIds = new Set<string>();
  for (const ep of ctx.c.endpoints.values()) {
    const md = memdevOfEndpoint(ctx, ep);
    const memName = md?.name ?? ep.host ?? null;
    const candidateId = memName !== null && /^mem\d{1,9}$/.test(memName) ? memName : `ep${ep.id}`;
    const id = usedIds.has(candidateId) ? `ep${ep.id}` : candidateId;
    const label = `${ep.name}${memName === null ? '' : ` (${memName})`}`;
    const at = attachPoint(ctx, ep, id);
    if (!at.ok && at.leftOut) {
      ctx.findings.add('cxl-list.parent-missing', `${label}: ${at.reason}; device left out`);
      if (memName !== null) leftOut.add(memName);
      continue;
    }
    if (!roomFor(ctx, 1)) return;
    usedIds.add(id);
    if (memName !== null) ctx.attached.add(memName);
    const t = type3Of(ctx, id, `${memName ?? '?'} (${ep.name}${md?.host == null ? '' : `, ${md.host}`})`, md);
    if (md === null) {
      ctx.findings.add(
        'cxl-list.memdev-missing',
        `${ep.name}: its memdev is not listed (list with -M); capacity sized to cover its decoders`,
        id,
      );
    }
    ctx.ownerComponent.set(ep.name, id);
    if (at.ok) {
      t.parent = at.dport;
      notePlacement(ctx, at, memName ?? ep.name, id);
      ctx.type3s.push({ t, ep, order: nameId(id, /^mem(\d+)$/) ?? 1e9 + ep.id });
    } else {
      ctx.unplaced.push({ device: t, reason: at.reason, endpoint: ep.name, candidates: at.candidates });
      ctx.findings.add(
        'cxl-list.unplaced',
        `${label}: ${at.reason}; in the unplaced tray (place it below its port; lspci -tv on the machine shows which)`,
        id,
      );
    }
  }
  ctx.type3s.sort((a, b) => a.order - b.order);
  anonymousMemdevs(ctx, leftOut, usedIds);
}

/** Memdevs with no endpoint (anonymous, or listed without -E): into the tray, capacity and serial kept. */
function anonymousMemdevs(ctx: ImportContext, leftOut: ReadonlySet<string>, usedIds: Set<string>): void {
  let k = 0;
  for (const md of ctx.c.memdevs.values()) {
    if (ctx.attached.has(md.name)) continue;
    const serial = md.serial === null ? '' : ` (serial ${hex(md.serial)})`;
    if (leftOut.has(md.name)) {
      ctx.findings.add(
        'cxl-list.memdev-unattached',
        `${md.name}${serial}: not below any listed port (an "anon memdev", or its endpoint is not listed); left out`,
      );
      continue;
    }
    if (!roomFor(ctx, 1)) return;
    let id = /^mem\d{1,9}$/.test(md.name) && !usedIds.has(md.name) ? md.name : `anon${k++}`;
    while (usedIds.has(id)) id = `anon${k++}`;
    usedIds.add(id);
    ctx.attached.add(md.name);
    const t = type3Of(ctx, id, `${md.name}${md.host === null ? '' : ` (${md.host})`}`, md);
    const reason =
      'no endpoint listed for it (an anonymous memdev: not enumerated below a CXL port, or listed without -E)';
    ctx.unplaced.push({ device: t, reason, endpoint: null, candidates: [] });
    ctx.findings.add('cxl-list.unplaced', `${md.name}${serial}: ${reason}; in the unplaced tray`, id);
  }
}

/** Phase: regions that name memdevs the listing does not place. */
export function noteIncompleteRegions(ctx: ImportContext): void {
  for (const r of ctx.c.regions.values()) {
    for (const m of r.mappings.slice(0, 16)) {
      if (!ctx.attached.has(m.memdev)) {
        ctx.findings.add(
          'cxl-list.region-member-missing',
          `${r.name}: position ${m.position} is ${m.memdev} (${m.decoder}), which is not listed below any port; the region stays incomplete`,
        );
      }
    }
  }
}
