// The table of `cxl-lab` subcommands, in `--help` order.
import type { CliCommand } from '../command.ts';
import { cedtCommand } from './cedt.ts';
import { checkCommand } from './check.ts';
import { configCommand } from './config.ts';
import { fillVerifyCommand } from './fill-verify.ts';
import { fmCommand } from './fm.ts';
import { importCxlListCommand } from './import-cxl-list.ts';
import { importQemuCommand } from './import-qemu.ts';
import { lessonCommand } from './lesson.ts';
import { listCommand } from './list.ts';
import { mboxCommand } from './mbox.ts';
import { qemuCommand } from './qemu.ts';
import { regionCommand } from './region.ts';
import { routeCommand } from './route.ts';
import { shareCommand, unshareCommand } from './share.ts';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: CliCommand[] = [
  cedtCommand,
  regionCommand,
  listCommand,
  routeCommand,
  checkCommand,
  fillVerifyCommand,
  qemuCommand,
  importQemuCommand,
  importCxlListCommand,
  shareCommand,
  unshareCommand,
  lessonCommand,
  configCommand,
  mboxCommand,
  fmCommand,
];
