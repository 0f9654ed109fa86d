/**
 * Loading a lab from a lab file for CLI commands (exit 1 with every problem listed): a `cxl-lab/1` file,
 * or one host of a multi-host `cxl-lab/2` file (`host-lab.ts`, `--host ID`).
 */

import { parseAnyLabFile } from '../cxl/fabric/file.ts';
import {
  acceptLabText,
  createLab,
  type LabFile,
  MULTI_HOST_FORMAT,
  type PlatformProfile,
  parseLabJson,
  platformOf,
  serializeLabFile,
} from '../cxl/index.ts';
import { hostLab, type LoadedLab } from './host-lab.ts';
import { readTextInput } from './input.ts';
import type { CliIo } from './io.ts';
import { errorLine, inputName, reportErrors } from './report.ts';

export type { LoadedLab };

/**
 * Reads, parses and builds the lab in `file` ('-' = standard input); on failure prints why.
 * `platform` (from `--linux` / `--qemu-version`) overrides the file's platform profile. `hosts`:
 * whether the command takes `--host` and the host it named (a multi-host file needs one when it has
 * several hosts; commands without `--host` read only a multi-host file's only host).
 */
export async function loadLab(
  command: string,
  file: string,
  io: CliIo,
  platform: Partial<PlatformProfile> = {},
  hosts: { host?: string | undefined; hostOption: boolean } = { hostOption: false },
): Promise<LoadedLab> {
  const text = await readTextInput(command, file, io, { keepBom: true });
  if (text === null) return { ok: false, exitCode: 1 };
  return labFromText(command, text, inputName(file), io, platform, hosts);
}

/** `loadLab` on text already read (`where` names the input in messages). */
export function labFromText(
  command: string,
  text: string,
  where: string,
  io: CliIo,
  platform: Partial<PlatformProfile> = {},
  hosts: { host?: string | undefined; hostOption: boolean } = { hostOption: false },
): LoadedLab {
  const any = parseAnyLabFile(text);
  if (!any.ok) {
    // Only on this error path is the text's format looked up again, to name it.
    const json = parseLabJson(text);
    const format = json.ok && json.value.format === MULTI_HOST_FORMAT ? MULTI_HOST_FORMAT : 'cxl-lab/1';
    return { ok: false, exitCode: reportErrors(io, command, `not a valid ${format} file`, where, any.error) };
  }
  if (any.value.hosts === 'multi') return hostLab(command, where, any.value.file, io, { ...hosts, platform });
  if (hosts.host !== undefined) {
    io.stderr(
      errorLine(command, '--host is for multi-host labs (cxl-lab/2); this is a single-host lab', where),
    );
    return { ok: false, exitCode: 2 };
  }
  const parsed = { value: any.value.file };
  if (platform.linux !== undefined || platform.qemu !== undefined) {
    parsed.value.spec.platform = { ...platformOf(parsed.value.spec), ...platform };
  }
  const created = createLab(parsed.value);
  if (!created.ok) {
    return { ok: false, exitCode: reportErrors(io, command, 'cannot build the lab', where, [created.error]) };
  }
  const lab = created.value.lab;
  return { ok: true, lab, findings: created.value.findings, serialize: () => serializeLabFile(lab.toFile()) };
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
