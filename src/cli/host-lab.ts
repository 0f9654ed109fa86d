/**
 * `--host ID` (issue 18): which host of a multi-host lab (`cxl-lab/2`) a command means where it takes a
 * host physical address, a window or a host's decoders (route, region, list, check). One definition,
 * one usage text; the host's lab is built by the core's `createFabricLab`.
 */

import type { FabricLabFile } from '../cxl/fabric/fabric-lab.ts';
import { createFabricLab } from '../cxl/fabric/fabric-lab.ts';
import { serializeMultiHostFile } from '../cxl/fabric/file-write.ts';
import { DEFAULT_PLATFORM, type Lab, type LabFinding, type PlatformProfile } from '../cxl/index.ts';
import type { CliIo } from './io.ts';
import type { ParsedOptions } from './options.ts';
import { errorLine, reportErrors } from './report.ts';

/** Value option to add to a command's `OptionSpec.values`. */
export const HOST_OPTIONS = ['--host'] as const;

/** Lines for a command's usage text. */
export const HOST_USAGE = `  --host ID             in a multi-host lab (cxl-lab/2): the host whose addresses, windows and
                        decoders are meant (default: the lab's only host); a single-host
                        (cxl-lab/1) file takes no --host`;

export function hostOption(parsed: ParsedOptions): string | undefined {
  return parsed.values.get('--host');
}

/** What `loadLab` answers: the lab of the one host meant, and how to write the whole file back. */
export type LoadedLab =
  | { ok: true; lab: Lab; findings: LabFinding[]; serialize: () => string }
  | { ok: false; exitCode: number };

/**
 * The lab of host `host` in a multi-host file: exit 2 with the hosts listed when `host` is missing
 * (several hosts) or unknown, or when the command takes no `--host`; exit 1 when the lab cannot be built.
 */
export function hostLab(
  command: string,
  where: string,
  file: FabricLabFile,
  io: CliIo,
  options: { host?: string | undefined; hostOption: boolean; platform: Partial<PlatformProfile> },
): LoadedLab {
  const ids = file.spec.hosts.map((h) => h.id);
  const listed = ids.join(', ');
  if (!options.hostOption && ids.length > 1) {
    io.stderr(
      errorLine(
        command,
        `a multi-host lab (cxl-lab/2, hosts ${listed}): cxl-lab ${command} reads single-host labs; route, region, list, check and qemu take --host ID`,
        where,
      ),
    );
    return { ok: false, exitCode: 2 };
  }
  const id = options.host ?? (ids.length === 1 ? ids[0] : undefined);
  if (id === undefined || !ids.includes(id)) {
    const why = options.host === undefined ? `${ids.length} hosts` : `no host "${options.host.slice(0, 40)}"`;
    io.stderr(errorLine(command, `${why} in this lab: say which with --host ID (${listed})`, where));
    return { ok: false, exitCode: 2 };
  }
  if (options.platform.linux !== undefined || options.platform.qemu !== undefined) {
    const h = file.spec.hosts.find((x) => x.id === id);
    if (h !== undefined)
      h.platform = { ...(h.platform ?? file.spec.platform ?? DEFAULT_PLATFORM), ...options.platform };
  }
  const made = createFabricLab(file);
  if (!made.ok)
    return { ok: false, exitCode: reportErrors(io, command, 'cannot build the lab', where, [made.error]) };
  const lab = made.value.lab.host(id);
  if (lab === undefined) return { ok: false, exitCode: 1 };
  const fabric = made.value.lab;
  return {
    ok: true,
    lab,
    findings: made.value.findings.filter((f) => f.host === id).map((f) => f.finding),
    serialize: () => serializeMultiHostFile(fabric.toFile()),
  };
}
