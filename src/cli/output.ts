/**
 * Streamed standard output for long results: text is gathered into blocks of about 1 MiB and
 * written as each fills, waiting for a slow reader, so a result of any length costs a block of memory.
 */
import type { CliIo } from './io.ts';

const BLOCK_CHARS = 1 << 20;

export class StreamedOutput {
  #parts: string[] = [];
  #chars = 0;
  constructor(private readonly io: CliIo) {}

  /** Adds `text`; true when a block was written (then await `drained()` before writing more). */
  write(text: string): boolean {
    this.#parts.push(text);
    this.#chars += text.length;
    if (this.#chars < BLOCK_CHARS) return false;
    this.flush();
    return true;
  }

  /** Waits until standard output has taken the blocks written, so they do not pile up in memory. */
  drained(): Promise<void> {
    return this.io.drained?.() ?? Promise.resolve();
  }

  flush(): void {
    if (this.#parts.length === 0) return;
    this.io.stdout(this.#parts.join(''));
    this.#parts = [];
    this.#chars = 0;
  }
}

/**
 * A progress line on standard error for runs longer than a second: "… 1.5 GiB of 8 GiB (19%)",
 * at most one a second.
 */
export class Progress {
  readonly #started = performance.now();
  #next = this.#started + 1000;
  constructor(
    private readonly io: CliIo,
    private readonly command: string,
    private readonly verb: string,
  ) {}

  update(done: number, total: number): void {
    const now = performance.now();
    if (now < this.#next) return;
    this.#next = now + 1000;
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
    const pct = Math.floor((100 * done) / total);
    const secs = ((now - this.#started) / 1000).toFixed(0);
    this.io.stderr(
      `cxl-lab ${this.command}: ${this.verb} ${gib(done)} of ${gib(total)} (${pct}%, ${secs} s)\n`,
    );
  }
}
