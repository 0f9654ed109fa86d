/** Loading a lab from a `cxl-lab/1` file for CLI commands (exit 1 with every problem listed). */
import {
  acceptLabText,
  createLab,
  type Lab,
  type LabFile,
  type LabFinding,
  type PlatformProfile,
  parseLabFile,
  platformOf,
  serializeLabFile,
} from '../cxl/index.ts';
import { readTextInput } from './input.ts';
import type { CliIo } from './io.ts';
import { inputName, reportErrors } from './report.ts';

export type LoadedLab = { ok: true; lab: Lab; findings: LabFinding[] } | { ok: false; exitCode: number };

/**
 * Reads, parses and builds the lab in `file` ('-' = standard input); on failure prints why.
 * `platform` (from `--linux` / `--qemu-version`) overrides the file's platform profile.
 */
export async function loadLab(
  command: string,
  file: string,
  io: CliIo,
  platform: Partial<PlatformProfile> = {},
): Promise<LoadedLab> {
  const text = await readTextInput(command, file, io, { keepBom: true });
  if (text === null) return { ok: false, exitCode: 1 };
  const where = inputName(file);
  const parsed = parseLabFile(text);
  if (!parsed.ok) {
    return {
      ok: false,
      exitCode: reportErrors(io, command, 'not a valid cxl-lab/1 file', where, parsed.error),
    };
  }
  if (platform.linux !== undefined || platform.qemu !== undefined) {
    parsed.value.spec.platform = { ...platformOf(parsed.value.spec), ...platform };
  }
  const created = createLab(parsed.value);
  if (!created.ok) {
    return { ok: false, exitCode: reportErrors(io, command, 'cannot build the lab', where, [created.error]) };
  }
  return { ok: true, lab: created.value.lab, findings: created.value.findings };
}

/**
 * Whether a parsed lab file builds into a lab: the core's one acceptance rule (`acceptLabText`, the
 * rule `list`, `check`, `route` and the UI apply, saved register values included), so that `share`,
 * `unshare` and `cedt` accept exactly the same files. Prints why not and returns false.
 */
export function buildsLab(command: string, where: string, file: LabFile, io: CliIo): boolean {
  const accepted = acceptLabText(serializeLabFile(file));
  if (accepted.ok) return true;
  reportErrors(io, command, 'cannot build the lab', where, accepted.error);
  return false;
}

/**
 * An importer's output must pass the same acceptance rule (`acceptLabText`) before it is written:
 * otherwise print why and return false (exit 1, nothing written).
 */
export function outputLoads(command: string, where: string, text: string, io: CliIo): boolean {
  const accepted = acceptLabText(text);
  if (accepted.ok) return true;
  reportErrors(io, command, 'the imported lab does not load; nothing written', where, accepted.error);
  return false;
}
