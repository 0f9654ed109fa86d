/**
 * `cxl-lab check`: decoder and region consistency findings for a lab file, as JSON.
 */
import { COMMIT_CHECKS, checkRun, hex } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { HOST_OPTIONS, HOST_USAGE, hostOption } from '../host-lab.ts';
import type { CliIo } from '../io.ts';
import { loadLab } from '../lab-input.ts';
import { onePositional, parseOptions } from '../options.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';
import { errorLine, inputName } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

/** Words of `text` in lines of at most `width` characters after `indent` spaces. */
function wrap(text: string, indent: number, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${''.padEnd(indent)}${l}`);
}

function commitCheckLines(): string[] {
  return COMMIT_CHECKS.map(
    (c) =>
      `  ${c.id.padEnd(28)} ${(c.onlyWithLock ? 'spec, with Lock On Commit' : 'always (encoding check)').padEnd(25)}  ${c.spec}\n` +
      wrap(c.title, 31).join('\n'),
  );
}

const USAGE = `Usage: cxl-lab check FILE [--host ID] [--linux V] [--qemu-version V]

Check a cxl-lab/1 file the way a driver developer would before trusting it, and print the findings
as JSON (exit 1 when there are errors):

  {"file":…,"errors":N,"warnings":N,
   "findings":[{"severity","code","message","component","decoder","rule","ref",
                "checks"?,"behaviour"?}…],
   "regions":[{"name","window","base","size","ways","granularity","members":[…]}…]}

  FILE                  a cxl-lab/1 file ('-' for standard input)
${HOST_USAGE}
${PLATFORM_USAGE}

Every finding says whose rule it is, in "rule", with the source in "ref":
  "spec"   the CXL specification, r3.1 §8.2.4.20: what the hardware does or requires — commit
           order, ascending HPA per component, distinct targets, 3/6/12-way sizes, device-only way
           counts, DPA within capacity, and holes, aliases and misroutes found by routing every
           256 B chunk of each region (the start and end of very large ones).
           Overlapping committed decoders of one component ("decoder.overlap"), aliases
           ("region.alias") and overlapping regions ("region.overlap") are warnings: without Lock
           On Commit the hardware commits and decodes them (r3.1 §8.2.4.20.12). Each carries
           "behaviour": what the hardware (spec), Linux and QEMU do about it, with sources.
  "linux"  what Linux's CXL driver (drivers/cxl/core/{hdm,region,port}.c) refuses or reports when
           it enumerates committed decoders and assembles regions from them: zero-size commits,
           member counts, granularity multiplying down the levels (also for 1-target ports: the
           product must encode), per-port ways, ranges, positions, target-list order, window
           restrictions; and topologies it cannot probe (a passthrough host bridge, decoderCount 0,
           with several root ports: a warning, since the lab still loads it). A 1-target decoder
           whose granularity is not parent ig × parent iw is a warning: only kernels before v6.16
           refuse it (Linux 6.1 itself programmed the region granularity there).

Decoders that end in Error Not Committed when the file is loaded come first, as
"decoder.commit-failed" with rule "spec": the commit state machine runs the checks below and
"checks" lists each one that failed, with its section. The encoding checks are the lab's model of a
component refusing what its HDM Decoder Capability says it cannot do (any Lock On Commit); the
others are the spec's own checks, which run only with Lock On Commit (without it the component
commits anyway and software is responsible — which is what the other findings are for).

Commit checks (COMMIT_CHECKS, in the order they run):
${commitCheckLines().join('\n')}

With errors, standard error also names the count and the first one.
${LIMITS_HELP}
Exit status: 0 no errors (warnings allowed), 1 errors found or invalid file, 2 bad arguments.
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'report decoder and region consistency findings (spec and Linux rules) as JSON',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseOptions(args, { values: [...PLATFORM_OPTIONS, ...HOST_OPTIONS], flags: [] });
    const file = onePositional(parsed, 'lab FILE');
    const loaded = await loadLab('check', file, io, platformOverride(parsed), {
      host: hostOption(parsed),
      hostOption: true,
    });
    if (!loaded.ok) return loaded.exitCode;
    // Load findings (topology warnings, decoders that did not commit) come first: they explain
    // later findings. The worker's check.run answers with the same checkRun.
    const { findings, errors, warnings, regions } = checkRun(loaded.lab, loaded.findings);
    const out = {
      file,
      errors,
      warnings,
      findings,
      regions: regions.map((r) => ({ ...r, base: hex(r.base), size: hex(r.size) })),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    if (errors === 0) return 0;
    // Exit 1 never goes unexplained: the first error is named on standard error too.
    const first = findings.find((f) => f.severity === 'error');
    const place = first?.component === undefined ? inputName(file) : `${inputName(file)}: ${first.component}`;
    io.stderr(
      errorLine(
        'check',
        `${errors} error${errors === 1 ? '' : 's'}, first ${first?.code}: ${first?.message}`,
        place,
      ),
    );
    return 1;
  },
};
