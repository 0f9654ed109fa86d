/**
 * The lab's test and debugging hook, `window.__lab`, present in every build (Playwright drives it;
 * it is harmless to users: it only reports status, or stops the worker, which the lab survives).
 */
export interface LabTestHook {
  /** Terminates the emulator worker as if it had died; the lab restarts it and restores the lab. */
  killWorker(): void;
  /** Makes the worker throw an uncaught error (handled like a crash). */
  throwInWorker(): void;
  status(): { status: string; saveStatus: string; labId: string | null; workerStarts: number };
}

declare global {
  interface Window {
    __lab?: LabTestHook;
  }
}
