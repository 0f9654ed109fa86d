/**
 * `cxl-lab qemu`: the QEMU command line that builds a lab's topology, plus the `cxl create-region`
 * commands that rebuild its regions in the guest.
 *
 *   cxl-lab qemu FILE [--qemu-version 7.2|current] [--script | --guest | --json] [-o OUT]
 *                     [--memory SIZE[,maxmem=SIZE,slots=N]] [--mem-path DIR] [--bus-numbers uid|renumber]
 */

import { parseAnyLabFile } from '../../cxl/fabric/file.ts';
import {
  exportQemu,
  parseQemuInt,
  parseQemuSize,
  type QemuExportOptions,
  type QemuSyntax,
  splitKeyvals,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput, readTextInput } from '../input.ts';
import { UsageError } from '../io.ts';
import { labFromText } from '../lab-input.ts';
import { onePositional, parseOptions } from '../options.ts';
import { inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';
import { type QemuMode, runQemuHosts } from './qemu-hosts.ts';

const USAGE = `Usage: cxl-lab qemu FILE [--qemu-version 7.2|current] [--script | --guest | --json] [-o OUT]
                    [--memory SIZE[,maxmem=SIZE,slots=N]] [--mem-path DIR]
                    [--bus-numbers uid|renumber] [--host ID]

Print the qemu-system-x86_64 arguments that build the lab's topology (q35 with cxl=on, a memory
backend per Type 3 device, pxb-cxl host bridges with bus_nr = UID, cxl-rp root ports, switches,
cxl-type3 devices, cxl-fmw windows), followed by the cxl create-region commands for its regions.
What QEMU cannot express (XOR windows, decoder counts QEMU lacks, volatile devices in 7.2 syntax,
UIDs that are no usable bus numbers, …) is refused with the reason; what QEMU does differently
(window bases, deep switches, …) is a warning on standard error.

  FILE                  a cxl-lab/1 or cxl-lab/2 file ('-' for standard input)
  --qemu-version V      current (8.0+: volatile-memdev/persistent-memdev; default) or 7.2
                        (memdev= only)
  --script              a runnable host script (extra QEMU options pass through as arguments)
  --guest               only the region commands, as a script to run in the guest
  --json                argv, region commands, memory settings and warnings as JSON
  --memory M            QEMU -m value to use (e.g. 4G or 4G,maxmem=8G,slots=8); default: chosen so
                        QEMU places the first window where the lab has it
  --mem-path DIR        directory for persistent and label backing files (default /tmp/cxl-lab)
  --bus-numbers MODE    uid: bus_nr = UID (default); renumber: choose bus numbers with room below
  --host ID             a multi-host lab (cxl-lab/2): only this host's command line (QEMU runs
                        one host per instance). Without it every host's line is printed under a
                        "# ===== host ID =====" header, each followed by what QEMU cannot express
                        (VCSs as plain switches, MLD LDs as single devices sharing a backing file
                        at their media offset, unbound vPPBs as empty ports) and its QEMU source;
                        --script and --guest need it when the lab has several hosts. A cxl-lab/2
                        lab's bus numbers default to renumber (its hosts' UIDs start at 0)
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}
Exit status: 0 done (warnings allowed), 1 refused or invalid file, 2 bad arguments.
`;

function parseMemory(text: string): NonNullable<QemuExportOptions['memory']> {
  const out: NonNullable<QemuExportOptions['memory']> = {};
  for (const p of splitKeyvals(text)) {
    if (p.key === null || p.key === 'size') {
      const r = parseQemuSize(p.value, '--memory size', 20);
      if (!r.ok) throw new UsageError(r.error.message);
      out.ramBytes = r.value;
    } else if (p.key === 'maxmem') {
      const r = parseQemuSize(p.value, '--memory maxmem');
      if (!r.ok) throw new UsageError(r.error.message);
      out.maxmemBytes = r.value;
    } else if (p.key === 'slots') {
      const r = parseQemuInt(p.value, '--memory slots', 0, 256);
      if (!r.ok) throw new UsageError(r.error.message);
      out.slots = r.value;
    } else throw new UsageError(`--memory: unknown key "${p.key}" (size, maxmem, slots)`);
  }
  return out;
}

export const qemuCommand: CliCommand = {
  name: 'qemu',
  summary: 'print the QEMU command line (and cxl create-region commands) for a lab',
  usage: USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, {
      values: ['--qemu-version', '--output', '--memory', '--mem-path', '--bus-numbers', '--host'],
      flags: ['--script', '--guest', '--json'],
      aliases: { '-o': '--output' },
    });
    const file = onePositional(args, 'lab FILE');
    const version = args.values.get('--qemu-version') ?? 'current';
    if (version !== 'current' && version !== '7.2') {
      throw new UsageError(`--qemu-version: "${version}" is not 7.2 or current`);
    }
    const modes = ['--script', '--guest', '--json'].filter((f) => args.flags.has(f));
    if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} exclude each other`);
    const busOption = args.values.get('--bus-numbers');
    const bus = busOption ?? 'uid';
    if (bus !== 'uid' && bus !== 'renumber')
      throw new UsageError(`--bus-numbers: "${bus}" is not uid or renumber`);
    const options: QemuExportOptions = { syntax: version as QemuSyntax, busNumbers: bus };
    const memory = args.values.get('--memory');
    if (memory !== undefined) options.memory = parseMemory(memory);
    const memPath = args.values.get('--mem-path');
    if (memPath !== undefined) options.memPathDir = memPath;

    const input = await readTextInput('qemu', file, io, { keepBom: true });
    if (input === null) return 1;
    const host = args.values.get('--host');
    const any = parseAnyLabFile(input);
    if (any.ok && any.value.hosts === 'multi') {
      const mode: QemuMode = args.flags.has('--script')
        ? 'script'
        : args.flags.has('--guest')
          ? 'guest'
          : args.flags.has('--json')
            ? 'json'
            : 'command';
      return runQemuHosts(any.value.file, inputName(file), io, {
        ...options,
        busNumbers: busOption === undefined ? 'renumber' : bus,
        host,
        mode,
        output: args.values.get('--output'),
      });
    }
    const loaded = labFromText('qemu', input, inputName(file), io, {}, { host, hostOption: true });
    if (!loaded.ok) return loaded.exitCode;
    const out = exportQemu(loaded.lab, options);
    if (!out.ok) {
      const syntax = version === '7.2' ? ' (7.2 syntax)' : '';
      const count = `${out.error.length} problem${out.error.length === 1 ? '' : 's'}`;
      return reportErrors(
        io,
        'qemu',
        `QEMU cannot express this lab${syntax}: ${count}`,
        inputName(file),
        out.error,
      );
    }
    const x = out.value;
    for (const w of x.warnings) io.stderr(`cxl-lab qemu: warning ${w.code}: ${w.message}\n`);
    let text: string;
    if (args.flags.has('--script')) text = x.script;
    else if (args.flags.has('--guest')) text = x.guestScript;
    else if (args.flags.has('--json')) {
      text = `${JSON.stringify(
        {
          syntax: x.syntax,
          argv: x.argv,
          memory: x.memory,
          windowBases: x.placement.windowBases,
          qemuIds: x.qemuIds,
          busNumbers: x.busNumbers,
          memdevNames: x.memdevNames,
          regions: x.regions,
          warnings: x.warnings,
        },
        null,
        2,
      )}\n`;
    } else {
      text = `${x.commandLine}\n`;
      if (x.regions.length > 0) {
        text += `\n# Then in the guest (memN names may differ per boot: match by serial):\n${x.regions.map((r) => `# ${r.command}`).join('\n')}\n`;
      }
    }
    const output = args.values.get('--output');
    return emitOutput('qemu', output, text, io);
  },
};
