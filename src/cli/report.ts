/**
 * The CLI's error lines: `cxl-lab CMD: WHAT (WHERE)`, one per problem, on standard error. Never a
 * stack trace; an error's code and message come from the core, its place from its component/field.
 */
import type { CxlError } from '../cxl/index.ts';
import type { CliIo } from './io.ts';

/** `cxl-lab CMD: WHAT (WHERE)\n`; WHERE is left out when empty. */
export function errorLine(command: string, what: string, where?: string): string {
  return `cxl-lab ${command}: ${what}${where === undefined || where === '' ? '' : ` (${where})`}\n`;
}

/** Where an error is: the input, then the component and field it names. */
export function errorPlace(input: string, e: CxlError): string {
  const at = [e.component, e.field].filter((x) => x !== undefined && x !== '').join(' ');
  return at === '' ? input : `${input}: ${at}`;
}

/** Prints `what` about `input`, then one line per error; returns exit status 1. */
export function reportErrors(
  io: CliIo,
  command: string,
  what: string,
  input: string,
  errors: readonly CxlError[],
): number {
  io.stderr(errorLine(command, what, input));
  for (const e of errors) io.stderr(errorLine(command, `${e.code}: ${e.message}`, errorPlace(input, e)));
  return 1;
}

/** Standard input's name in messages. */
export function inputName(file: string): string {
  return file === '-' ? 'standard input' : file;
}
