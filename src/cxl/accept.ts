/**
 * The one acceptance rule for lab files: text is a lab exactly when `parseLabFile` reads it and
 * `createLab` builds it (saved register state included). Every path calls this: the CLI's commands,
 * share links, the UI's open and importers checking their own output before they return it.
 */
import { createLab, type Lab } from './lab.ts';
import { type CxlError, isLocated, type LabFinding, type Result } from './result.ts';
import { type LabFile, parseLabFile, serializeLabFile } from './topology/file.ts';
import type { TopologySpec } from './topology/model.ts';

/** An accepted lab file: what was parsed, and the lab built from it with its findings. */
export interface AcceptedLab {
  file: LabFile;
  lab: Lab;
  findings: LabFinding[];
}

/**
 * Parses, validates and builds a `cxl-lab/1` file. Fails with every problem, each located (a
 * component or window id, a field path, or an offset in the text); a refused lab never half-loads.
 */
export function acceptLabText(text: string): Result<AcceptedLab, CxlError[]> {
  const parsed = parseLabFile(text);
  if (!parsed.ok) return parsed;
  const created = createLab(parsed.value);
  if (!created.ok) {
    const causes = created.error.causes ?? [created.error];
    return { ok: false, error: causes.map((c) => (isLocated(c) ? c : { ...c, field: 'file' })) };
  }
  return {
    ok: true,
    value: { file: parsed.value, lab: created.value.lab, findings: created.value.findings },
  };
}

/**
 * What an importer runs on its result before returning it: the topology (or lab file) is written as
 * a lab file and read back with `acceptLabText`. An importer can so never hand out a file its own
 * parser refuses (too many components, overlong notes, overlapping windows…). `what` names the
 * importer in the errors: "the lab imported from CEDT would not load: …".
 */
export function checkImported(output: TopologySpec | LabFile, what: string): Result<LabFile, CxlError[]> {
  const accepted = acceptLabText(serializeLabFile(output));
  if (!accepted.ok) {
    return {
      ok: false,
      error: accepted.error.map((e) => ({
        ...e,
        message: `the lab imported from ${what} would not load: ${e.message}`,
      })),
    };
  }
  return { ok: true, value: accepted.value.file };
}
