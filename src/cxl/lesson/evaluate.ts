/**
 * The lesson check language evaluated against a live lab: `do` checks (pass or fail, with what was
 * seen), `predict` answers as the core computes them, and reference-solution actions as MMIO writes.
 */
import { route, write } from '../decode/access.ts';
import { type CheckReport, check, type Finding } from '../decode/check.ts';
import { hpasForDpa } from '../decode/inverse.ts';
import type { DecoderState } from '../hdm/decoder-state.ts';
import { type MmioWriteRecord, programDecoder } from '../hdm/program.ts';
import type { Lab } from '../lab.ts';
import { err, ok, type Result } from '../result.ts';
import { hex } from '../units.ts';
import type { DecoderFields, LessonCheck, PredictAnswer, SolutionAction } from './types.ts';

export interface CheckOutcome {
  pass: boolean;
  /** What the check looked for and what the lab holds, in words. */
  detail: string;
}

function decoderOf(lab: Lab, component: string, n: number): DecoderState | string {
  if (lab.topology.byId.get(component) === undefined) return `no component "${component}" in the lab`;
  const d = lab.decoders(component)[n];
  return d === undefined ? `${component} has no decoder ${n}` : d;
}

function fieldText(v: number | boolean | readonly number[]): string {
  if (typeof v === 'number') return v >= 4096 ? hex(v) : String(v);
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** Each named field of `expect` that `d` does not hold, as "field: want W, is V". */
function decoderMismatches(d: DecoderState, expect: DecoderFields): string[] {
  const out: string[] = [];
  const seen: Required<DecoderFields> = {
    base: d.base,
    size: d.size,
    ways: d.ways ?? -1,
    granularity: d.granularity ?? -1,
    targets: d.targets.slice(0, d.ways ?? 0),
    skip: d.skip,
    committed: d.committed,
    errorNotCommitted: d.errorNotCommitted,
    locked: d.locked,
  };
  for (const key of Object.keys(expect) as (keyof DecoderFields)[]) {
    const want = expect[key];
    const is = seen[key];
    if (want === undefined) continue;
    const same =
      Array.isArray(want) && Array.isArray(is)
        ? want.length === is.length && want.every((x, i) => x === is[i])
        : want === is;
    if (!same) out.push(`${key}: want ${fieldText(want)}, is ${fieldText(is)}`);
  }
  return out;
}

/** `check` runs every region's routing: one report per lab version, shared by a step's checks. */
const reports = new WeakMap<Lab, { version: number; report: CheckReport }>();

function checkReport(lab: Lab): CheckReport {
  const cached = reports.get(lab);
  if (cached !== undefined && cached.version === lab.version) return cached.report;
  const report = check(lab);
  reports.set(lab, { version: lab.version, report });
  return report;
}

/** Findings of `check` plus one per decoder left in Error Not Committed (CXL r3.1 §8.2.4.20.12). */
export function labFindings(lab: Lab): Finding[] {
  const findings = [...checkReport(lab).findings];
  for (const c of lab.topology.spec.components) {
    for (const d of lab.decoders(c.id)) {
      if (!d.errorNotCommitted) continue;
      findings.push({
        severity: 'error',
        code: 'decoder.commit-failed',
        message: `${c.id} decoder ${d.index}: Error Not Committed${d.errorReason === undefined ? '' : ` (${d.errorReason})`}`,
        component: c.id,
        rule: 'spec',
        ref: 'CXL r3.1 §8.2.4.20.12',
      });
    }
  }
  return findings;
}

/** Evaluates one `do` check against the lab as it is now. */
export function evaluateCheck(lab: Lab, c: LessonCheck): CheckOutcome {
  switch (c.kind) {
    case 'decoder': {
      const d = decoderOf(lab, c.component, c.decoder);
      if (typeof d === 'string') return { pass: false, detail: d };
      const bad = decoderMismatches(d, c.expect);
      return {
        pass: bad.length === 0,
        detail: `${c.component} decoder ${c.decoder}: ${bad.length === 0 ? 'as expected' : bad.join('; ')}`,
      };
    }
    case 'region': {
      const regions = checkReport(lab).regions;
      const want = `${c.ways}-way at ${c.granularity} B${c.base === undefined ? '' : ` at ${hex(c.base)}`}${c.size === undefined ? '' : `, ${hex(c.size)} bytes`}`;
      const hit = regions.find(
        (r) =>
          r.ways === c.ways &&
          r.granularity === c.granularity &&
          (c.base === undefined || r.base === c.base) &&
          (c.size === undefined || r.size === c.size),
      );
      const seen =
        regions.map((r) => `${r.ways}-way at ${r.granularity} B at ${hex(r.base)}`).join(', ') || 'none';
      return { pass: hit !== undefined, detail: `a region ${want}; regions assembled: ${seen}` };
    }
    case 'route':
    case 'unrouted': {
      const r = route(lab, c.hpa);
      const got = r.ok ? `${r.device} DPA ${hex(r.dpa)}` : `no device (${r.error.message})`;
      const pass = c.kind === 'unrouted' ? !r.ok : r.ok && r.device === c.device && r.dpa === c.dpa;
      const want = c.kind === 'unrouted' ? 'no device' : `${c.device} DPA ${hex(c.dpa)}`;
      return { pass, detail: `HPA ${hex(c.hpa)}: want ${want}, routes to ${got}` };
    }
    case 'memory': {
      if (lab.topology.byId.get(c.device)?.kind !== 'type3')
        return { pass: false, detail: `"${c.device}" is not a Type 3 device` };
      const got = lab.memory(c.device).read(c.dpa, c.bytes.length);
      if (!got.ok) return { pass: false, detail: got.error.message };
      const same = got.value.every((b, i) => b === c.bytes[i]);
      return {
        pass: same,
        detail: `${c.device} DPA ${hex(c.dpa)}: ${same ? 'holds the expected bytes' : 'does not hold the expected bytes'}`,
      };
    }
    case 'finding-absent': {
      const hits = labFindings(lab).filter(
        (f) =>
          (c.code === undefined ? f.severity === 'error' : f.code === c.code) &&
          (c.component === undefined || f.component === c.component),
      );
      const what = `${c.code ?? 'error'} finding${c.component === undefined ? '' : ` on ${c.component}`}`;
      return {
        pass: hits.length === 0,
        detail: hits.length === 0 ? `no ${what}` : `${hits.length} ${what}: ${hits[0]?.message ?? ''}`,
      };
    }
  }
}

/** A predict answer's value as the core computes it, in the answer's own shape. */
export type ComputedAnswer =
  | { device: string; dpa: number }
  | { unrouted: true }
  | { low: number; high: number }
  | { ways: number; granularity: number; iw: number; ig: number }
  | { hpa: number; all: number[] };

function bitsOf(granularity: number, ways: number, what: string): Result<{ low: number; high: number }> {
  const w = Math.log2(ways);
  if (ways === 1) return err('lesson.no-bits', `${what} is 1-way: no HPA bit selects a target`);
  if (!Number.isInteger(w))
    return err(
      'lesson.no-bits',
      `${what} is ${ways}-way: it selects by floor(HPA / ${granularity}) mod ${ways}, not by bits`,
    );
  const low = Math.log2(granularity);
  return ok({ low, high: low + w - 1 });
}

/** Computes what a predict step asks, from the lab as it is now. */
export function computeAnswer(lab: Lab, a: PredictAnswer): Result<ComputedAnswer> {
  if (a.kind === 'route') {
    const r = route(lab, a.hpa);
    return ok(r.ok ? { device: r.device, dpa: r.dpa } : { unrouted: true });
  }
  if (a.kind === 'hpa-bits') {
    const w = lab.topology.windows.find((x) => x.id === a.component);
    if (w !== undefined) {
      if (w.arithmetic === 'xor')
        return err('lesson.no-bits', `${w.id} is an XOR window: its way is a parity of several bits`);
      return bitsOf(w.granularity, w.ways, w.id);
    }
    const d = decoderOf(lab, a.component, a.decoder ?? 0);
    if (typeof d === 'string') return err('lesson.unknown', d);
    if (d.ways === null || d.granularity === null)
      return err('lesson.no-bits', `${a.component} decoder ${d.index} holds a reserved IW/IG encoding`);
    return bitsOf(d.granularity, d.ways, `${a.component} decoder ${d.index}`);
  }
  if (a.kind === 'decoder') {
    const d = decoderOf(lab, a.component, a.decoder);
    if (typeof d === 'string') return err('lesson.unknown', d);
    if (d.ways === null || d.granularity === null)
      return err('lesson.reserved', `${a.component} decoder ${d.index} holds a reserved IW/IG encoding`);
    return ok({ ways: d.ways, granularity: d.granularity, iw: d.eiw, ig: d.eig });
  }
  if (lab.topology.byId.get(a.device)?.kind !== 'type3')
    return err('lesson.unknown', `"${a.device}" is not a Type 3 device`);
  const all = hpasForDpa(lab, a.device, a.dpa)
    .map((h) => h.hpa)
    .sort((x, y) => x - y);
  const first = all[0];
  return first === undefined
    ? err('lesson.unreachable', `no HPA reaches ${a.device} DPA ${hex(a.dpa)}`)
    : ok({ hpa: first, all });
}

/** Whether the author's expected answer equals the computed one. */
export function answerMatches(a: PredictAnswer, got: ComputedAnswer): boolean {
  const e: Record<string, unknown> = a.expect;
  if ('all' in got) return got.all.length === 1 && got.hpa === e.hpa;
  const g: Record<string, unknown> = got;
  // A decoder answer is given either decoded (ways, granularity) or encoded (iw, ig): compare what was asked.
  const keys = 'iw' in got ? Object.keys(e) : Object.keys(got);
  return keys.length === Object.keys(e).length && keys.every((k) => Object.hasOwn(g, k) && e[k] === g[k]);
}

export function answerText(v: ComputedAnswer | PredictAnswer['expect']): string {
  if ('unrouted' in v) return 'no device (unrouted)';
  if ('device' in v) return `${v.device} DPA ${hex(v.dpa)}`;
  if ('low' in v) return v.low === v.high ? `HPA bit ${v.low}` : `HPA bits ${v.high}:${v.low}`;
  if ('ways' in v)
    return `${v.ways}-way at ${v.granularity} B${'iw' in v ? ` (IW ${v.iw}, IG ${v.ig})` : ''}`;
  if ('iw' in v) return `IW ${v.iw}, IG ${v.ig}`;
  return 'all' in v && v.all.length > 1 ? `HPAs ${v.all.map(hex).join(', ')} (aliased)` : `HPA ${hex(v.hpa)}`;
}

/** What one action did: the MMIO writes made (for "show me"), or the bytes written. */
export interface ActionOutcome {
  writes: MmioWriteRecord[];
  note: string;
}

/** Applies one reference-solution action to the lab. */
export function applyAction(lab: Lab, a: SolutionAction): Result<ActionOutcome> {
  switch (a.kind) {
    case 'mmio': {
      const r = lab.mmioWrite32(a.component, a.offset, a.value);
      if (!r.ok) return r;
      return ok({
        writes: [
          {
            componentId: a.component,
            offset: a.offset,
            value: a.value,
            register: `offset ${hex(a.offset)}`,
            result: r.value,
          },
        ],
        note: `${a.component} +${hex(a.offset)} ← ${hex(a.value)}`,
      });
    }
    case 'program': {
      const settings = {
        base: a.base,
        size: a.size,
        ways: a.ways,
        granularity: a.granularity,
        lock: a.lock,
        ...(a.targets === undefined ? {} : { targets: a.targets }),
        ...(a.skip === undefined ? {} : { skip: a.skip }),
      };
      const r = programDecoder(lab, a.component, a.decoder, settings, { commit: a.commit });
      if (!r.ok) return r;
      return ok({
        writes: r.value.writes,
        note: `${a.component} decoder ${a.decoder}: ${r.value.outcome}${r.value.reason === undefined ? '' : ` (${r.value.reason})`}`,
      });
    }
    case 'write': {
      const r = write(lab, a.hpa, a.bytes, { trace: false });
      return ok({
        writes: [],
        note: `wrote ${a.bytes.length} bytes at ${hex(a.hpa)}: ${r.written} reached a device`,
      });
    }
    case 'reset': {
      const r = lab.resetComponent(a.component);
      return r.ok ? ok({ writes: [], note: `${a.component} reset` }) : r;
    }
  }
}
