/**
 * The main thread's side of the worker protocol: `call(kind, args)` returns the worker's typed
 * `Reply` (checked to answer that kind); long calls report progress and take an `AbortSignal` (sent as a `cancel` envelope).
 *
 * Crashes. When the worker reports an uncaught error, a message cannot be read, a request fails
 * with `worker.internal` (the handler threw), or the test hook `kill()` stops it, the client
 * terminates the worker, answers every pending call with `worker.crashed`, and tells its crash
 * listeners; `restart()` starts a fresh worker. Restoring the lab is the store's job.
 *
 * Hangs. A worker stuck in an endless loop (or a synchronous step that never ends) sends nothing,
 * so while any call is pending the client pings it every `pingEveryMs` and treats
 * `hangAfterMs` of silence (no answer, progress or pong) as a crash. Long operations yield between
 * chunks, so a healthy worker pongs within one chunk; the threshold is generous because a few
 * legitimate steps are synchronous (parsing a 64 MiB lab file takes seconds on a slow machine).
 * With nothing pending no timer runs, so an idle tab stays asleep.
 */
import {
  type ArgsOf,
  type CxlError,
  isResponseTo,
  type MainToWorker,
  PROTOCOL_VERSION,
  type Reply,
  type RequestKind,
  type RequestOf,
  type ResponseOf,
  WORKER_ERROR,
  type WorkerToMain,
} from './protocol.ts';

/** The part of `Worker` the client uses (a fake in unit tests). */
export interface WorkerPort {
  postMessage(message: MainToWorker, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerToMain>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

export interface CallOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Buffers in `args` to hand over instead of copying. */
  transfer?: Transferable[];
}

export type CrashListener = (reason: string) => void;

export interface ClientOptions {
  /** Silence (while a call is pending) after which the worker counts as hung; default 15 s. */
  hangAfterMs?: number;
  /** How often to ping the worker while a call is pending; default 1 s (at most half the threshold). */
  pingEveryMs?: number;
}

export const DEFAULT_HANG_AFTER_MS = 15_000;
const DEFAULT_PING_EVERY_MS = 1_000;

/** A call waiting for its answer; `settle` checks the answer's kind before resolving it. */
interface Pending {
  /** Resolves the call with `response` if it answers the call's kind; false when it does not. */
  settle: (response: ResponseOf) => boolean;
  fail: (reason: string) => void;
  onProgress?: (done: number, total: number) => void;
}

function crashed(reason: string): { ok: false; error: CxlError } {
  return { ok: false, error: { code: WORKER_ERROR.crashed, message: reason } };
}

/** Creates the real emulator worker (Vite bundles `emulator.worker.ts` as a module worker). */
export function createEmulatorWorker(): WorkerPort {
  return new Worker(new URL('./emulator.worker.ts', import.meta.url), {
    type: 'module',
    name: 'cxl-emulator',
  });
}

export class LabClient {
  readonly #create: () => WorkerPort;
  #worker: WorkerPort | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #crashListeners = new Set<CrashListener>();
  /** Number of workers started (1 + restarts). */
  #starts = 0;
  #hangAfterMs: number;
  readonly #pingEveryMs: number;
  /** The watchdog's interval: runs only while a call is pending. */
  #watchdog: ReturnType<typeof setInterval> | null = null;
  /** The running watchdog's interval. */
  #tickMs = DEFAULT_PING_EVERY_MS;
  /** When the worker was last heard from, and watchdog ticks since then. */
  #heardAt = 0;
  #silentTicks = 0;

  constructor(create: () => WorkerPort, options: ClientOptions = {}) {
    this.#create = create;
    this.#hangAfterMs = options.hangAfterMs ?? DEFAULT_HANG_AFTER_MS;
    this.#pingEveryMs = options.pingEveryMs ?? DEFAULT_PING_EVERY_MS;
    this.#start();
  }

  get alive(): boolean {
    return this.#worker !== null;
  }

  get starts(): number {
    return this.#starts;
  }

  /** Silence after which a busy worker counts as hung (tests lower it; applies from the next call). */
  get hangAfterMs(): number {
    return this.#hangAfterMs;
  }

  set hangAfterMs(ms: number) {
    this.#hangAfterMs = ms;
    // A running watchdog keeps its ping interval; the new threshold applies at its next tick.
  }

  /** Whether the hang watchdog's timer is running (tests). */
  get watching(): boolean {
    return this.#watchdog !== null;
  }

  #start(): void {
    const worker = this.#create();
    this.#starts++;
    this.#worker = worker;
    this.#heard();
    worker.onmessage = (event) => {
      if (this.#worker !== worker) return;
      this.#heard();
      this.#receive(event.data);
    };
    worker.onerror = (event) => {
      // Handled here: the banner says it; keep the browser from also logging it as uncaught.
      event.preventDefault();
      if (this.#worker === worker)
        this.#crash(`the emulator worker failed: ${event.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => {
      if (this.#worker === worker) this.#crash('the emulator worker sent a message that could not be read');
    };
  }

  #receive(message: WorkerToMain): void {
    switch (message.type) {
      case 'hello':
        if (message.protocolVersion !== PROTOCOL_VERSION) {
          this.#crash(
            `the emulator worker speaks protocol ${message.protocolVersion}, not ${PROTOCOL_VERSION}`,
          );
        }
        return;
      case 'pong':
        return;
      case 'progress':
        this.#pending.get(message.id)?.onProgress?.(message.done, message.total);
        return;
      case 'response': {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (this.#pending.size === 0) this.#stopWatchdog();
        if (pending !== undefined && !pending.settle(message)) {
          // A protocol violation (version skew or a bug): the worker cannot be trusted any more.
          this.#crash(`the emulator worker answered request ${message.id} with a ${message.kind} answer`);
          return;
        }
        if (!message.result.ok && message.result.error.code === WORKER_ERROR.internal) {
          this.#crash(message.result.error.message);
        }
        return;
      }
      default: {
        const unknown: never = message;
        this.#crash(`the emulator worker sent an unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  #heard(): void {
    this.#heardAt = Date.now();
    this.#silentTicks = 0;
  }

  #startWatchdog(): void {
    if (this.#watchdog !== null) return;
    // Silence is counted from the first pending call, not from whenever the worker last spoke.
    this.#heard();
    this.#tickMs = Math.max(1, Math.min(this.#pingEveryMs, this.#hangAfterMs / 2));
    this.#watchdog = setInterval(() => this.#tick(), this.#tickMs);
  }

  #stopWatchdog(): void {
    if (this.#watchdog === null) return;
    clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  #tick(): void {
    this.#silentTicks++;
    // Both the clock and the tick count must agree: after a laptop sleeps (or the main thread was
    // blocked), the clock jumps but only one tick ran, and the worker gets a fresh ping first.
    const silentMs = Date.now() - this.#heardAt;
    const ticksNeeded = Math.ceil(this.#hangAfterMs / this.#tickMs);
    if (silentMs >= this.#hangAfterMs && this.#silentTicks >= ticksNeeded) {
      this.#crash(`the emulator did not answer for ${formatSeconds(this.#hangAfterMs)} and seemed stuck`);
      return;
    }
    this.#worker?.postMessage({ type: 'ping' }, []);
  }

  #crash(reason: string): void {
    this.#stopWatchdog();
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.fail(reason);
    for (const listener of [...this.#crashListeners]) listener(reason);
  }

  /** Sends one request; resolves with the worker's result (never rejects). */
  call<K extends RequestKind>(kind: K, args: ArgsOf<K>, options: CallOptions = {}): Promise<Reply<K>> {
    const worker = this.#worker;
    if (worker === null) return Promise.resolve(crashed('the emulator worker is not running'));
    const id = this.#nextId++;
    return new Promise<Reply<K>>((resolve) => {
      const pending: Pending = {
        settle: (response) => {
          if (!isResponseTo(response, kind)) {
            resolve(crashed(`the emulator worker answered ${kind} request ${id} as ${response.kind}`));
            return false;
          }
          resolve(response.result);
          return true;
        },
        fail: (reason) => resolve(crashed(reason)),
      };
      if (options.onProgress !== undefined) pending.onProgress = options.onProgress;
      this.#pending.set(id, pending);
      this.#startWatchdog();
      options.signal?.addEventListener('abort', () => this.#worker?.postMessage({ type: 'cancel', id }, []), {
        once: true,
      });
      const request: RequestOf<K> = { type: 'request', id, kind, args };
      worker.postMessage(request, options.transfer ?? []);
    });
  }

  onCrash(listener: CrashListener): () => void {
    this.#crashListeners.add(listener);
    return () => this.#crashListeners.delete(listener);
  }

  /** Stops the worker as if it had died (test hook and last resort). */
  kill(reason = 'the emulator worker was stopped'): void {
    if (this.#worker !== null) this.#crash(reason);
  }

  /** Starts a fresh worker after a crash (no-op while one runs). */
  restart(): void {
    if (this.#worker === null) this.#start();
  }

  dispose(): void {
    this.#stopWatchdog();
    this.#crashListeners.clear();
    this.#worker?.terminate();
    this.#worker = null;
    for (const p of this.#pending.values()) p.fail('the lab was closed');
    this.#pending.clear();
  }
}

/** `15 s`, `2 s`, `1.5 s`. */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
