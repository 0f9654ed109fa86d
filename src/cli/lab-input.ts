/** Loading a lab from a `cxl-lab/1` file for CLI commands (exit 1 with every problem listed). */
import { createLab, type Lab, type LabFinding, parseLabFile } from '../cxl/index.ts';
import { readTextInput } from './input.ts';
import type { CliIo } from './io.ts';
import { inputName, reportErrors } from './report.ts';

export type LoadedLab = { ok: true; lab: Lab; findings: LabFinding[] } | { ok: false; exitCode: number };

/** Reads, parses and builds the lab in `file` ('-' = standard input); on failure prints why. */
export async function loadLab(command: string, file: string, io: CliIo): Promise<LoadedLab> {
  const text = await readTextInput(command, file, io);
  if (text === null) return { ok: false, exitCode: 1 };
  const where = inputName(file);
  const parsed = parseLabFile(text);
  if (!parsed.ok) {
    return {
      ok: false,
      exitCode: reportErrors(io, command, 'not a valid cxl-lab/1 file', where, parsed.error),
    };
  }
  const created = createLab(parsed.value);
  if (!created.ok) {
    return { ok: false, exitCode: reportErrors(io, command, 'cannot build the lab', where, [created.error]) };
  }
  return { ok: true, lab: created.value.lab, findings: created.value.findings };
}
