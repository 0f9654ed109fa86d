/**
 * Runs the CLI in process, `main(argv, io)` with an in-memory `CliIo`: text and binary files from
 * `files` (a missing path, or one of the other kind, throws "PATH: no such file"), standard input
 * from `stdin`, and everything the command prints or writes captured in the returned `FakeRun`.
 */
import type { CliIo } from '../../../src/cli/io.ts';
import { main } from '../../../src/cli/main.ts';

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Binary chunks written to standard output, in order. */
  bytes: Uint8Array[];
  /** Files written, by path. */
  written: Map<string, string | Uint8Array>;
}

export async function runCli(
  argv: string[],
  files: Readonly<Record<string, string | Uint8Array>> = {},
  stdin = '',
): Promise<FakeRun> {
  const result: FakeRun = { code: -1, stdout: '', stderr: '', bytes: [], written: new Map() };
  const io: CliIo = {
    stdout: (text) => {
      result.stdout += text;
    },
    stderr: (text) => {
      result.stderr += text;
    },
    stdoutBytes: (bytes) => {
      result.bytes.push(bytes);
    },
    readText: (path) => {
      const f = files[path];
      if (typeof f !== 'string') throw new Error(`${path}: no such file`);
      return f;
    },
    readBytes: (path) => {
      const f = files[path];
      if (!(f instanceof Uint8Array)) throw new Error(`${path}: no such file`);
      return f;
    },
    writeFile: (path, data) => {
      result.written.set(path, data);
    },
    readStdin: async () => stdin,
  };
  result.code = await main(argv, io);
  return result;
}
