/**
 * Code that is not needed for the first paint: a module loaded once, on first use or when the page
 * is idle after the lab has rendered (`whenIdle`), with listeners told when it has arrived.
 */

/** A lazily imported module: `value` is null until `load()` has resolved. */
export interface Deferred<M> {
  readonly value: M | null;
  /** Starts the import (once; again after a failure) and resolves with the module. */
  load(): Promise<M>;
  /** Calls `listener` once the module has arrived; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function deferred<M>(importer: () => Promise<M>): Deferred<M> {
  let value: M | null = null;
  let loading: Promise<M> | null = null;
  const listeners = new Set<() => void>();
  return {
    get value() {
      return value;
    },
    load() {
      loading ??= importer().then(
        (m) => {
          value = m;
          for (const listener of listeners) listener();
          return m;
        },
        (error: unknown) => {
          loading = null; // a failed fetch (offline, new deployment) is tried again on the next use
          throw error;
        },
      );
      return loading;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Runs `task` when the browser is idle (at the latest after `timeoutMs`); returns a cancel. */
export function whenIdle(task: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 50);
  return () => clearTimeout(handle);
}
