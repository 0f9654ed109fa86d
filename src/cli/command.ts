// The shape every `cxl-lab` subcommand implements: name, help texts and `run`.
import type { CliIo } from './io.ts';

export interface CliCommand {
  name: string;
  /** One line for `cxl-lab --help`. */
  summary: string;
  /** Full usage text for `cxl-lab <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throws `UsageError` for unusable arguments. */
  run(args: string[], io: CliIo): Promise<number> | number;
}
