/**
 * `cxl-lab check`: decoder and region consistency findings for a lab file, as JSON.
 */
import { check, type Finding, hex } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';

const USAGE = `Usage: cxl-lab check FILE

Check the committed HDM decoders of a cxl-lab/1 file the way a driver developer would before
trusting them, and print the findings as JSON:

  {"file":…,"errors":N,"warnings":N,"findings":[{"severity","code","message","component",
   "rule","ref"}…],"regions":[…]}

Each finding says whose rule it is: "spec" (CXL r3.1 §8.2.4.20: commit order, ascending HPA,
distinct targets, 3/6/12-way sizes, holes and aliases found by routing the region) or "linux"
(what Linux's CXL driver checks when it assembles regions from committed decoders: member counts,
granularity multiplying down the levels, per-port ways, ranges, positions, target-list order,
window restrictions). Decoders that failed to commit when the file was loaded are reported too.

Exit status: 0 no errors (warnings allowed), 1 errors found or invalid file, 2 bad arguments.
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'report decoder and region consistency findings (spec and Linux rules) as JSON',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const positional = args.filter((a) => a === '-' || !a.startsWith('-'));
    const unknown = args.find((a) => a !== '-' && a.startsWith('-'));
    if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}`);
    if (positional.length !== 1) throw new UsageError('give exactly one lab FILE');
    const file = positional[0] ?? '';
    const loaded = await loadLab('check', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const report = check(loaded.lab);
    // Decoders that did not commit on load (Error Not Committed) come first: they explain later findings.
    const loadFindings: Finding[] = loaded.findings.map((e) => {
      const f: Finding = {
        severity: 'error',
        code: e.code,
        message: e.message,
        rule: 'spec',
        ref: e.spec ?? 'CXL r3.1 §8.2.4.20.12',
      };
      if (e.component !== undefined) f.component = e.component;
      return f;
    });
    const findings = [...loadFindings, ...report.findings];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const out = {
      file,
      errors,
      warnings: findings.length - errors,
      findings,
      regions: report.regions.map((r) => ({ ...r, base: hex(r.base), size: hex(r.size) })),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return errors > 0 ? 1 : 0;
  },
};
