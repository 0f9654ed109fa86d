/** Fuzz suite, cxl list importer: ~2 000 inputs from a fixed seed (see tests/fuzz/harness.ts). */
import { expect, it } from 'vitest';
import { formatReport, runFuzz } from './harness.ts';
import { cxlListTarget } from './targets.ts';

// Fixed seed: CI always feeds the same inputs. The long mode (npm run fuzz) takes --seed and --count.
const SEED = 13;
const COUNT = 2000;

it('cxl list: no throw, located errors, round-trips, no hang or heap explosion', () => {
  const report = runFuzz(cxlListTarget, SEED, COUNT);
  console.log(formatReport(report));
  expect(report.problems.map((p) => `#${p.index} ${p.kind}: ${p.detail}`)).toEqual([]);
  expect(report.accepted + report.refused).toBe(COUNT);
}, 600_000);
