/**
 * `region.plan`: the worker answers what `region.create` would do — the decoders Linux derives and
 * the MMIO writes in commit order — or Linux's refusal (errno, object, message), writing nothing.
 * Lab: tests/fixtures/hb1-x2-blank.cxl-lab.json (one 8 GiB 1-way window on hb0; mem0, mem1 below).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LabClient } from '../../src/worker/client.ts';
import { createInProcessWorker } from './helpers/in-process-worker.ts';

const FIXTURE = readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url));

let clients: LabClient[] = [];
afterEach(() => {
  for (const c of clients) c.dispose();
  clients = [];
});

async function open() {
  const client = new LabClient(createInProcessWorker);
  clients.push(client);
  const r = await client.call('file.open', {
    bytes: new Uint8Array(FIXTURE),
    fileName: 'hb1-x2-blank.cxl-lab.json',
  });
  if (!r.ok) throw new Error(r.error.message);
  return { client, opened: r.value };
}

describe('region.plan', () => {
  it('plans a 2-way region without writing, and create then applies the same writes', async () => {
    const { client, opened } = await open();
    const request = { window: 'cfmw0', members: ['mem0', 'mem1'] };
    const r = await client.call('region.plan', request);
    if (!r.ok || !r.value.ok) throw new Error(JSON.stringify(r));
    const plan = r.value.plan;
    expect(plan.kind).toBe('create');
    expect(plan.ways).toBe(2);
    expect(plan.base).toBe(0x4c00000000);
    expect(plan.targets.map((t) => t.memdev)).toEqual(['mem0', 'mem1']);
    expect(plan.decoders.map((d) => d.component).sort()).toEqual(['hb0', 'mem0', 'mem1']);
    expect(plan.writes.length).toBeGreaterThan(0);
    // Nothing written: the lab is as opened.
    const again = await client.call('mmio.read32', { component: 'hb0', offset: 0x1000 + 0x128 + 0x20 });
    expect(again.ok && again.value.value).toBe(0);
    const saved = await client.call('file.save', {});
    expect(saved.ok).toBe(true);
    expect(opened.view.regions).toEqual([]);

    const created = await client.call('region.create', request);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.writes).toBe(plan.writes.length);
    expect(created.value.view.regions.map((x) => [x.name, x.members])).toEqual([
      [plan.region, ['mem0', 'mem1']],
    ]);
  });

  it('answers a refusal in Linux terms (errno, object, message) as a successful reply', async () => {
    const { client } = await open();
    const r = await client.call('region.plan', { window: 'cfmw0', members: ['mem0', 'mem1'], ways: 4 });
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.ok) throw new Error('planned a 4-way region over 2 members');
    expect(r.value.refusal).toMatchObject({ errno: '-EINVAL', object: 'decoder0.0' });
    expect(r.value.refusal.message).toMatch(/4 interleave ways need exactly 4 memdevs, 2 given/);
    const unknown = await client.call('region.plan', { window: 'cfmw7', members: ['mem0'] });
    expect(unknown.ok && !unknown.value.ok).toBe(true);
  });

  it('plans the members in the order given (position i is target i)', async () => {
    const { client } = await open();
    const r = await client.call('region.plan', { window: 'cfmw0', members: ['mem1', 'mem0'] });
    if (!r.ok || !r.value.ok) throw new Error(JSON.stringify(r));
    const hb = r.value.plan.decoders.find((d) => d.component === 'hb0');
    expect(hb?.targetIds).toEqual(['rp0.1', 'rp0.0']);
    expect(r.value.plan.order).toEqual(['decoder3.0', 'decoder1.0', 'decoder2.0']);
  });
});

describe('region.destroy out of order', () => {
  it('is refused in Linux terms when a later region holds the higher decoders', async () => {
    const { client } = await open();
    for (const _ of [0, 1]) {
      const r = await client.call('region.create', {
        window: 'cfmw0',
        members: ['mem0', 'mem1'],
        size: 2 ** 30,
      });
      if (!r.ok) throw new Error(r.error.message);
    }
    const r = await client.call('region.destroy', { region: 'region0' });
    if (r.ok) throw new Error('destroyed region0 under region1');
    // The refusal crosses the worker boundary with its Linux fields (the dialog shows them).
    expect(r.error).toMatchObject({ errno: '-EBUSY', object: 'decoder1.0', source: 'kernel' });
    expect(r.error.message).toMatch(/decoder1\.1/);
    const down = await client.call('region.destroy', { region: 'region1' });
    expect(down.ok).toBe(true);
    const first = await client.call('region.destroy', { region: 'region0' });
    expect(first.ok && first.value.view.regions).toEqual([]);
  });
});
