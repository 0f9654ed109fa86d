/** Reading a text input for the interop commands ('-' = standard input); on failure prints why. */

import { readTextInput } from '../input.ts';
import type { CliIo } from '../io.ts';

export function readInput(command: string, file: string, io: CliIo): Promise<string | null> {
  return readTextInput(command, file, io);
}
