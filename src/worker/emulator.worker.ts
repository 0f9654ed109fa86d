/**
 * The emulator's Web Worker: glue only. Every message goes to the handler (`handler.ts`, unit-tested
 * in Node); everything the handler posts goes back to the main thread.
 */
import { createHandler } from './handler.ts';
import type { MainToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const handler = createHandler({
  post: (message, transfer) => self.postMessage(message, transfer ?? []),
});

self.onmessage = (event: MessageEvent<MainToWorker>) => handler.onMessage(event.data);
