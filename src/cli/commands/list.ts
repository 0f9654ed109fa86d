/**
 * `cxl-lab list`: the lab as `cxl list -BDMPTERvvv` would print it on Linux (buses, ports,
 * endpoints, memdevs, decoders with targets, regions with mappings).
 */
import { cxlList, formatCxlJson } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';

const USAGE = `Usage: cxl-lab list FILE [-u] [-o OUT]

Print a cxl-lab/1 topology as Linux's \`cxl list -BDMPTERvvv\` would: the CXL bus root0, host
bridge and switch ports, endpoints with their memdevs, every decoder (root, switch, endpoint) with
its targets, and regions with their mappings, named as Linux names them (portN, endpointN,
decoderX.Y, memN, regionN). Regions are the ones Linux would assemble from the committed decoders.

  FILE                  a cxl-lab/1 file ('-' for standard input)
  -u, --human           hex fields as "0x…" strings and sizes as "1.00 GiB (1.07 GB)", like cxl -u
  -o, --output PATH     write to PATH instead of standard output
`;

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'print the topology as `cxl list -BDMPTERvvv` JSON, with Linux names',
  usage: USAGE,
  async run(args, io) {
    let human = false;
    let output: string | undefined;
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (arg === '-u' || arg === '--human') human = true;
      else if (arg === '-o' || arg === '--output') {
        output = args[++i];
        if (output === undefined) throw new UsageError(`${arg} needs a value`);
      } else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
      else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      else positional.push(arg);
    }
    if (positional.length !== 1) throw new UsageError('give exactly one lab FILE');
    const file = positional[0] ?? '';
    const loaded = await loadLab('list', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const text = `${formatCxlJson(cxlList(loaded.lab, { human }))}\n`;
    if (output === undefined) io.stdout(text);
    else io.writeFile(output, text);
    return 0;
  },
};
