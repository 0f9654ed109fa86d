/**
 * `cxl-lab cedt`: build, decode and import the ACPI CEDT (CXL Early Discovery Table, CXL r3.1 §9.18.1).
 *
 *   cxl-lab cedt FILE [-o OUT] [--dump] [header options]                       topology → binary table
 *   cxl-lab cedt --parse TABLE [--json] [-o OUT]                              binary table → listing
 *   cxl-lab cedt --import TABLE [-o OUT]                                      binary table → topology
 */

import { resolveHeaderOptions } from '../../cxl/acpi/header.ts';
import {
  buildCedt,
  type CedtHeaderOptions,
  type CxlError,
  cedtListing,
  decodeCedt,
  importCedt,
  parseAddress,
  parseLabFile,
  serializeLabFile,
  validateTopology,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { readCedtInput, readTextInput, writeOutput } from '../input.ts';
import { type CliIo, UsageError } from '../io.ts';
import { buildsLab, outputLoads } from '../lab-input.ts';
import { type OptionSpec, parseOptions } from '../options.ts';
import { errorLine, inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab cedt FILE [-o OUT] [--dump] [--oem-id ID] [--oem-table-id ID] [--oem-revision N]
                      [--creator-id ID] [--creator-revision N]
       cxl-lab cedt --parse TABLE [--json] [-o OUT]
       cxl-lab cedt --import TABLE [-o OUT]

Build, decode or import an ACPI CEDT (CXL Early Discovery Table, CXL r3.1 §9.18.1): one CHBS per
host bridge, one CFMWS per fixed memory window, one CXIMS per XOR granularity.

  FILE                  a cxl-lab/1 topology file: writes its CEDT, binary, to standard output
  -o, --output OUT      write to OUT instead of standard output
  --dump                print the table's fields (offset, length, name, raw, value) instead of
                        the binary; with -o the binary still goes to OUT
  --oem-id ID           OEM ID, up to 6 ASCII characters (default "BOCHS ", as QEMU)
  --oem-table-id ID     OEM Table ID, up to 8 ASCII characters (default "BXPC    ", as QEMU)
  --oem-revision N      OEM Revision, 32-bit, hex or decimal (default 1, as QEMU)
  --creator-id ID       Creator ID, up to 4 ASCII characters (default "BXPC", as QEMU)
  --creator-revision N  Creator Revision, 32-bit, hex or decimal (default 1, as QEMU)
  --parse TABLE         decode a binary CEDT (for example /sys/firmware/acpi/tables/CEDT) and
                        list its fields and findings
  --json                with --parse: print the decoded table as JSON
  --import TABLE        turn a binary CEDT into a cxl-lab/1 topology: its host bridges and
                        windows (add root ports and devices afterwards); every usable subtable
                        is imported and each unusable one is a warning naming its offset and
                        reason (Linux skips a bad window and loads the rest); only a table that is
                        not a whole CEDT (no header, wrong signature, cut off) is refused

A TABLE is read up to 1 MiB and a FILE up to 64 MiB: reading stops there, with an error. A run
that fails leaves an existing OUT as it was. An ID or revision that does not fit its field is a
bad argument.
${LIMITS_HELP}
Exit status: 0 done (warnings allowed), 1 the table or topology has errors, 2 bad arguments.
`;

interface CedtArgs {
  mode: 'build' | 'parse' | 'import';
  input: string;
  output?: string;
  dump: boolean;
  json: boolean;
  header: CedtHeaderOptions;
}

const HEADER_OPTIONS = ['--oem-id', '--oem-table-id', '--oem-revision', '--creator-id', '--creator-revision'];
const OPTIONS: OptionSpec = {
  values: ['--output', ...HEADER_OPTIONS, '--parse', '--import'],
  flags: ['--dump', '--json'],
  aliases: { '-o': '--output' },
};

function parseArgs(args: readonly string[]): CedtArgs {
  const { values, flags, positional } = parseOptions(args, OPTIONS);
  const parse = values.get('--parse');
  const imported = values.get('--import');
  const modes = [parse !== undefined, imported !== undefined, positional.length > 0].filter(Boolean).length;
  if (modes !== 1 || positional.length > 1) {
    throw new UsageError('give exactly one of: a topology FILE, --parse TABLE, --import TABLE');
  }
  const mode = parse !== undefined ? 'parse' : imported !== undefined ? 'import' : 'build';
  if (mode !== 'build' && (flags.has('--dump') || HEADER_OPTIONS.some((o) => values.has(o)))) {
    throw new UsageError(
      `--dump and ${HEADER_OPTIONS.join(', ')} apply to building a table from a topology FILE`,
    );
  }
  if (mode !== 'parse' && flags.has('--json')) throw new UsageError('--json applies to --parse');

  const header: CedtHeaderOptions = {};
  const oemId = values.get('--oem-id');
  const oemTableId = values.get('--oem-table-id');
  if (oemId !== undefined) header.oemId = oemId;
  if (oemTableId !== undefined) header.oemTableId = oemTableId;
  const creatorId = values.get('--creator-id');
  if (creatorId !== undefined) header.creatorId = creatorId;
  for (const [option, key] of [
    ['--oem-revision', 'oemRevision'],
    ['--creator-revision', 'creatorRevision'],
  ] as const) {
    const text = values.get(option);
    if (text === undefined) continue;
    const n = parseAddress(text, option);
    if (!n.ok || n.value > 0xffff_ffff)
      throw new UsageError(`${option} must be a 32-bit number, not ${text}`);
    header[key] = n.value;
  }
  checkHeader(header);
  const output = values.get('--output');
  return {
    mode,
    input: parse ?? imported ?? positional[0] ?? '',
    ...(output !== undefined ? { output } : {}),
    dump: flags.has('--dump'),
    json: flags.has('--json'),
    header,
  };
}

/** Header values that do not fit their fields are bad arguments (exit 2), named by their option. */
function checkHeader(header: CedtHeaderOptions): void {
  const r = resolveHeaderOptions(header);
  if (r.ok) return;
  const option: Record<string, string> = {
    oemId: '--oem-id',
    oemTableId: '--oem-table-id',
    oemRevision: '--oem-revision',
    creatorId: '--creator-id',
    creatorRevision: '--creator-revision',
  };
  const e = r.error[0];
  const field = e?.field ?? '';
  const name = Object.hasOwn(option, field) ? option[field] : field;
  throw new UsageError(`${name}: ${e?.message ?? 'does not fit'} (${e?.code ?? ''}, ${e?.spec ?? ''})`);
}

const COMMAND = 'cedt';

function report(io: CliIo, what: string, input: string, errors: readonly CxlError[]): number {
  return reportErrors(io, COMMAND, what, inputName(input), errors);
}

/** Standard output, or OUT written whole (a failed write is exit 1). */
function emit(io: CliIo, output: string | undefined, data: string): number {
  if (output === undefined) {
    io.stdout(data);
    return 0;
  }
  return writeOutput(COMMAND, output, data, io) ? 0 : 1;
}

async function build(args: CedtArgs, io: CliIo): Promise<number> {
  const text = await readTextInput(COMMAND, args.input, io, { keepBom: true });
  if (text === null) return 1;
  const file = parseLabFile(text);
  if (!file.ok) return report(io, 'not a valid cxl-lab/1 file', args.input, file.error);
  if (!buildsLab(COMMAND, inputName(args.input), file.value, io)) return 1;
  const topology = validateTopology(file.value.spec);
  if (!topology.ok) return report(io, 'the topology does not validate', args.input, topology.error);
  const table = buildCedt(topology.value, args.header);
  if (!table.ok) return report(io, 'cannot build the CEDT', args.input, table.error);
  if (args.output !== undefined && !writeOutput(COMMAND, args.output, table.value, io)) return 1;
  if (args.dump) io.stdout(cedtListing(decodeCedt(table.value)));
  else if (args.output === undefined) io.stdoutBytes(table.value);
  return 0;
}

function parse(args: CedtArgs, io: CliIo): number {
  const bytes = readCedtInput(COMMAND, args.input, io);
  if (bytes === null) return 1;
  const table = decodeCedt(bytes);
  const text = args.json ? `${JSON.stringify(table, null, 2)}\n` : cedtListing(table);
  const errors = table.findings.filter((f) => f.severity === 'error').length;
  if (errors === 0) return emit(io, args.output, text);
  // A table with errors is listed on standard output; OUT, if given, is left as it was.
  io.stdout(text);
  const kept = args.output === undefined ? '' : `; ${args.output} not written`;
  io.stderr(errorLine(COMMAND, `${errors} error${errors === 1 ? '' : 's'} in the table${kept}`, args.input));
  return 1;
}

function importTable(args: CedtArgs, io: CliIo): number {
  const bytes = readCedtInput(COMMAND, args.input, io);
  if (bytes === null) return 1;
  // Forgiving: every usable subtable is imported, each unusable one is a warning with its offset.
  const imported = importCedt(decodeCedt(bytes));
  if (!imported.ok) return report(io, 'cannot import', args.input, imported.error);
  const { spec, findings } = imported.value;
  for (const f of findings) io.stderr(`cxl-lab cedt: warning ${f.code}: ${f.message}\n`);
  const checked = validateTopology(spec);
  if (!checked.ok) {
    for (const e of checked.error) io.stderr(`cxl-lab cedt: note: ${e.code}: ${e.message}\n`);
  }
  const out = serializeLabFile(spec);
  if (!outputLoads(COMMAND, args.input, out, io)) return 1;
  return emit(io, args.output, out);
}

export const cedtCommand: CliCommand = {
  name: 'cedt',
  summary: 'build, decode or import an ACPI CEDT (CHBS, CFMWS, CXIMS)',
  usage: USAGE,
  run(args, io) {
    const parsed = parseArgs(args);
    if (parsed.mode === 'build') return build(parsed, io);
    if (parsed.mode === 'parse') return parse(parsed, io);
    return importTable(parsed, io);
  },
};
