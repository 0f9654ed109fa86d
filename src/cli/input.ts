/**
 * Reading a command's inputs ('-' = standard input) within the limits of `src/cxl/limits.ts`,
 * enforced while reading; a UTF-8 byte-order mark is dropped. Failures print one error line.
 */
import { LIMIT_CEDT_BYTES, LIMIT_TEXT, type Limit } from '../cxl/limits.ts';
import { type CliIo, InputTooLarge } from './io.ts';
import { errorLine, inputName } from './report.ts';

/** Words for a file-system error, without Node's error codes and call names. */
export function describeReadError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  const known: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a parent is not a directory',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'name too long',
  };
  if (Object.hasOwn(known, code)) return known[code] ?? code;
  const message = e instanceof Error ? e.message : String(e);
  // Node's messages read "ECODE: words, call 'path'": keep the words.
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

function tooLarge(l: Limit): string {
  const mib = l.value / 2 ** 20;
  return `larger than ${mib} MiB, the limit for ${l.name === 'text' ? 'text input' : 'a CEDT'}; stopped reading (limit "${l.name}", docs/limits.md)`;
}

/** U+FEFF at the start: what some editors write as a UTF-8 byte-order mark. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A text input, or null after printing why it cannot be read. A leading BOM is dropped unless
 * `keepBom` is set: lab files keep it, because `parseLabFile` drops exactly one itself, so the CLI and
 * the UI accept the same files.
 */
export async function readTextInput(
  command: string,
  file: string,
  io: CliIo,
  { keepBom = false }: { keepBom?: boolean } = {},
): Promise<string | null> {
  const where = inputName(file);
  try {
    const max = LIMIT_TEXT.value;
    const text = file === '-' ? await io.readStdin(max) : io.readText(file, max);
    // The readers stop at `max` bytes; a string can only be shorter in characters.
    if (text.length > max) throw new InputTooLarge(max);
    return keepBom ? text : withoutBom(text);
  } catch (e) {
    const what = e instanceof InputTooLarge ? tooLarge(LIMIT_TEXT) : `cannot read: ${describeReadError(e)}`;
    io.stderr(errorLine(command, what, where));
    return null;
  }
}

/** A CEDT binary, or null after printing why it cannot be read. */
export function readCedtInput(command: string, file: string, io: CliIo): Uint8Array | null {
  try {
    const bytes = io.readBytes(file, LIMIT_CEDT_BYTES.value);
    if (bytes.length > LIMIT_CEDT_BYTES.value) throw new InputTooLarge(LIMIT_CEDT_BYTES.value);
    return bytes;
  } catch (e) {
    const what =
      e instanceof InputTooLarge ? tooLarge(LIMIT_CEDT_BYTES) : `cannot read: ${describeReadError(e)}`;
    io.stderr(errorLine(command, what, file));
    return null;
  }
}

/** Writes `path` (whole or not at all, see `CliIo.writeFile`), or returns false after saying why. */
export function writeOutput(command: string, path: string, data: string | Uint8Array, io: CliIo): boolean {
  try {
    io.writeFile(path, data);
    return true;
  } catch (e) {
    io.stderr(errorLine(command, `cannot write: ${describeReadError(e)}`, path));
    return false;
  }
}

/** `data` to standard output, or to OUT written whole; returns the exit status (1: not written). */
export function emitOutput(command: string, output: string | undefined, data: string, io: CliIo): number {
  if (output === undefined) {
    io.stdout(data);
    return 0;
  }
  return writeOutput(command, output, data, io) ? 0 : 1;
}
