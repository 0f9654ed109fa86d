/** What a CLI command may touch: its arguments' streams and files. Tests pass fakes. */
import {
  closeSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Raw bytes to stdout (binary output such as a CEDT). */
  stdoutBytes(bytes: Uint8Array): void;
  /** A text file, at most `maxBytes` bytes read (more: `InputTooLarge`, thrown while reading). */
  readText(path: string, maxBytes: number): string;
  /** A binary file, at most `maxBytes` bytes read (more: `InputTooLarge`, thrown while reading). */
  readBytes(path: string, maxBytes: number): Uint8Array;
  /** Writes `path` whole or not at all (a temporary file beside it, then a rename). */
  writeFile(path: string, data: string | Uint8Array): void;
  /** Standard input as text, at most `maxBytes` bytes read (more: `InputTooLarge`). */
  readStdin(maxBytes: number): Promise<string>;
  /** Resolves once standard output has taken what was written (a slow pipe reader holds it back). */
  drained?(): Promise<void>;
}

/** A usage error: bad arguments. The CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

/** An input longer than its limit; reading stopped at the limit. `maxBytes` is the limit. */
export class InputTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

const READ_CHUNK = 1 << 20;

/** Reads `path` in chunks, stopping (and throwing) as soon as it holds more than `maxBytes`. */
function readBounded(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the limit is enough to know the input is too large.
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new InputTooLarge(maxBytes);
      chunks.push(buffer.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

async function readStdinBounded(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new InputTooLarge(maxBytes);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * Writes a temporary file in `path`'s directory and renames it over `path` (atomic on POSIX). An
 * existing OUT that is no regular file (/dev/null, /dev/stdout, a FIFO) is written directly.
 */
function writeAtomically(out: string, data: string | Uint8Array): void {
  const existing = statSync(out, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile()) {
    writeFileSync(out, data);
    return;
  }
  // A symbolic link keeps pointing where it did: the file it names is the one replaced.
  const path = existing === undefined ? out : realpathSync(out);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, data, {
      flag: 'wx',
      mode: existing === undefined ? 0o666 : existing.mode & 0o777,
    });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutBytes: (bytes) => process.stdout.write(bytes),
  readText: (path, maxBytes) => readBounded(path, maxBytes).toString('utf8'),
  readBytes: (path, maxBytes) => new Uint8Array(readBounded(path, maxBytes)),
  writeFile: writeAtomically,
  readStdin: readStdinBounded,
  drained: () =>
    process.stdout.writableNeedDrain
      ? new Promise((resolve) => process.stdout.once('drain', () => resolve()))
      : Promise.resolve(),
};
