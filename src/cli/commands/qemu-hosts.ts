/**
 * `cxl-lab qemu` on a multi-host lab (`cxl-lab/2`, issue 18): one QEMU command line per host
 * (`exportQemuFabric`), each with what QEMU cannot express; `--host ID` picks one host.
 */
import type { FabricLabFile } from '../../cxl/fabric/fabric-lab.ts';
import { createFabricLab } from '../../cxl/fabric/fabric-lab.ts';
import type { QemuExportOptions } from '../../cxl/interop/qemu-export.ts';
import {
  exportQemuFabric,
  type QemuFabricExport,
  type QemuHostExport,
  type QemuLimit,
} from '../../cxl/interop/qemu-export-hosts.ts';
import { emitOutput } from '../input.ts';
import type { CliIo } from '../io.ts';
import { errorLine, reportErrors } from '../report.ts';

export type QemuMode = 'command' | 'script' | 'guest' | 'json';

function limitLines(limits: readonly QemuLimit[]): string[] {
  return limits.map(
    (l) => `#   - ${l.component === undefined ? '' : `${l.component}: `}${l.message} [${l.source}]`,
  );
}

function hostText(h: QemuHostExport): string {
  const lines = [`# ===== host ${h.host} =====`];
  if (!h.result.ok) {
    lines.push('# QEMU cannot build this host:', ...h.result.error.map((e) => `#   ${e.code}: ${e.message}`));
  } else {
    const x = h.result.value;
    lines.push(x.commandLine);
    if (x.regions.length > 0) {
      lines.push(
        `# Then in ${h.host}'s guest (memN names may differ per boot: match by serial):`,
        ...x.regions.map((r) => `# ${r.command}`),
      );
    }
  }
  if (h.limits.length > 0) lines.push(`# What QEMU cannot express for ${h.host}:`, ...limitLines(h.limits));
  return `${lines.join('\n')}\n`;
}

function jsonText(x: QemuFabricExport): string {
  const hosts = x.hosts.map((h) =>
    h.result.ok
      ? {
          host: h.host,
          ok: true,
          argv: h.result.value.argv,
          memory: h.result.value.memory,
          regions: h.result.value.regions,
          warnings: h.result.value.warnings,
          limits: h.limits,
        }
      : { host: h.host, ok: false, errors: h.result.error, limits: h.limits },
  );
  return `${JSON.stringify({ hosts, fabric: x.fabric, backingFiles: x.backingFiles }, null, 2)}\n`;
}

/** Runs the multi-host export and writes it; returns the exit code. */
export function runQemuHosts(
  file: FabricLabFile,
  where: string,
  io: CliIo,
  options: QemuExportOptions & { host?: string | undefined; mode: QemuMode; output?: string | undefined },
): number {
  const hostIds = file.spec.hosts.map((h) => h.id);
  const { host, mode, output, ...exportOptions } = options;
  if ((mode === 'script' || mode === 'guest') && host === undefined && hostIds.length > 1) {
    io.stderr(
      errorLine(
        'qemu',
        `--${mode} writes one host's script: say which with --host ID (${hostIds.join(', ')})`,
        where,
      ),
    );
    return 2;
  }
  const made = createFabricLab(file);
  if (!made.ok) return reportErrors(io, 'qemu', 'cannot build the lab', where, [made.error]);
  const out = exportQemuFabric(made.value.lab, {
    ...exportOptions,
    ...(host === undefined ? {} : { hosts: [host] }),
  });
  if (!out.ok) {
    io.stderr(errorLine('qemu', out.error.map((e) => e.message).join('; '), where));
    return 2;
  }
  const x = out.value;
  for (const h of x.hosts) {
    if (h.result.ok)
      for (const w of h.result.value.warnings)
        io.stderr(`cxl-lab qemu: warning ${h.host}: ${w.code}: ${w.message}\n`);
    else
      for (const e of h.result.error)
        io.stderr(errorLine('qemu', `${h.host}: ${e.code}: ${e.message}`, where));
  }
  const refused = x.hosts.some((h) => !h.result.ok);
  let text: string;
  const one = x.hosts[0];
  if ((mode === 'script' || mode === 'guest') && one !== undefined) {
    if (!one.result.ok) return 1;
    text = mode === 'script' ? one.result.value.script : one.result.value.guestScript;
  } else if (mode === 'json') text = jsonText(x);
  else {
    text = x.hosts.map(hostText).join('\n');
    if (host === undefined && x.fabric.length > 0)
      text += `\n# What QEMU cannot express for the fabric:\n${limitLines(x.fabric).join('\n')}\n`;
  }
  const code = emitOutput('qemu', output, text, io);
  return code === 0 && refused ? 1 : code;
}
