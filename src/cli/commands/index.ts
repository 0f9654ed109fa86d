import type { CliCommand } from '../command.ts';
import { cedtCommand } from './cedt.ts';
import { checkCommand } from './check.ts';
import { fillVerifyCommand } from './fill-verify.ts';
import { listCommand } from './list.ts';
import { regionCommand } from './region.ts';
import { routeCommand } from './route.ts';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: CliCommand[] = [
  cedtCommand,
  regionCommand,
  listCommand,
  routeCommand,
  checkCommand,
  fillVerifyCommand,
];
