/**
 * `cxl-lab region`: create (or destroy) a region the way `cxl create-region` and Linux would, on a
 * lab file.
 *
 *   cxl-lab region FILE --window ID --members LIST [--ways N] [--granularity G] [--size S]
 *                       [--mode volatile|persistent] [--plan [--json]] [-o OUT]
 *   cxl-lab region FILE --destroy REGION [--plan [--json]] [-o OUT]
 */
import {
  applyPlan,
  createRegion,
  formatPlan,
  formatRefusal,
  parseSize,
  planDestroyRegion,
  type RegionMode,
  type RegionPlan,
  type RegionRefusal,
  type RegionRequest,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { HOST_OPTIONS, HOST_USAGE } from '../host-lab.ts';
import { emitOutput } from '../input.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';
import { type OptionSpec, onePositional, parseOptions } from '../options.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab region FILE --window ID --members LIST [--ways N] [--granularity G]
                      [--size SIZE] [--mode volatile|persistent] [--plan [--json]] [-o OUT]
                      [--host ID] [--linux 6.1|current] [--qemu-version 7.2|current]
       cxl-lab region FILE --destroy REGION [--plan [--json]] [-o OUT]

Assemble a region like \`cxl create-region\` on Linux: validate every rule Linux's region code
enforces, derive each host-bridge, switch and endpoint decoder, and commit them bottom-up with the
register writes Linux makes. A refusal names the Linux object, the rule, the errno and the message
Linux would log.

  FILE                  a cxl-lab/1 file ('-' for standard input)
  -w, --window ID       the window: its id (cfmw0) or root decoder name (decoder0.0)
  -m, --members LIST    Type 3 ids or memN names, comma-separated, in region position order
  --ways N              interleave ways (default: the number of members)
  -g, --granularity G   interleave granularity in bytes: 256 … 16K (default: the root decoder's)
  -s, --size SIZE       region size: 0x…, decimal, 256M, 4G (default: as cxl create-region)
  -t, --mode MODE       volatile (ram) or persistent (pmem) (default: pmem if the window allows)
  --destroy REGION      tear REGION down instead (reverse position order, top-down)
  --plan                print the plan (decoders, commit order, MMIO writes) instead of the file
  --json                with --plan: the plan as JSON
  -o, --output OUT      write to OUT instead of standard output
${HOST_USAGE}
${PLATFORM_USAGE}

Without --plan the writes are performed on the lab and the programmed topology is written as a
cxl-lab/1 file.

${LIMITS_HELP}
Exit status: 0 done, 1 refused (or the file is invalid), 2 bad arguments.
`;

interface RegionArgs {
  file: string;
  host: string | undefined;
  destroy?: string;
  request?: RegionRequest;
  plan: boolean;
  json: boolean;
  output?: string;
  platform: ReturnType<typeof platformOverride>;
}

const OPTIONS: OptionSpec = {
  values: [
    '--window',
    '--members',
    '--ways',
    '--granularity',
    '--size',
    '--mode',
    '--destroy',
    '--output',
    ...HOST_OPTIONS,
    ...PLATFORM_OPTIONS,
  ],
  flags: ['--plan', '--json'],
  aliases: {
    '-w': '--window',
    '-m': '--members',
    '-g': '--granularity',
    '-s': '--size',
    '-t': '--mode',
    '-o': '--output',
  },
};

function number(text: string, what: string): number {
  const r = parseSize(text, what);
  if (!r.ok) throw new UsageError(r.error.message);
  return r.value;
}

function parseMode(text: string): RegionMode {
  if (text === 'volatile' || text === 'ram') return 'volatile';
  if (text === 'persistent' || text === 'pmem') return 'persistent';
  throw new UsageError(`--mode: "${text}" is not volatile (ram) or persistent (pmem)`);
}

function parseArgs(args: readonly string[]): RegionArgs {
  const { values, flags, positional } = parseOptions(args, OPTIONS);
  const file = onePositional({ values, flags, positional }, 'lab FILE');
  const plan = flags.has('--plan');
  const json = flags.has('--json');
  if (json && !plan) throw new UsageError('--json applies to --plan');
  const output = values.get('--output');
  const platform = platformOverride({ values, flags, positional });
  const host = values.get('--host');
  const common = { file, plan, json, platform, host, ...(output !== undefined ? { output } : {}) };
  const destroy = values.get('--destroy');
  if (destroy !== undefined) {
    const extra = ['--window', '--members', '--ways', '--granularity', '--size', '--mode'].filter((k) =>
      values.has(k),
    );
    if (extra.length > 0) throw new UsageError(`--destroy takes no ${extra.join(', ')}`);
    return { ...common, destroy };
  }
  const window = values.get('--window');
  const members = values.get('--members');
  if (window === undefined) throw new UsageError('--window is required');
  if (members === undefined) throw new UsageError('--members is required');
  const list = members
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  if (list.length === 0) throw new UsageError('--members lists no memdev');
  const request: RegionRequest = { window, members: list };
  const ways = values.get('--ways');
  if (ways !== undefined) {
    if (!/^\d+$/.test(ways)) throw new UsageError(`--ways: "${ways}" is not a whole number`);
    request.ways = Number(ways);
  }
  const granularity = values.get('--granularity');
  if (granularity !== undefined) request.granularity = number(granularity, '--granularity');
  const size = values.get('--size');
  if (size !== undefined) request.size = number(size, '--size');
  const mode = values.get('--mode');
  if (mode !== undefined) request.mode = parseMode(mode);
  return { ...common, request };
}

function refused(io: CliIo, e: RegionRefusal): number {
  io.stderr(`cxl-lab region: ${formatRefusal(e)}`);
  return 1;
}

export const regionCommand: CliCommand = {
  name: 'region',
  summary: 'create or destroy a region like Linux cxl create-region (plan or programmed file)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    const loaded = await loadLab('region', args.file, io, args.platform, {
      host: args.host,
      hostOption: true,
    });
    if (!loaded.ok) return loaded.exitCode;
    const lab = loaded.lab;
    const planned =
      args.destroy !== undefined
        ? planDestroyRegion(lab, args.destroy)
        : createRegion(lab, args.request as RegionRequest);
    if (!planned.ok) return refused(io, planned.error);
    const plan: RegionPlan = planned.value;
    if (args.plan) {
      const text = args.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan);
      return emitOutput('region', args.output, text, io);
    }
    const applied = applyPlan(lab, plan);
    if (!applied.ok) return refused(io, applied.error);
    io.stderr(
      `cxl-lab region: ${plan.kind === 'create' ? 'committed' : 'reset'} ${applied.value.region} ` +
        `(${plan.order.length} decoder${plan.order.length === 1 ? '' : 's'}, ${applied.value.writes.length} MMIO writes)\n`,
    );
    for (const note of plan.kind === 'create' ? plan.notes : []) io.stderr(`  note: ${note}\n`);
    return emitOutput('region', args.output, loaded.serialize(), io);
  },
};
