/**
 * MLD Component commands (CXL 2.0 §7.6.7.4; layouts CXL r3.2 Tables 7-44 to 7-49), processed by the
 * MLD behind a switch port (reached by tunnelling, `tunnel.ts`): Get LD Info, Get LD Allocations and
 * Set LD Allocations. Allocations are multiples of the device's memory granularity (256 MiB, 512 MiB or
 * 1 GiB) within its capacity. The lab lays LDs out in LD-ID order (fabric/validate.ts mediaSlices), so
 * Set LD Allocations is refused with Invalid Input when it would change a bound LD's allocation, or
 * move a bound LD's bytes by resizing an LD before it: the FM sets an LD's allocation before binding
 * it (CXL r3.2 §7.2.3.2), and a bound host's memory must not change under it.
 */
import { ldKey } from '../fabric/ids.ts';
import type { FabricDeviceSpec, FabricSwitchSpec, MultiHostSpec } from '../fabric/model.ts';
import { mediaSlices, validateFabric } from '../fabric/validate.ts';
import * as F from '../spec/fm-api.ts';
import {
  decodeLdAllocRequest,
  decodeSetLdAllocations,
  encodeLdAllocations,
  encodeLdInfo,
  encodeSetLdAllocations,
  type LdAllocation,
} from '../spec/fm-mld-payloads.ts';
import { RC } from '../spec/mailbox.ts';
import { formatBytes } from '../units.ts';
import { boundAt } from './binding.ts';
import { cloneSpec, type FmState, findSwitch } from './state.ts';
import { deviceOnPort } from './switch-info.ts';
import { type FmOutcome, type FmTarget, fmOutcome } from './types.ts';

/** The MLD a tunnelled command reached, or the outcome saying it reached none. */
function mldOf(
  state: FmState,
  target: FmTarget,
): { sw: FabricSwitchSpec; dev: FabricDeviceSpec } | FmOutcome {
  const sw = findSwitch(state.spec.fabric, target.switch);
  const dev = target.kind === 'mld' ? deviceOnPort(state.spec.fabric, target.switch, target.port) : undefined;
  if (sw === undefined || dev?.kind !== 'mld')
    return fmOutcome(state, RC.unsupported, 'MLD Component commands are processed by an MLD only');
  return { sw, dev };
}

function granularityCode(dev: FabricDeviceSpec): number {
  return F.MEMORY_GRANULARITY.indexOf(dev.granularity);
}

function allocationOf(dev: FabricDeviceSpec, ld: number): LdAllocation {
  const l = dev.lds.find((x) => x.ld === ld);
  const g = BigInt(dev.granularity);
  return l === undefined
    ? { range1: 0n, range2: 0n }
    : { range1: BigInt(l.range1) / g, range2: BigInt(l.range2) / g };
}

export function runGetLdInfo(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome {
  const m = mldOf(state, target);
  if ('rc' in m) return m;
  if (input.length !== 0)
    return fmOutcome(state, RC.invalidPayloadLength, `Get LD Info takes no input, got ${input.length} bytes`);
  const out = encodeLdInfo({ memorySize: BigInt(m.dev.capacity), ldCount: m.dev.lds.length, qosCaps: 0 });
  return fmOutcome(
    state,
    RC.success,
    `${m.dev.id}: ${formatBytes(m.dev.capacity)}, ${m.dev.lds.length} LDs`,
    out,
  );
}

/** Get LD Allocations: entries from Start LD ID, at most the limit (none past the last LD). */
export function runGetLdAllocations(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome {
  const m = mldOf(state, target);
  if ('rc' in m) return m;
  if (input.length !== F.LD_ALLOC_GET_IN_SIZE)
    return fmOutcome(
      state,
      RC.invalidPayloadLength,
      `Get LD Allocations takes 2 bytes of input, got ${input.length}`,
    );
  const req = decodeLdAllocRequest(input);
  if (!req.ok) return fmOutcome(state, RC.invalidPayloadLength, req.error.message);
  const { startLdId, listLimit } = req.value;
  const count = Math.max(0, Math.min(listLimit, m.dev.lds.length - startLdId));
  const list = Array.from({ length: count }, (_, i) => allocationOf(m.dev, startLdId + i));
  const out = encodeLdAllocations({
    ldCount: m.dev.lds.length,
    granularity: granularityCode(m.dev),
    startLdId,
    list,
  });
  return fmOutcome(
    state,
    RC.success,
    `${m.dev.id}: ${count} of ${m.dev.lds.length} LDs from LD ${startLdId}`,
    out,
  );
}

/** The spec with LDs `start…` of `dev` given `list`'s allocations, or why the device refuses it. */
function reallocate(
  spec: MultiHostSpec,
  dev: FabricDeviceSpec,
  start: number,
  list: readonly LdAllocation[],
) {
  const next = cloneSpec(spec);
  const d = next.fabric.devices.find((x) => x.id === dev.id);
  if (d === undefined) return { error: `no device ${dev.id}` };
  const g = BigInt(dev.granularity);
  for (const [i, a] of list.entries()) {
    const ld = d.lds.find((l) => l.ld === start + i);
    if (ld === undefined)
      return { error: `LD ${start + i} does not exist on ${dev.id} (${dev.lds.length} LDs)` };
    const [r1, r2] = [a.range1 * g, a.range2 * g];
    if (r1 + r2 > BigInt(dev.capacity))
      return {
        error: `LD ${start + i}: ${a.range1} + ${a.range2} × ${formatBytes(dev.granularity)} exceeds the device's ${formatBytes(dev.capacity)}`,
      };
    ld.range1 = Number(r1);
    ld.range2 = Number(r2);
  }
  const total = d.lds.reduce((s, l) => s + l.range1 + l.range2, 0);
  if (total > dev.capacity)
    return {
      error: `LD allocations would total ${formatBytes(total)}, over ${dev.id}'s ${formatBytes(dev.capacity)}`,
    };
  return { spec: next, device: d };
}

/** A bound LD (or one a pending bind targets) whose bytes the new layout would resize or move. */
function movedBoundLd(
  state: FmState,
  sw: FabricSwitchSpec,
  before: FabricDeviceSpec,
  after: FabricDeviceSpec,
): string | null {
  const port = before.attach?.port ?? -1;
  const old = mediaSlices(new Map([[before.id, before]]));
  const now = mediaSlices(new Map([[after.id, after]]));
  for (const ld of before.lds) {
    const at = boundAt(sw, port, ld.ld);
    const p = state.pending;
    const pendingHere =
      p !== null &&
      p.switch === sw.id &&
      p.binding.state === 'ld' &&
      p.binding.port === port &&
      p.binding.ld === ld.ld;
    if (at === null && !pendingHere) continue;
    const [a, b] = [old.get(ldKey(before.id, ld.ld)), now.get(ldKey(before.id, ld.ld))];
    const now2 = after.lds.find((l) => l.ld === ld.ld);
    const same = now2?.range1 === ld.range1 && now2?.range2 === ld.range2;
    if (same && a?.base === b?.base && a?.size === b?.size) continue;
    const where = at === null ? 'is being bound' : `is bound to VCS ${at.vcs} vPPB ${at.vppb}`;
    return `LD ${ld.ld} of ${before.id} ${where}: allocations cannot change or move a bound LD's memory (unbind it first)`;
  }
  return null;
}

export function runSetLdAllocations(state: FmState, input: Uint8Array, target: FmTarget): FmOutcome {
  const m = mldOf(state, target);
  if ('rc' in m) return m;
  const req = decodeSetLdAllocations(input, 'Set LD Allocations request');
  if (!req.ok) return fmOutcome(state, RC.invalidPayloadLength, req.error.message);
  const { startLdId, list } = req.value;
  const need = F.LD_ALLOC_SET.list + list.length * F.LD_ALLOC_ENTRY.size;
  if (input.length !== need)
    return fmOutcome(
      state,
      RC.invalidPayloadLength,
      `Number of LDs ${list.length} takes ${need} bytes, got ${input.length}`,
    );
  if (list.length === 0) return fmOutcome(state, RC.invalidInput, 'Number of LDs must be at least 1');
  const r = reallocate(state.spec, m.dev, startLdId, list);
  if ('error' in r) return fmOutcome(state, RC.invalidInput, r.error ?? '');
  const moved = movedBoundLd(state, m.sw, m.dev, r.device);
  if (moved !== null) return fmOutcome(state, RC.invalidInput, moved);
  const valid = validateFabric(r.spec);
  if (!valid.ok) return fmOutcome(state, RC.invalidInput, valid.error.map((e) => e.message).join('; '));
  const after = list.map((_, i) => allocationOf(r.device, startLdId + i));
  const out = encodeSetLdAllocations({ startLdId, list: after });
  const last = startLdId + list.length - 1;
  return fmOutcome(
    { ...state, spec: r.spec },
    RC.success,
    `${m.dev.id}: LDs ${startLdId}–${last} allocated`,
    out,
  );
}
