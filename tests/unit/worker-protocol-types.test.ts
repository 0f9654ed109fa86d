/**
 * The typed protocol end to end: region refusals arrive as their own tagged error type (the UI
 * tells them apart by `kind`, not by their fields), other failures carry no tag, and the client
 * refuses an answer whose kind is not the request's.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LabClient, type WorkerPort } from '../../src/worker/client.ts';
import type { MainToWorker, WorkerToMain } from '../../src/worker/protocol.ts';
import { WORKER_ERROR } from '../../src/worker/protocol.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const FIXTURE = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url));

let clients: LabClient[] = [];
afterEach(() => {
  for (const c of clients) c.dispose();
  clients = [];
});

async function opened(): Promise<LabClient> {
  const client = new LabClient(createInProcessWorker);
  clients.push(client);
  const r = await client.call('file.open', { bytes: new Uint8Array(FIXTURE), fileName: 'blank.json' });
  if (!r.ok) throw new Error(r.error.message);
  return client;
}

describe('typed errors per request', () => {
  it('region.create refuses with a tagged RegionRefusalError carrying Linux terms', async () => {
    const client = await opened();
    // 4 ways over 2 members: cxl-cli refuses (the lab's 1-way window, hb1-x2-blank fixture).
    const r = await client.call('region.create', { window: 'cfmw0', members: ['mem0', 'mem1'], ways: 4 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('region-refusal');
    if (r.error.kind === 'region-refusal') {
      expect(r.error).toMatchObject({ errno: '-EINVAL', object: 'decoder0.0' });
    }
  });

  it('region.destroy of an unknown region is refused with the tag too', async () => {
    const client = await opened();
    const r = await client.call('region.destroy', { region: 'region9' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('region-refusal');
  });

  it('other failures carry no tag', async () => {
    const client = await opened();
    const r = await client.call('mmio.read32', { component: 'nope', offset: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBeUndefined();
  });
});

describe('answers are checked against the request kind', () => {
  it('an answer naming another kind is a crash, not an answer of that kind', async () => {
    let port: WorkerPort | null = null;
    const sent: MainToWorker[] = [];
    const client = new LabClient(() => {
      const p: WorkerPort = {
        onmessage: null,
        onerror: null,
        onmessageerror: null,
        postMessage: (m) => sent.push(m),
        terminate() {},
      };
      port = p;
      return p;
    });
    clients.push(client);
    const answer = client.call('file.save', {});
    const request = sent.find((m) => m.type === 'request');
    if (request === undefined || port === null) throw new Error('no request sent');
    const wrong: WorkerToMain = {
      type: 'response',
      id: request.id,
      kind: 'mmio.read32',
      result: { ok: true, value: { value: 7 } },
    };
    (port as WorkerPort).onmessage?.({ data: wrong } as MessageEvent<WorkerToMain>);
    const r = await answer;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(WORKER_ERROR.crashed);
      expect(r.error.message).toContain('file.save');
    }
    // A protocol violation stops the worker like a crash (the store restarts it and restores the lab).
    expect(client.alive).toBe(false);
  });
});
