/**
 * The real worker handler driven in this process, request by request: `send` answers the handler's
 * Result (structured-cloned, as it crosses to the page), `call` its value, `refuse` its error.
 */
import { createHandler } from '../../../src/worker/handler.ts';
import type {
  ArgsOf,
  CxlError,
  RequestKind,
  Result,
  ResultOf,
  WorkerToMain,
} from '../../../src/worker/protocol.ts';

export function handlerHarness() {
  const waiting = new Map<number, (r: Result<unknown, CxlError>) => void>();
  const handler = createHandler({
    post(message: WorkerToMain) {
      if (message.type === 'response') waiting.get(message.id)?.(structuredClone(message.result));
    },
  });
  let nextId = 1;
  function send<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<Result<ResultOf<K>, CxlError>> {
    const id = nextId++;
    const done = new Promise<Result<ResultOf<K>, CxlError>>((resolve) => {
      waiting.set(id, resolve as (r: Result<unknown, CxlError>) => void);
    });
    handler.onMessage({ type: 'request', id, kind, args } as never);
    return done;
  }
  async function call<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
    const r = await send(kind, args);
    if (!r.ok) throw new Error(`${kind}: ${r.error.message}`);
    return r.value;
  }
  async function refuse<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<CxlError> {
    const r = await send(kind, args);
    if (r.ok) throw new Error(`${kind} succeeded`);
    return r.error;
  }
  return { send, call, refuse };
}
