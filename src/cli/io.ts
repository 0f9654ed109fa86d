/** What a CLI command may touch: its arguments' streams and files. Tests pass fakes. */
import { readFileSync, writeFileSync } from 'node:fs';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Raw bytes to stdout (binary output such as a CEDT). */
  stdoutBytes(bytes: Uint8Array): void;
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  writeFile(path: string, data: string | Uint8Array): void;
  /** All of standard input, as text. */
  readStdin(): Promise<string>;
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutBytes: (bytes) => process.stdout.write(bytes),
  readText: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => new Uint8Array(readFileSync(path)),
  writeFile: (path, data) => writeFileSync(path, data),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A usage error: bad arguments. The CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {}
