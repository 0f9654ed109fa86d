import type { CliCommand } from '../command.ts';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: CliCommand[] = [];
