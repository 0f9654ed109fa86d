/**
 * `cxl-lab import-qemu`: a QEMU command line (as pasted from docs or scripts) → a cxl-lab/1 file.
 *
 *   cxl-lab import-qemu ARGS_FILE [-o OUT] [--assemble] [--qemu-version 7.2|current] [--name NAME]
 */
import { importQemu, serializeLabFile } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { UsageError } from '../io.ts';
import { outputLoads } from '../lab-input.ts';
import { onePositional, parseOptions } from '../options.ts';
import { inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';
import { readInput } from './interop-input.ts';

const USAGE = `Usage: cxl-lab import-qemu ARGS_FILE [-o OUT] [--assemble] [--qemu-version 7.2|current]
                           [--name NAME]

Read a qemu-system-x86_64 command line (one line or backslash-continued, quotes and comments as in
a shell script; the QEMU command is picked out of a pasted script) and write the topology it builds
as a cxl-lab/1 file: pxb-cxl host bridges, cxl-rp root ports, switches, cxl-type3 devices with the
capacities of their memory backends and their sn= serials, and cxl-fmw windows placed where QEMU
x86 places them for the -m/maxmem/slots given. HDM decoders start uncommitted, as QEMU boots them.
Devices and objects the lab does not model are listed and skipped.

  ARGS_FILE             a file with the command line ('-' for standard input)
  --assemble            also build one region per window as cxl create-region would, committed
  --qemu-version V      current (default) or 7.2: decides decoder counts and passthrough bridges
  --name NAME           the topology's name
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}
Exit status: 0 imported (notes on standard error), 1 the command line has errors, 2 bad arguments.
`;

export const importQemuCommand: CliCommand = {
  name: 'import-qemu',
  summary: 'turn a QEMU command line into a cxl-lab/1 topology',
  usage: USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, {
      values: ['--output', '--qemu-version', '--name'],
      flags: ['--assemble'],
      aliases: { '-o': '--output' },
    });
    const file = onePositional(args, 'ARGS_FILE');
    const version = args.values.get('--qemu-version') ?? 'current';
    if (version !== 'current' && version !== '7.2') {
      throw new UsageError(`--qemu-version: "${version}" is not 7.2 or current`);
    }
    const text = await readInput('import-qemu', file, io);
    if (text === null) return 1;
    const name = args.values.get('--name');
    const r = importQemu(text, {
      qemuVersion: version,
      assemble: args.flags.has('--assemble'),
      ...(name !== undefined ? { name } : {}),
    });
    if (!r.ok) {
      return reportErrors(io, 'import-qemu', 'the command line has errors', inputName(file), r.error);
    }
    const x = r.value;
    for (const s of x.skipped)
      io.stderr(`cxl-lab import-qemu: skipped argument ${s.index} (line ${s.line}) ${s.text}: ${s.reason}\n`);
    for (const w of x.warnings) io.stderr(`cxl-lab import-qemu: warning ${w.code}: ${w.message}\n`);
    if (x.regions.length > 0) io.stderr(`cxl-lab import-qemu: assembled ${x.regions.join(', ')}\n`);
    const out = serializeLabFile(x.file ?? x.spec);
    if (!outputLoads('import-qemu', inputName(file), out, io)) return 1;
    const output = args.values.get('--output');
    return emitOutput('import-qemu', output, out, io);
  },
};
