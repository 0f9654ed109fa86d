/**
 * `cxl-lab list`: the lab as `cxl list -BDMPTERvvv` would print it on Linux (buses, ports,
 * endpoints, memdevs, decoders with targets, regions with mappings).
 */
import { cxlList, formatCxlJson, mediaErrors } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { HOST_OPTIONS, HOST_USAGE, hostOption } from '../host-lab.ts';
import { emitOutput } from '../input.ts';
import { loadLab } from '../lab-input.ts';
import { type OptionSpec, onePositional, parseOptions } from '../options.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab list FILE [-u | -L] [-o OUT] [--host ID] [--linux V] [--qemu-version V]

Print a cxl-lab/1 topology as Linux's \`cxl list -BDMPTERvvv\` would: the CXL bus root0, host
bridge and switch ports, endpoints with their memdevs, every decoder (root, switch, endpoint) with
its targets, and regions with their mappings, named as Linux names them (portN, endpointN,
decoderX.Y, memN, regionN). Regions are the ones Linux would assemble from the committed decoders.

  FILE                  a cxl-lab/1 file ('-' for standard input)
  -u, --human           hex fields as "0x…" strings and sizes as "1.00 GiB (1.07 GB)", like cxl -u
  -L, --media-errors    instead: each memdev's poison records as \`cxl list --media-errors\` shows
                        them ("offset" = DPA, "length", "source") plus the HPAs that reach each
                        poisoned line through the committed decoders ("hpa")
  -o, --output OUT      write to OUT instead of standard output
${HOST_USAGE}
${PLATFORM_USAGE}

${LIMITS_HELP}
Exit status: 0 printed, 1 invalid file, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--output', ...PLATFORM_OPTIONS, ...HOST_OPTIONS],
  flags: ['--human', '--media-errors'],
  aliases: { '-o': '--output', '-u': '--human', '-L': '--media-errors' },
};

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'print the topology as `cxl list -BDMPTERvvv` JSON, with Linux names',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const file = onePositional(parsed, 'lab FILE');
    const output = parsed.values.get('--output');
    const loaded = await loadLab('list', file, io, platformOverride(parsed), {
      host: hostOption(parsed),
      hostOption: true,
    });
    if (!loaded.ok) return loaded.exitCode;
    const text = parsed.flags.has('--media-errors')
      ? `${JSON.stringify(mediaErrors(loaded.lab), null, 2)}\n`
      : `${formatCxlJson(cxlList(loaded.lab, { human: parsed.flags.has('--human') }))}\n`;
    return emitOutput('list', output, text, io);
  },
};
