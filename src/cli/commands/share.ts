/**
 * `cxl-lab share` / `cxl-lab unshare`: a lab file as a URL fragment (`#lab=…`) and back.
 *
 *   cxl-lab share FILE [--memory] [--memory-limit SIZE] [--url BASE]
 *   cxl-lab unshare FRAGMENT_OR_URL [-o OUT]
 */
import {
  decodeShareFragment,
  encodeShareFragment,
  parseLabFile,
  parseSize,
  type ShareLinkOptions,
  serializeLabFile,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput, readTextInput } from '../input.ts';
import { UsageError } from '../io.ts';
import { buildsLab } from '../lab-input.ts';
import { onePositional, parseOptions } from '../options.ts';
import { inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';
import { readInput } from './interop-input.ts';

const SHARE_USAGE = `Usage: cxl-lab share FILE [--memory] [--memory-limit SIZE] [--url BASE]

Print a share-link fragment (#lab=…) carrying the whole lab file: topology, decoder programming,
saved registers and, with --memory, touched memory pages up to a limit. The data is deflate-raw,
base64url; opening BASE#lab=… in the lab restores it.

  FILE                  a cxl-lab/1 file ('-' for standard input)
  --memory              include touched memory pages
  --memory-limit SIZE   most memory to include (default 64K; at most 1M)
  --url BASE            print BASE followed by the fragment

${LIMITS_HELP}
Exit status: 0 printed, 1 invalid file or too large for a link, 2 bad arguments.
`;

const UNSHARE_USAGE = `Usage: cxl-lab unshare FRAGMENT_OR_URL [-o OUT]

Decode a share link (a full URL, #lab=…, lab=… or the bare data; '-' reads it from standard
input) and write the cxl-lab/1 file it carries. The link is checked like any untrusted input: size
limits before and after decompression, then the file schema and the topology.

  FRAGMENT_OR_URL       the link, in any of those forms ('-' for standard input)
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}
Exit status: 0 written, 1 the link is not a valid lab link, 2 bad arguments.
`;

export const shareCommand: CliCommand = {
  name: 'share',
  summary: 'print a #lab=… share-link fragment for a lab file',
  usage: SHARE_USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, { values: ['--memory-limit', '--url'], flags: ['--memory'] });
    const file = onePositional(args, 'lab FILE');
    const options: ShareLinkOptions = { includeMemory: args.flags.has('--memory') };
    const limit = args.values.get('--memory-limit');
    if (limit !== undefined) {
      if (!args.flags.has('--memory')) throw new UsageError('--memory-limit applies with --memory');
      const r = parseSize(limit, '--memory-limit');
      if (!r.ok) throw new UsageError(r.error.message);
      options.memoryLimitBytes = r.value;
    }
    const text = await readTextInput('share', file, io, { keepBom: true });
    if (text === null) return 1;
    const parsed = parseLabFile(text);
    if (!parsed.ok)
      return reportErrors(io, 'share', 'not a valid cxl-lab/1 file', inputName(file), parsed.error);
    if (!buildsLab('share', inputName(file), parsed.value, io)) return 1;
    const shared = encodeShareFragment(parsed.value, options);
    if (!shared.ok) return reportErrors(io, 'share', 'cannot make a link', inputName(file), [shared.error]);
    for (const w of shared.value.warnings) io.stderr(`cxl-lab share: warning: ${w}\n`);
    io.stderr(
      `cxl-lab share: ${shared.value.jsonBytes} bytes of JSON → ${shared.value.compressedBytes} compressed, ${shared.value.fragment.length} characters\n`,
    );
    io.stdout(`${args.values.get('--url') ?? ''}${shared.value.fragment}\n`);
    return 0;
  },
};

export const unshareCommand: CliCommand = {
  name: 'unshare',
  summary: 'write the cxl-lab/1 file a share link carries',
  usage: UNSHARE_USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, { values: ['--output'], flags: [], aliases: { '-o': '--output' } });
    const link = onePositional(args, 'FRAGMENT_OR_URL');
    const text = link === '-' ? await readInput('unshare', '-', io) : link;
    if (text === null) return 1;
    const r = decodeShareFragment(text);
    const where = link === '-' ? 'standard input' : 'the link';
    if (!r.ok) return reportErrors(io, 'unshare', 'not a valid lab link', where, r.error);
    if (!buildsLab('unshare', where, r.value, io)) return 1;
    const out = serializeLabFile(r.value);
    const output = args.values.get('--output');
    return emitOutput('unshare', output, out, io);
  },
};
