/**
 * The lab's test and debugging hook, `window.__lab`, present in every build (Playwright drives it;
 * it is harmless to users: it only reports status, or stops or hangs the worker, which the lab
 * survives).
 */
export interface LabTestHook {
  /** Terminates the emulator worker as if it had died; the lab restarts it and restores the lab. */
  killWorker(): void;
  /** Makes the worker throw an uncaught error (handled like a crash). */
  throwInWorker(): void;
  /**
   * Makes the worker spin forever; the client's watchdog notices the silence (after 15 s, or the
   * threshold given to `setHangThreshold`) and handles it like a crash.
   */
  hangWorker(): void;
  /** Sets how long a busy worker may stay silent before it counts as hung (browser tests: ~2 s). */
  setHangThreshold(ms: number): void;
  status(): { status: string; saveStatus: string; labId: string | null; workerStarts: number };
  /**
   * Focuses host `host` of an open multi-host lab (the store's `focusHost`); answers the focused host
   * after it, or the refusal's message.
   */
  focusHost(host: string): Promise<{ focus: string | null; error?: string }>;
  /**
   * Runs a Fabric Manager API command on switch `sw` with JSON input (the store's `fmRun`, as
   * `cxl-lab fm --in-json`); answers its return code's name, or the refusal's message.
   */
  fmRun(sw: string, command: string, json: unknown): Promise<{ returnCode?: string; error?: string }>;
  /** Advances the pending bind or unbind one step, or to its end (the store's `fmStep`); answers its percent. */
  fmStep(complete?: boolean): Promise<{ percent?: number; error?: string }>;
}

declare global {
  interface Window {
    __lab?: LabTestHook;
  }
}
