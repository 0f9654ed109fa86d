/**
 * The main thread's side of the worker protocol: `call(kind, args)` returns the worker's typed
 * `Result`; long calls report progress and take an `AbortSignal` (sent as a `cancel` envelope).
 *
 * Crashes. When the worker reports an uncaught error, a message cannot be read, a request fails
 * with `worker.internal` (the handler threw), or the test hook `kill()` stops it, the client
 * terminates the worker, answers every pending call with `worker.crashed`, and tells its crash
 * listeners; `restart()` starts a fresh worker. Restoring the lab is the store's job.
 */
import {
  type ArgsOf,
  type CxlError,
  type MainToWorker,
  PROTOCOL_VERSION,
  type RequestKind,
  type Result,
  type ResultOf,
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

interface Pending {
  resolve: (result: Result<unknown, CxlError>) => void;
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

  constructor(create: () => WorkerPort) {
    this.#create = create;
    this.#start();
  }

  get alive(): boolean {
    return this.#worker !== null;
  }

  get starts(): number {
    return this.#starts;
  }

  #start(): void {
    const worker = this.#create();
    this.#starts++;
    this.#worker = worker;
    worker.onmessage = (event) => {
      if (this.#worker === worker) this.#receive(event.data);
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
      case 'progress':
        this.#pending.get(message.id)?.onProgress?.(message.done, message.total);
        return;
      case 'response': {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        pending?.resolve(message.result);
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

  #crash(reason: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.resolve(crashed(reason));
    for (const listener of [...this.#crashListeners]) listener(reason);
  }

  /** Sends one request; resolves with the worker's result (never rejects). */
  call<K extends RequestKind>(
    kind: K,
    args: ArgsOf<K>,
    options: CallOptions = {},
  ): Promise<Result<ResultOf<K>, CxlError>> {
    const worker = this.#worker;
    if (worker === null) return Promise.resolve(crashed('the emulator worker is not running'));
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const pending: Pending = { resolve: resolve as Pending['resolve'] };
      if (options.onProgress !== undefined) pending.onProgress = options.onProgress;
      this.#pending.set(id, pending);
      options.signal?.addEventListener('abort', () => this.#worker?.postMessage({ type: 'cancel', id }, []), {
        once: true,
      });
      worker.postMessage({ type: 'request', id, kind, args } as MainToWorker, options.transfer ?? []);
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
    this.#crashListeners.clear();
    this.#worker?.terminate();
    this.#worker = null;
    for (const p of this.#pending.values()) p.resolve(crashed('the lab was closed'));
    this.#pending.clear();
  }
}
