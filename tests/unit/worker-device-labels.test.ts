/**
 * The `device.lsa` and `device.probe` worker requests through the real handler (`createHandler`):
 * a lab whose pmem device holds a label set answers with its decoded labels and the probe timeline,
 * as structured-clone data; unknown devices are refused with a named error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handlerHarness } from './helpers/handler-harness.ts';

const LABELS = readFileSync(new URL('../fixtures/pmem-labels.cxl-lab.json', import.meta.url));

const harness = () => handlerHarness().send;

describe('device.lsa and device.probe', () => {
  it('answer with decoded labels and the probe timeline', async () => {
    const send = harness();
    expect((await send('file.open', { bytes: new Uint8Array(LABELS), fileName: 'l.json' })).ok).toBe(true);
    const lsa = await send('device.lsa', { device: 'mem1' });
    if (!lsa.ok) throw new Error(lsa.error.message);
    expect(lsa.value.size).toBe(131072);
    expect(lsa.value.bytes.length).toBe(131072);
    expect(lsa.value.current).toBe(1);
    expect(lsa.value.labels.map((l) => [l.slot, l.kind])).toEqual([
      [0, 'region'],
      [1, 'namespace'],
    ]);
    const probe = await send('device.probe', { device: 'mem1' });
    if (!probe.ok) throw new Error(probe.error.message);
    expect(probe.value.ok).toBe(true);
    expect(probe.value.steps.filter((s) => s.kind === 'mailbox').map((s) => s.opcodeText)).toEqual([
      '0x0400',
      '0x0401',
      '0x0301',
      '0x4000',
      '0x4500',
      '0x4500',
      '0x4102',
    ]);
    expect(probe.value.cxlList).toContain('"pmem_size":268435456');
    const native = await send('device.probe', { device: 'mem1', nativeErrors: true });
    expect(native.ok && native.value.ok).toBe(false);
  });

  it('refuses a device that is not a Type 3', async () => {
    const send = harness();
    await send('file.open', { bytes: new Uint8Array(LABELS), fileName: 'l.json' });
    const r = await send('device.lsa', { device: 'hb0' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain('no Type 3 device "hb0"');
  });
});
