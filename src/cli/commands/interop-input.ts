/** Reading a text input for the interop commands ('-' = standard input); on failure prints why. */
import type { CliIo } from '../io.ts';

export async function readInput(command: string, file: string, io: CliIo): Promise<string | null> {
  try {
    return file === '-' ? await io.readStdin() : io.readText(file);
  } catch (e) {
    io.stderr(`cxl-lab ${command}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
}
