/**
 * Long fuzz mode: `npm run fuzz -- --count 20000 --seed N [--target NAME] [--slowest K]`. Runs the
 * same harness as the fuzz tests (tests/fuzz) with more inputs, prints counts, time, heap and the
 * slowest inputs per importer, and saves every failing input under the system temp directory so it
 * can be named and moved to tests/fixtures/regressions/. Exit status 1 when any input failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, runFuzz } from '../tests/fuzz/harness.ts';
import { ALL_TARGETS } from '../tests/fuzz/targets.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '13' },
    target: { type: 'string' },
    slowest: { type: 'string', default: '5' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const slowest = Number(values.slowest);
if (
  !Number.isSafeInteger(count) ||
  count < 1 ||
  !Number.isSafeInteger(seed) ||
  !Number.isSafeInteger(slowest)
) {
  process.stderr.write('fuzz: --count, --seed and --slowest take whole numbers\n');
  process.exit(2);
}
const targets = ALL_TARGETS.filter((t) => values.target === undefined || t.name.includes(values.target));
if (targets.length === 0) {
  process.stderr.write(
    `fuzz: no target matches "${values.target}" (${ALL_TARGETS.map((t) => t.name).join(', ')})\n`,
  );
  process.exit(2);
}
let failed = 0;
let slowestOverall = { ms: 0, target: '', input: '' };
for (const target of targets) {
  const report = runFuzz(target as Parameters<typeof runFuzz>[0], seed, count, slowest);
  process.stdout.write(`${formatReport(report)}\n`);
  const top = report.slowest[0];
  if (top !== undefined && top.ms > slowestOverall.ms)
    slowestOverall = { ms: top.ms, target: target.name, input: top.input };
  if (report.failing.size > 0) {
    const dir = join(tmpdir(), `cxl-lab-fuzz-${target.name.replaceAll(' ', '-')}-seed${seed}`);
    mkdirSync(dir, { recursive: true });
    for (const [index, data] of report.failing) writeFileSync(join(dir, `input-${index}`), data);
    process.stdout.write(`  ${report.failing.size} failing inputs saved in ${dir}\n`);
    failed += report.failing.size;
  }
}
process.stdout.write(
  `slowest single input: ${slowestOverall.ms.toFixed(1)} ms (${slowestOverall.target}: ${slowestOverall.input})\n`,
);
process.exitCode = failed > 0 ? 1 : 0;
