/** Loading a lab from a `cxl-lab/1` file for CLI commands (exit 1 with every problem listed). */
import {
  createLab,
  type Lab,
  type LabFinding,
  type PlatformProfile,
  parseLabFile,
  platformOf,
} from '../cxl/index.ts';
import type { CliIo } from './io.ts';

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
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : io.readText(file);
  } catch (e) {
    io.stderr(`cxl-lab ${command}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return { ok: false, exitCode: 1 };
  }
  const parsed = parseLabFile(text);
  if (!parsed.ok) {
    io.stderr(`cxl-lab ${command}: ${file} is not a valid cxl-lab/1 file\n`);
    for (const e of parsed.error) io.stderr(`  ${e.code}: ${e.message}\n`);
    return { ok: false, exitCode: 1 };
  }
  if (platform.linux !== undefined || platform.qemu !== undefined) {
    parsed.value.spec.platform = { ...platformOf(parsed.value.spec), ...platform };
  }
  const created = createLab(parsed.value);
  if (!created.ok) {
    io.stderr(
      `cxl-lab ${command}: ${file}: cannot build the lab\n  ${created.error.code}: ${created.error.message}\n`,
    );
    return { ok: false, exitCode: 1 };
  }
  return { ok: true, lab: created.value.lab, findings: created.value.findings };
}
