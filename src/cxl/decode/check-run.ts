/**
 * The whole of `cxl-lab check` for a built lab: the findings of loading it (topology warnings,
 * decoders that ended in Error Not Committed) first, then `check`'s, with the error and warning
 * counts. The CLI and the worker's `check.run` both answer with this, so they agree.
 */

import { COMMIT_CHECKS } from '../hdm/commit.ts';
import type { LabCore } from '../lab-core.ts';
import type { LabFinding } from '../result.ts';
import { type CheckedRegion, check, type Finding } from './check.ts';

export interface CheckRun {
  errors: number;
  warnings: number;
  /** Load findings first (they explain later ones), then the checks', errors before warnings. */
  findings: Finding[];
  regions: CheckedRegion[];
}

/** Ref of a load finding without one: the commit rules. */
const DEFAULT_LOAD_REF = 'CXL r3.1 §8.2.4.20.12';

/** `decoders[3]` → 3: where a load finding locates its decoder. */
function decoderOfField(field: string | undefined): number | undefined {
  const m = field === undefined ? null : /^decoders\[(\d+)\]$/.exec(field);
  return m === null || m[1] === undefined ? undefined : Number(m[1]);
}

/** A finding of loading the lab (`createLab`) in `check`'s shape, with its failed commit checks. */
export function loadFinding(e: LabFinding): Finding {
  const f: Finding = {
    severity: e.severity,
    code: e.code,
    message: e.message,
    rule: e.rule,
    ref: e.spec ?? DEFAULT_LOAD_REF,
  };
  if (e.component !== undefined) f.component = e.component;
  const decoder = decoderOfField(e.field);
  if (decoder !== undefined) f.decoder = decoder;
  if (e.causes !== undefined && e.causes.length > 0) {
    f.checks = e.causes.map((c) => {
      const id = c.code.replace(/^commit\./, '');
      const known = COMMIT_CHECKS.find((k) => k.id === id);
      return {
        id,
        rule: 'spec',
        when: known?.onlyWithLock === false ? 'always' : 'lock-on-commit',
        ref: c.spec ?? '',
        message: c.message,
      };
    });
  }
  return f;
}

/** Runs `check` on `lab` and puts the load findings before its own. */
export function checkRun(lab: LabCore, loadFindings: readonly LabFinding[]): CheckRun {
  const report = check(lab);
  const findings = [...loadFindings.map(loadFinding), ...report.findings];
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors, findings, regions: report.regions };
}
