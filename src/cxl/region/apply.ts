/**
 * Carrying out region plans through the lab's MMIO, and tearing regions down, as Linux does.
 *
 * `applyPlan` (create): decoder by decoder in commit order, the plan's writes; after each decoder's
 * Control write the decoder must report Committed. Error Not Committed → Linux clears Commit
 * (`cxld_await_commit`) and returns -EIO; neither bit → -ETIMEDOUT (the lab answers instantly, so
 * this means the lab refused silently). Then, like `cxl_region_decode_commit`, the rollback: the
 * failing member's decoders from the failing port down (top-down), its endpoint decoder, then every
 * earlier member in reverse position order, host bridge and switches top-down, endpoint last. Only
 * decoders this apply committed are reset (Linux resets only enabled decoders).
 *
 * `planDestroyRegion` / `destroyRegion` (`cxl_region_decode_reset`): members in reverse position
 * order; for each, host bridge and switch decoders top-down, then the endpoint decoder; shared
 * decoders once; passthrough decoders have nothing to reset. Only a port's highest committed decoder
 * may be reset ("out of order reset", -EBUSY): the lab checks the whole sequence first and refuses
 * before writing anything, where Linux would already have reset the decoders before the offending one.
 */
import { ok, type Result } from '../result.ts';
import { linuxNames } from './names.ts';
import { refuse, SPEC_LINUX_HDM } from './refusal.ts';
import { clearCommitWrite, resetWrites } from './registers.ts';
import { forgetRegion, listRegions, type RegionInfo, recordRegion } from './registry.ts';
import type { MmioWrite, PlannedDecoder, RegionLab, RegionPlan, RegionRefusal } from './types.ts';

export interface AppliedPlan {
  plan: RegionPlan;
  /** The region's name in the lab's registry after the apply. */
  region: string;
  /** Every write performed, in order. */
  writes: MmioWrite[];
}

/** A failed apply: the refusal, plus every write performed (including the rollback). */
export interface ApplyFailure extends RegionRefusal {
  writes: MmioWrite[];
  /** Decoders reset by the rollback, in order. */
  rolledBack: string[];
}

function failure(
  r: { ok: false; error: RegionRefusal },
  writes: MmioWrite[],
  rolledBack: string[],
): { ok: false; error: ApplyFailure } {
  return { ok: false, error: { ...r.error, writes, rolledBack } };
}

function ref(d: PlannedDecoder): { component: string; decoder: string; index: number } {
  return { component: d.component, decoder: d.name, index: d.index };
}

function perform(lab: RegionLab, w: MmioWrite): boolean {
  return lab.mmioWrite32(w.component, w.offset, w.value).ok;
}

function stateOf(lab: RegionLab, d: { component: string; index: number }) {
  return lab.decoders(d.component)[d.index];
}

/** Performs a plan's writes through `lab.mmioWrite32`, verifying every decoder (see the file DOC). */
export function applyPlan(lab: RegionLab, plan: RegionPlan): Result<AppliedPlan, ApplyFailure> {
  if (lab.version !== plan.labVersion) {
    return failure(
      refuse(
        'plan-stale',
        '-EBUSY',
        plan.region,
        `the lab changed since this plan was made (version ${plan.labVersion} → ${lab.version}); plan again`,
        '(lab check: registers changed under the plan)',
        { step: 'applyPlan' },
      ),
      [],
      [],
    );
  }
  return plan.kind === 'create' ? applyCreate(lab, plan) : applyDestroy(lab, plan);
}

function writesByDecoder(plan: RegionPlan): Map<string, MmioWrite[]> {
  const out = new Map<string, MmioWrite[]>();
  for (const w of plan.writes) {
    const list = out.get(w.decoder) ?? [];
    list.push(w);
    out.set(w.decoder, list);
  }
  return out;
}

function applyCreate(lab: RegionLab, plan: RegionPlan): Result<AppliedPlan, ApplyFailure> {
  const byName = new Map(plan.decoders.map((d) => [d.name, d]));
  const writes = writesByDecoder(plan);
  const done: MmioWrite[] = [];
  const enabled = new Set<string>();
  for (let t = 0; t < plan.targets.length; t++) {
    const path = plan.targets[t]?.path ?? [];
    for (let j = 0; j < path.length; j++) {
      const d = byName.get(path[j] ?? '');
      if (d === undefined || d.passthrough || enabled.has(d.name)) continue;
      let writeFailed = false;
      for (const w of writes.get(d.name) ?? []) {
        if (!perform(lab, w)) {
          writeFailed = true;
          break;
        }
        done.push(w);
      }
      const state = stateOf(lab, d);
      if (!writeFailed && state?.committed === true) {
        enabled.add(d.name);
        continue;
      }
      // Commit failed at path[j] of target t.
      let errno: '-EIO' | '-ETIMEDOUT' = '-ETIMEDOUT';
      let why = 'the decoder reports neither Committed nor Error Not Committed';
      if (writeFailed) {
        errno = '-EIO';
        why = 'an MMIO write was rejected';
      } else if (state?.errorNotCommitted === true) {
        errno = '-EIO';
        why = `Error Not Committed${state.errorReason !== undefined ? `: ${state.errorReason}` : ''}`;
        const clear = clearCommitWrite(lab, ref(d));
        if (clear !== null && perform(lab, clear)) done.push(clear);
      }
      const rolledBack: string[] = [];
      const reset = (name: string | undefined): void => {
        const r = byName.get(name ?? '');
        if (r === undefined || !enabled.has(r.name)) return;
        for (const w of resetWrites(lab, ref(r)) ?? []) if (perform(lab, w)) done.push(w);
        enabled.delete(r.name);
        rolledBack.push(r.name);
      };
      // The failing member: from the failing port down to the last switch, then its endpoint.
      for (let k = j; k >= 1; k--) reset(path[k]);
      reset(path[0]);
      // cxl_region_decode_reset(cxlr, t): earlier members, reverse order, top-down then endpoint.
      for (let u = t - 1; u >= 0; u--) {
        const p = plan.targets[u]?.path ?? [];
        for (let k = p.length - 1; k >= 1; k--) reset(p[k]);
        reset(p[0]);
      }
      return failure(
        refuse(
          errno === '-EIO' ? 'commit-error' : 'commit-timeout',
          errno,
          d.name,
          `commit failed: ${why}`,
          `${d.name}: error ${errno === '-EIO' ? -5 : -110} committing decoder`,
          { step: `${plan.region}/commit`, component: d.component, spec: SPEC_LINUX_HDM },
        ),
        done,
        rolledBack,
      );
    }
  }
  const region = recordRegion(lab, plan.base, plan.size, plan.region);
  return ok({ plan, region, writes: done });
}

function applyDestroy(lab: RegionLab, plan: RegionPlan): Result<AppliedPlan, ApplyFailure> {
  const byName = new Map(plan.decoders.map((d) => [d.name, d]));
  const done: MmioWrite[] = [];
  for (const [name, list] of writesByDecoder(plan)) {
    for (const w of list) {
      if (!perform(lab, w)) {
        return failure(
          refuse('reset-write', '-EIO', name, 'an MMIO write was rejected', `${name}: reset failed`, {
            step: `${plan.region}/commit`,
            spec: SPEC_LINUX_HDM,
          }),
          done,
          [],
        );
      }
      done.push(w);
    }
    const d = byName.get(name);
    if (d !== undefined && stateOf(lab, d)?.committed === true) {
      return failure(
        refuse('reset-still-committed', '-EIO', name, 'the decoder still reports Committed after reset', '', {
          step: `${plan.region}/commit`,
          spec: SPEC_LINUX_HDM,
        }),
        done,
        [],
      );
    }
  }
  forgetRegion(lab, plan.base, plan.size);
  return ok({ plan, region: plan.region, writes: done });
}

/** Looks a region up by name (or passes a `RegionInfo` through, refreshed from the registers). */
function findRegion(lab: RegionLab, region: string | RegionInfo): RegionInfo | undefined {
  const name = typeof region === 'string' ? region : region.name;
  return listRegions(lab).find((r) => r.name === name);
}

/** The writes `cxl_region_decode_reset` makes to tear `region` down (see the file DOC). */
export function planDestroyRegion(
  lab: RegionLab,
  region: string | RegionInfo,
): Result<RegionPlan, RegionRefusal> {
  const info = findRegion(lab, region);
  const wanted = typeof region === 'string' ? region : region.name;
  if (info === undefined) {
    return refuse('region-not-found', '-ENXIO', wanted, 'no such region', `${wanted}: not found`, {
      source: 'cxl-cli',
      step: 'cxl destroy-region',
    });
  }
  const names = linuxNames(lab.topology);
  const byName = new Map(info.decoders.map((d) => [d.name, d]));
  const commitEnd = new Map<string, number>();
  const endOf = (component: string): number => {
    const have = commitEnd.get(component);
    if (have !== undefined) return have;
    const end = lab.decoders(component).reduce((m, d) => (d.committed ? Math.max(m, d.index) : m), -1);
    commitEnd.set(component, end);
    return end;
  };
  const order: string[] = [];
  const writes: MmioWrite[] = [];
  const done = new Set<string>();
  const targets = [...info.targets].sort((a, b) => a.position - b.position);
  for (let t = targets.length - 1; t >= 0; t--) {
    const path = targets[t]?.path ?? [];
    const chain = [...path.slice(1).reverse(), path[0]];
    for (const name of chain) {
      const d: PlannedDecoder | undefined = byName.get(name ?? '');
      if (d === undefined || d.passthrough || done.has(d.name)) continue;
      done.add(d.name);
      if (stateOf(lab, d)?.committed !== true) continue;
      const end = endOf(d.component);
      if (end !== d.index) {
        const port = names.ports.get(d.component);
        return refuse(
          'reset-out-of-order',
          '-EBUSY',
          d.name,
          `only the highest committed decoder of ${names.portName(d.component)} (${names.decoderName(d.component, end)}) may be reset; ` +
            `tear down the regions above it first. Linux would already have reset ${order.join(', ') || 'nothing'}`,
          `${d.name}: out of order reset, expected decoder${port?.id ?? '?'}.${end}`,
          { step: `${info.name}/commit`, component: d.component, spec: SPEC_LINUX_HDM },
        );
      }
      commitEnd.set(d.component, end - 1);
      order.push(d.name);
      writes.push(...(resetWrites(lab, ref(d)) ?? []));
    }
  }
  return ok({
    kind: 'destroy',
    region: info.name,
    window: info.window ?? '',
    rootDecoder: info.rootDecoder ?? '',
    base: info.base,
    size: info.size,
    ways: info.ways,
    granularity: info.granularity,
    mode: info.mode === 'mixed' ? 'volatile' : info.mode,
    type: info.type === 'mixed' ? 'ram' : info.type,
    targets,
    decoders: info.decoders,
    order,
    writes,
    notes: info.problems.map((p) => `assembly problem: ${p}`),
    labVersion: lab.version,
  });
}

/** Plans and performs a region's teardown. */
export function destroyRegion(
  lab: RegionLab,
  region: string | RegionInfo,
): Result<AppliedPlan, ApplyFailure | RegionRefusal> {
  const plan = planDestroyRegion(lab, region);
  if (!plan.ok) return plan;
  return applyPlan(lab, plan.value);
}
