/**
 * The fuzz runner: feeds a target `count` generated inputs from a fixed seed and checks, for every
 * one, that nothing is thrown, that each error has a code, a message and a location, that accepted
 * labs round-trip, and that no single input takes absurdly long or grows the heap absurdly.
 *
 * Time and heap are REPORTED figures, not performance assertions (the project never asserts on
 * timings): the only checks on them are hard hang/explosion guards far above any real cost, an
 * input taking more than HANG_MS or growing the heap by more than HEAP_GUARD_BYTES fails.
 */
import { type CxlError, isLocated } from '../../src/cxl/index.ts';
import { Rng } from './random.ts';
import type { FuzzTarget } from './targets.ts';

/** Hang guard: a single input over 5 s is a failure (the goal is < 1 s; see the slowest list). */
export const HANG_MS = 5000;
/** Explosion guard: heap growth over 512 MiB while handling one input is a failure. */
export const HEAP_GUARD_BYTES = 512 * 2 ** 20;

export interface FuzzProblem {
  index: number;
  kind: 'threw' | 'unlocated-error' | 'round-trip' | 'hang' | 'heap';
  detail: string;
  input: string;
}

export interface FuzzReport {
  target: string;
  seed: number;
  count: number;
  accepted: number;
  refused: number;
  /** Time in the importers alone (what "handled in under 1 s" is about), and with the checks. */
  handledMs: number;
  totalMs: number;
  maxHeapGrowthBytes: number;
  /** Slowest inputs by the importer's own time. */
  slowest: { index: number; ms: number; input: string }[];
  problems: FuzzProblem[];
  /** The saved form of each input with a problem, by index (to become a regression fixture). */
  failing: Map<number, string | Uint8Array>;
}

/** What is wrong with one error, or null when it has a code, a message and a location. */
export function errorShapeProblem(e: CxlError): string | null {
  if (typeof e.code !== 'string' || e.code.length === 0) return 'no code';
  if (typeof e.message !== 'string' || e.message.length === 0) return `${e.code}: no message`;
  if (!isLocated(e)) return `${e.code}: no location (component, field or offset): ${e.message.slice(0, 120)}`;
  return null;
}

export function runFuzz<I>(target: FuzzTarget<I>, seed: number, count: number, slowestShown = 5): FuzzReport {
  const rng = new Rng(seed);
  const report: FuzzReport = {
    target: target.name,
    seed,
    count,
    accepted: 0,
    refused: 0,
    handledMs: 0,
    totalMs: 0,
    maxHeapGrowthBytes: 0,
    slowest: [],
    problems: [],
    failing: new Map(),
  };
  const timings: { index: number; ms: number; input: I }[] = [];
  for (let index = 0; index < count; index++) {
    const input = target.generate(rng, index);
    const problem = (kind: FuzzProblem['kind'], detail: string): void => {
      report.problems.push({ index, kind, detail, input: target.describe(input) });
      report.failing.set(index, target.save(input));
    };
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    let handled = Number.NaN;
    try {
      const outcome = target.run(input);
      handled = outcome.handledMs;
      if (outcome.accepted) report.accepted++;
      else report.refused++;
      for (const e of outcome.errors) {
        const bad = errorShapeProblem(e);
        if (bad !== null) {
          problem('unlocated-error', bad);
          break;
        }
      }
      if (outcome.roundTrip !== undefined && outcome.roundTrip !== null)
        problem('round-trip', outcome.roundTrip);
    } catch (e) {
      problem('threw', e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e));
    }
    const ms = performance.now() - started;
    if (Number.isNaN(handled)) handled = ms;
    const growth = process.memoryUsage().heapUsed - heapBefore;
    report.totalMs += ms;
    report.handledMs += handled;
    report.maxHeapGrowthBytes = Math.max(report.maxHeapGrowthBytes, growth);
    if (ms > HANG_MS) problem('hang', `${ms.toFixed(0)} ms`);
    if (growth > HEAP_GUARD_BYTES) problem('heap', `${(growth / 2 ** 20).toFixed(0)} MiB`);
    timings.push({ index, ms: handled, input });
    if (timings.length > 4 * slowestShown) {
      timings.sort((a, b) => b.ms - a.ms);
      timings.length = slowestShown;
    }
  }
  timings.sort((a, b) => b.ms - a.ms);
  report.slowest = timings
    .slice(0, slowestShown)
    .map((t) => ({ index: t.index, ms: t.ms, input: target.describe(t.input) }));
  return report;
}

/** The report as printable lines: counts, time, heap, the slowest inputs and any problems. */
export function formatReport(r: FuzzReport): string {
  const lines = [
    `fuzz ${r.target}: seed ${r.seed}, ${r.count} inputs, ${r.accepted} accepted, ${r.refused} refused, ` +
      `importers ${(r.handledMs / 1000).toFixed(1)} s (mean ${(r.handledMs / Math.max(1, r.count)).toFixed(1)} ms), ` +
      `with checks ${(r.totalMs / 1000).toFixed(1)} s, ` +
      `max heap growth ${(r.maxHeapGrowthBytes / 2 ** 20).toFixed(1)} MiB, ${r.problems.length} problems`,
    ...r.slowest.map((s) => `  slowest #${s.index}: ${s.ms.toFixed(1)} ms in the importer  ${s.input}`),
    ...r.problems.slice(0, 20).map((p) => `  PROBLEM #${p.index} ${p.kind}: ${p.detail}  [${p.input}]`),
  ];
  return lines.join('\n');
}
