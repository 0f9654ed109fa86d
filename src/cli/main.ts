/**
 * `cxl-lab`: the lab's headless command line. Commands live in `./commands/` and are listed in
 * `./commands/index.ts`.
 */
import type { CliCommand } from './command.ts';
import { commands } from './commands/index.ts';
import { type CliIo, nodeIo, UsageError } from './io.ts';
import { errorLine } from './report.ts';

function globalHelp(list: CliCommand[]): string {
  const width = Math.max(8, ...list.map((c) => c.name.length));
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: cxl-lab <command> [options]',
    '',
    'CXL Topology Lab on the command line: route host physical addresses through a topology,',
    'check decoder programming, build and parse the ACPI CEDT, speak QEMU command lines and',
    '`cxl list` JSON, and carry a lab in a share link.',
    '',
    'Commands:',
    ...(lines.length > 0 ? lines : ['  (none yet)']),
    '',
    'Options:',
    "  -h, --help       this list; `cxl-lab <command> --help` shows a command's usage and options",
    '  -V, --version    the version',
    '',
    "A command's options take their value as `--name VALUE` or `--name=VALUE`, and `--` ends them;",
    "`-` for a file reads standard input where the command's help says so. Addresses accept hex",
    '(0x…) or decimal; sizes also accept 256M, 4G, 1T.',
    '',
    'Errors are one line each on standard error: "cxl-lab COMMAND: WHAT (WHERE)", never a stack trace.',
    'Inputs are read up to the limits in docs/limits.md (text 64 MiB, CEDT 1 MiB), enforced while',
    "reading; a command's -o OUT is written whole or not at all. An internal error (a bug) is one line",
    'too; set CXL_LAB_DEBUG=1 to see its stack.',
    '',
    'Exit status: 0 done, 1 the input is invalid or a check failed (see each command), 2 bad arguments.',
    '',
  ].join('\n');
}

/**
 * Anything a command throws that is not a `UsageError` is a bug in the lab: say so in one line,
 * without the stack or the internal message (set CXL_LAB_DEBUG=1 to see them), and exit 1.
 */
function unexpected(name: string, e: unknown, io: CliIo): number {
  io.stderr(
    errorLine(
      name,
      'internal error: the input could not be processed (a bug in cxl-lab: please report it with the input)',
    ),
  );
  if (typeof process !== 'undefined' && process.env.CXL_LAB_DEBUG === '1') {
    io.stderr(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  return 1;
}

export async function main(
  argv: string[],
  io: CliIo = nodeIo,
  list: CliCommand[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: the list goes to standard error, as for an unknown command.
    io.stderr(globalHelp(list));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(globalHelp(list));
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout('cxl-lab 0.1.0\n');
    return 0;
  }
  const command = list.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`cxl-lab: unknown command '${name}'\n\n${globalHelp(list)}`);
    return 2;
  }
  // Help wins over everything else on the line, up to a `--` (after it, `--help` is a positional).
  const end = rest.indexOf('--');
  const options = end < 0 ? rest : rest.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cxl-lab ${name}: ${e.message}\n\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    return unexpected(name, e, io);
  }
}
