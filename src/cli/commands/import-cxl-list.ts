/**
 * `cxl-lab import-cxl-list`: `cxl list -BDMPTERvvv` JSON from a real machine → a cxl-lab/1 file
 * with every decoder programmed as the kernel left it.
 *
 *   cxl-lab import-cxl-list JSON_FILE [-o OUT] [--name NAME]
 */
import { createLab, importCxlList, serializeLabFile } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { outputLoads } from '../lab-input.ts';
import { onePositional, parseOptions } from '../options.ts';
import { inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';
import { readInput } from './interop-input.ts';

const USAGE = `Usage: cxl-lab import-cxl-list JSON_FILE [-o OUT] [--name NAME]

Read the JSON of \`cxl list -BDMPTERvvv\` (or a subset; plain numbers or -u human forms) and write
the machine's topology as a cxl-lab/1 file: root decoders become windows, host-bridge and switch
ports and their dports become bridges and ports, endpoints become Type 3 devices, and every enabled
decoder is programmed and committed as listed (endpoint DPA Skip from dpa_resource). What the
listing leaves out — devices not listed, decoders without targets — is reported and left out or
unprogrammed, never guessed. Without parent_dport (ndctl v76 and older) a device is placed below the
single dport of its port or where its committed region decoders put it, each with a note naming the
evidence; any other device is left out of the file with a cxl-list.unplaced note (lspci -tv on the
machine shows its port; the UI's Unplaced strip places it). Capture: cxl list -BDMPTERvvv.

  JSON_FILE             the listing ('-' for standard input)
  --name NAME           the topology's name
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}
Exit status: 0 imported (findings on standard error), 1 not a usable listing, 2 bad arguments.
`;

export const importCxlListCommand: CliCommand = {
  name: 'import-cxl-list',
  summary: "turn a machine's cxl list JSON into a programmed cxl-lab/1 topology",
  usage: USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, {
      values: ['--output', '--name'],
      flags: [],
      aliases: { '-o': '--output' },
    });
    const file = onePositional(args, 'JSON_FILE');
    const text = await readInput('import-cxl-list', file, io);
    if (text === null) return 1;
    const name = args.values.get('--name');
    const r = importCxlList(text, name !== undefined ? { name } : {});
    if (!r.ok) return reportErrors(io, 'import-cxl-list', 'cannot import', inputName(file), r.error);
    for (const f of r.value.findings) io.stderr(`cxl-lab import-cxl-list: note ${f.code}: ${f.message}\n`);
    const created = createLab(r.value.spec);
    if (created.ok) {
      for (const f of created.value.findings) {
        io.stderr(`cxl-lab import-cxl-list: warning ${f.code}: ${f.message}\n`);
      }
    }
    const out = serializeLabFile(r.value.spec);
    if (!outputLoads('import-cxl-list', inputName(file), out, io)) return 1;
    const output = args.values.get('--output');
    return emitOutput('import-cxl-list', output, out, io);
  },
};
