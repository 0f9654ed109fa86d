/** A LabClient over the real handler in this process, with typed `call` / `refuse` helpers, disposed after each test. */
import { afterEach } from 'vitest';
import { LabClient } from '../../../src/worker/client.ts';
import type { ArgsOf, CxlError, RequestKind, ResultOf } from '../../../src/worker/protocol.ts';
import { createInProcessWorker } from './in-process-worker.ts';

export interface TestClient {
  client: LabClient;
  /** The request's value; throws with the request kind and message when it fails. */
  call<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<ResultOf<K>>;
  /** The request's error; throws when it succeeds. */
  refuse<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<CxlError>;
  /** `file.open` of lab text, as the UI opens files and imports. */
  open(text: string, fileName?: string): Promise<ResultOf<'file.open'>>;
}

/** Call once at module scope: returns a factory of clients, each disposed after the test that made it. */
export function testClientsPerTest(): () => TestClient {
  let clients: LabClient[] = [];
  afterEach(() => {
    for (const c of clients) c.dispose();
    clients = [];
  });
  return () => {
    const client = new LabClient(createInProcessWorker);
    clients.push(client);
    async function call<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
      const r = await client.call(kind, args);
      if (!r.ok) throw new Error(`${kind}: ${r.error.message}`);
      return r.value;
    }
    async function refuse<K extends RequestKind>(kind: K, args: ArgsOf<K>): Promise<CxlError> {
      const r = await client.call(kind, args);
      if (r.ok) throw new Error(`${kind} succeeded`);
      return r.error;
    }
    const open = (text: string, fileName = 'lab.json') =>
      call('file.open', { bytes: new TextEncoder().encode(text), fileName });
    return { client, call, refuse, open };
  };
}
