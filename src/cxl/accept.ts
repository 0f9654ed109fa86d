/**
 * The one acceptance rule for lab files: text is a lab exactly when `parseLabFile` reads it and
 * `createLab` builds it (saved register state included). Every path calls this: the CLI's commands,
 * share links, the UI's open and importers checking their own output before they return it.
 */
import {
  createFabricLab,
  type FabricLab,
  type FabricLabFile,
  type HostFinding,
} from './fabric/fabric-lab.ts';
import { parseAnyLabFile } from './fabric/file.ts';
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
  return buildSingle(parsed.value);
}

function located(error: CxlError): CxlError[] {
  const causes = error.causes ?? [error];
  return causes.map((c) => (isLocated(c) ? c : { ...c, field: 'file' }));
}

function buildSingle(file: LabFile): Result<AcceptedLab, CxlError[]> {
  const created = createLab(file);
  if (!created.ok) return { ok: false, error: located(created.error) };
  return { ok: true, value: { file, lab: created.value.lab, findings: created.value.findings } };
}

/** An accepted lab of either format: a single-host lab (`cxl-lab/1`) or a multi-host one (`cxl-lab/2`). */
export type AcceptedAnyLab =
  | ({ hosts: 'single' } & AcceptedLab)
  | { hosts: 'multi'; file: FabricLabFile; lab: FabricLab; findings: HostFinding[] };

/**
 * The same rule for text of either format (issue 18), as the app's File ▸ Open applies it
 * (`parseAnyLabFile`, then `createLab` or `createFabricLab`): share links use it. Every problem is
 * located; a refused lab never half-loads.
 */
export function acceptAnyLabText(text: string): Result<AcceptedAnyLab, CxlError[]> {
  const parsed = parseAnyLabFile(text);
  if (!parsed.ok) return { ok: false, error: parsed.error.flatMap(located) };
  if (parsed.value.hosts === 'single') {
    const single = buildSingle(parsed.value.file);
    return single.ok ? { ok: true, value: { hosts: 'single', ...single.value } } : single;
  }
  const file = parsed.value.file;
  const created = createFabricLab(file);
  if (!created.ok) return { ok: false, error: located(created.error) };
  return {
    ok: true,
    value: { hosts: 'multi', file, lab: created.value.lab, findings: created.value.findings },
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
