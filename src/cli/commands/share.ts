/**
 * `cxl-lab share` / `cxl-lab unshare`: a lab file as a URL fragment (`#lab=…`) and back.
 *
 *   cxl-lab share FILE [--memory] [--memory-limit SIZE] [--url BASE]
 *   cxl-lab unshare FRAGMENT_OR_URL [-o OUT]
 */

import { parseAnyLabFile } from '../../cxl/fabric/file.ts';
import { serializeMultiHostFile } from '../../cxl/fabric/file-write.ts';
import {
  decodeShareFragment,
  encodeShareFragment,
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
saved registers and, with --memory, touched memory pages up to a limit (a multi-host lab's
fabric media pages count like device pages). The data is deflate-raw,
base64url; opening BASE#lab=… in the lab restores it.

  FILE                  a cxl-lab/1 or cxl-lab/2 (multi-host) file ('-' for standard input)
  --memory              include touched memory pages
  --memory-limit SIZE   most memory to include (default 64K; at most 1M)
  --url BASE            print BASE followed by the fragment

${LIMITS_HELP}
Exit status: 0 printed, 1 invalid file or too large for a link, 2 bad arguments.
`;

const UNSHARE_USAGE = `Usage: cxl-lab unshare FRAGMENT_OR_URL [-o OUT]

Decode a share link (a full URL, #lab=…, lab=… or the bare data; '-' reads it from standard
input) and write the lab file it carries (cxl-lab/1, or cxl-lab/2 for a multi-host lab). The link
is checked like any untrusted input: size limits before and after decompression, then the file
schema and the topology.

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
    const parsed = parseAnyLabFile(text);
    if (!parsed.ok) return reportErrors(io, 'share', 'not a valid lab file', inputName(file), parsed.error);
    // A multi-host file (cxl-lab/2, issue 18) is built by `encodeShareFragment`'s acceptance check.
    if (parsed.value.hosts === 'single' && !buildsLab('share', inputName(file), parsed.value.file, io))
      return 1;
    const shared = encodeShareFragment(parsed.value.file, options);
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
  summary: 'write the lab file (cxl-lab/1, or cxl-lab/2 for a multi-host lab) a share link carries',
  usage: UNSHARE_USAGE,
  async run(argv, io) {
    const args = parseOptions(argv, { values: ['--output'], flags: [], aliases: { '-o': '--output' } });
    const link = onePositional(args, 'FRAGMENT_OR_URL');
    const text = link === '-' ? await readInput('unshare', '-', io) : link;
    if (text === null) return 1;
    const r = decodeShareFragment(text);
    const where = link === '-' ? 'standard input' : 'the link';
    if (!r.ok) return reportErrors(io, 'unshare', 'not a valid lab link', where, r.error);
    // A multi-host link (issue 18) was built by the same rule while decoding; it is written as cxl-lab/2.
    if (r.value.hosts === 'single' && !buildsLab('unshare', where, r.value.file, io)) return 1;
    const out =
      r.value.hosts === 'single' ? serializeLabFile(r.value.file) : serializeMultiHostFile(r.value.file);
    const output = args.values.get('--output');
    return emitOutput('unshare', output, out, io);
  },
};
