/**
 * A `WorkerPort` that runs the real handler in this process: messages are structured-cloned and
 * delivered on a later macrotask, as between a page and its worker. Lets store tests use the real
 * emulator without a browser.
 */

import type { WorkerPort } from '../../../src/worker/client.ts';
import { createHandler, type Handler } from '../../../src/worker/handler.ts';
import type { MainToWorker, WorkerToMain } from '../../../src/worker/protocol.ts';

export interface InProcessWorker extends WorkerPort {
  readonly handler: Handler;
  readonly terminated: boolean;
  /** Raises an uncaught error "in the worker" (delivered to `onerror`). */
  raise(message: string): void;
}

export function createInProcessWorker(): InProcessWorker {
  let terminated = false;
  const port: InProcessWorker = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    get terminated() {
      return terminated;
    },
    handler: undefined as unknown as Handler,
    postMessage(message: MainToWorker) {
      if (terminated) return;
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!terminated) handler.onMessage(copy);
      }, 0);
    },
    terminate() {
      terminated = true;
    },
    raise(message: string) {
      setTimeout(() => {
        if (terminated) return;
        port.onerror?.({ message, preventDefault() {} } as ErrorEvent);
      }, 0);
    },
  };
  const handler = createHandler({
    post(message: WorkerToMain) {
      if (terminated) return;
      const copy = structuredClone(message);
      setTimeout(() => {
        if (!terminated) port.onmessage?.({ data: copy } as MessageEvent<WorkerToMain>);
      }, 0);
    },
    throwUncaught: (error) => port.raise(error.message),
  });
  Object.defineProperty(port, 'handler', { value: handler });
  return port;
}
