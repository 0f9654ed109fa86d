/**
 * The client's hang watchdog, with a fake Worker and fake timers: a worker that keeps talking
 * (answers, progress, pongs) stays alive; one that goes silent past the threshold while a call is
 * pending is treated as a crash; no timer runs while nothing is pending.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabClient, type WorkerPort } from '../../src/worker/client.ts';
import { CHUNK_BYTES, createHandler } from '../../src/worker/handler.ts';
import { type MainToWorker, WORKER_ERROR, type WorkerToMain } from '../../src/worker/protocol.ts';

/** A finished verify with nothing to report, as the fake worker's answer. */
const VERIFIED = {
  ok: true as const,
  value: {
    bytes: 1,
    done: 1,
    checked: 0,
    mismatchCount: 0,
    mismatches: [],
    unmappedBytes: 1,
    failures: [],
    cancelled: false,
  },
};

/** A worker that never answers by itself: the test speaks for it with `send`. */
interface FakeWorker extends WorkerPort {
  readonly sent: MainToWorker[];
  terminated: boolean;
  send(message: WorkerToMain): void;
  /** The id of the last request sent. */
  lastRequestId(): number;
}

function fakeWorker(): FakeWorker {
  const port: FakeWorker = {
    sent: [],
    terminated: false,
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage(message) {
      port.sent.push(message);
    },
    terminate() {
      port.terminated = true;
    },
    send(message) {
      port.onmessage?.({ data: message } as MessageEvent<WorkerToMain>);
    },
    lastRequestId() {
      const requests = port.sent.filter((m) => m.type === 'request');
      const last = requests[requests.length - 1];
      if (last === undefined) throw new Error('no request was sent');
      return last.id;
    },
  };
  return port;
}

const HANG_MS = 15_000;

describe('LabClient hang watchdog', () => {
  let workers: FakeWorker[];
  let client: LabClient;
  let crashes: string[];
  const worker = (): FakeWorker => {
    const w = workers[workers.length - 1];
    if (w === undefined) throw new Error('no worker');
    return w;
  };
  const pings = (w: FakeWorker) => w.sent.filter((m) => m.type === 'ping').length;

  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    crashes = [];
    client = new LabClient(
      () => {
        const w = fakeWorker();
        workers.push(w);
        return w;
      },
      { hangAfterMs: HANG_MS, pingEveryMs: 1000 },
    );
    client.onCrash((reason) => crashes.push(reason));
  });

  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it('runs no timer while nothing is pending', async () => {
    expect(vi.getTimerCount()).toBe(0);
    expect(client.watching).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * HANG_MS);
    expect(pings(worker())).toBe(0);
    expect(crashes).toEqual([]);
    expect(client.alive).toBe(true);
  });

  it('pings while a call is pending and stops once it is answered', async () => {
    const answer = client.call('file.save', {});
    expect(client.watching).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(pings(worker())).toBe(3);
    worker().send({
      type: 'response',
      id: worker().lastRequestId(),
      kind: 'file.save',
      result: { ok: true, value: { text: '' } },
    });
    await expect(answer).resolves.toMatchObject({ ok: true });
    expect(client.watching).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * HANG_MS);
    expect(pings(worker())).toBe(3);
    expect(crashes).toEqual([]);
  });

  it('keeps a busy worker that answers pings alive well past the threshold', async () => {
    const answer = client.call('mem.verify', { hpa: 0, length: 1, pattern: { kind: 'byte', value: 0 } });
    for (let s = 0; s < 4 * HANG_MS; s += 1000) {
      await vi.advanceTimersByTimeAsync(1000);
      worker().send({ type: 'pong' });
    }
    expect(crashes).toEqual([]);
    expect(client.alive).toBe(true);
    expect(client.watching).toBe(true);
    worker().send({ type: 'response', id: worker().lastRequestId(), kind: 'mem.verify', result: VERIFIED });
    await answer;
    expect(client.watching).toBe(false);
  });

  it('counts progress messages as signs of life', async () => {
    const progress: number[] = [];
    void client.call(
      'mem.fill',
      { hpa: 0, length: 1, pattern: { kind: 'byte', value: 0 } },
      { onProgress: (done) => progress.push(done) },
    );
    const id = worker().lastRequestId();
    for (let s = 1; s <= (3 * HANG_MS) / 5000; s++) {
      await vi.advanceTimersByTimeAsync(5000);
      worker().send({ type: 'progress', id, done: s, total: 100 });
    }
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(crashes).toEqual([]);
  });

  it('treats silence past the threshold as a crash: terminated, pending answered, listeners told', async () => {
    const first = worker();
    const answer = client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(HANG_MS - 1000);
    expect(crashes).toEqual([]);
    expect(first.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(crashes).toEqual(['the emulator did not answer for 15 s and seemed stuck']);
    expect(first.terminated).toBe(true);
    expect(client.alive).toBe(false);
    await expect(answer).resolves.toEqual({
      ok: false,
      error: { code: WORKER_ERROR.crashed, message: 'the emulator did not answer for 15 s and seemed stuck' },
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts silence from the last message heard, not from the call', async () => {
    void client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(10_000);
    worker().send({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(HANG_MS - 1000);
    expect(crashes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(crashes).toHaveLength(1);
  });

  it('stops when a cancelled call is answered', async () => {
    const abort = new AbortController();
    const answer = client.call(
      'mem.fill',
      { hpa: 0, length: 1, pattern: { kind: 'byte', value: 0 } },
      { signal: abort.signal },
    );
    const id = worker().lastRequestId();
    abort.abort();
    expect(worker().sent).toContainEqual({ type: 'cancel', id });
    worker().send({
      type: 'response',
      id,
      kind: 'mem.fill',
      result: { ok: false, error: { code: WORKER_ERROR.cancelled, message: 'cancelled' } },
    });
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: WORKER_ERROR.cancelled } });
    expect(client.watching).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('restarts with a fresh watchdog: the new worker gets the full threshold', async () => {
    void client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(HANG_MS);
    expect(crashes).toHaveLength(1);
    client.restart();
    expect(workers).toHaveLength(2);
    expect(client.watching).toBe(false);
    void client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(HANG_MS - 1000);
    expect(crashes).toHaveLength(1);
    expect(worker().terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(crashes).toHaveLength(2);
  });

  it('does not count a main-thread stall (a sleeping laptop) as a hang by itself', async () => {
    void client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(1000);
    // The clock jumps an hour while no timer runs, then one tick: the worker gets pinged first.
    vi.setSystemTime(Date.now() + 3_600_000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(crashes).toEqual([]);
    worker().send({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(HANG_MS - 1000);
    expect(crashes).toEqual([]);
  });

  it('uses a lowered threshold from the next tick (the browser tests use ~2 s)', async () => {
    client.hangAfterMs = 2000;
    void client.call('file.save', {});
    await vi.advanceTimersByTimeAsync(2000);
    expect(crashes).toEqual(['the emulator did not answer for 2 s and seemed stuck']);
  });

  it('stops the watchdog on kill and dispose', async () => {
    void client.call('file.save', {});
    client.kill('stopped by the test');
    expect(vi.getTimerCount()).toBe(0);
    client.restart();
    void client.call('file.save', {});
    expect(vi.getTimerCount()).toBe(1);
    client.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the worker side of the ping', () => {
  it('answers a ping at once, between the chunks of a long operation', async () => {
    const posted: WorkerToMain['type'][] = [];
    let handler: ReturnType<typeof createHandler> | null = null;
    let yields = 0;
    handler = createHandler({
      post: (message) => posted.push(message.type),
      // The worker's turn between chunks: a ping that was queued meanwhile arrives now.
      yieldToEvents: async () => {
        if (yields++ === 0) handler?.onMessage({ type: 'ping' });
      },
    });
    handler.onMessage({ type: 'ping' });
    expect(posted).toEqual(['hello', 'pong']);
    handler.onMessage({
      type: 'request',
      id: 1,
      kind: 'mem.fill',
      args: { hpa: 0, length: 3 * CHUNK_BYTES, pattern: { kind: 'byte', value: 0 } },
    });
    await handler.idle();
    expect(posted).toEqual(['hello', 'pong', 'progress', 'pong', 'progress', 'progress', 'response']);
  });
});
