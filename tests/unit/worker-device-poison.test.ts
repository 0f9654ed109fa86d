/**
 * `device.poison` through the real worker handler: each poison record of a device with the HPAs that
 * reach its 64-byte lines, on a 2-way interleave worked by hand (CXL 2.0 §8.2.5.12, modulo arithmetic).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handlerHarness } from './helpers/handler-harness.ts';

const BLANK = JSON.parse(
  readFileSync(new URL('../fixtures/hb1-x2-blank.cxl-lab.json', import.meta.url), 'utf8'),
) as { components: { id: string; decoders?: unknown[]; device?: unknown }[] };

const WINDOW = 0x4c00000000;
const G = 256; // interleave granularity of every decoder below
const WAYS = 2;

/**
 * The blank lab (cfmw0 at 0x4c00000000 → hb0 → rp0.0 → mem0, rp0.1 → mem1) with a committed 2-way
 * region at 256 B: hb0 sends granule k to target k mod 2 (port 0: mem0, port 1: mem1). The decoders
 * are 4 GiB, so each device maps DPA 0 … 2 GiB − 1 and nothing above. mem0 holds two records in the
 * file: a 2-line one at 0x80 and one at 2 GiB (unmapped); plus a 65-line one at 1 MiB.
 */
function lab(): Uint8Array {
  const doc = structuredClone(BLANK);
  const decoder = { base: `0x${WINDOW.toString(16)}`, size: '4G', ways: WAYS, granularity: G, commit: true };
  for (const c of doc.components) {
    if (c.id === 'hb0') c.decoders = [{ ...decoder, targets: [0, 1] }];
    if (c.id === 'mem0' || c.id === 'mem1') c.decoders = [{ ...decoder, skip: '0x0' }];
    if (c.id === 'mem0')
      c.device = {
        state: {
          poison: [
            { dpa: '0x80000000', length: 64, source: 1 },
            { dpa: '0x80', length: 128, source: 2 },
            { dpa: '0x100000', length: 65 * 64, source: 0 },
          ],
        },
      };
  }
  return new TextEncoder().encode(JSON.stringify(doc));
}

const harness = handlerHarness;

/** HPA of `dpa` on the device at region position `pos`: granule dpa/G of the device is granule (dpa/G)·WAYS + pos. */
const hpaOf = (pos: number, dpa: number) => WINDOW + Math.floor(dpa / G) * WAYS * G + pos * G + (dpa % G);

describe('device.poison', () => {
  it('after Inject Poison on mem1 at DPA 0x140, lists the record with HPA 0x4c00000340', async () => {
    const h = harness();
    await h.call('file.open', { bytes: lab(), fileName: 'two-way.json' });
    expect((await h.call('device.poison', { device: 'mem1' })).records).toEqual([]);
    // Inject Poison (4301h): 8-byte DPA, little-endian (CXL 2.0 §8.2.9.5.4.2): 0x140 → 40 01 00 …
    const input = Uint8Array.from([0x40, 0x01, 0, 0, 0, 0, 0, 0]);
    const r = await h.call('device.mbox', { device: 'mem1', command: 'Inject Poison', input });
    expect(r.run.returnCodeName).toBe('Success (0x00)');
    // mem1 is position 1 (hb0 target 1). DPA 0x140 = granule 1 (0x140 / 0x100), 0x40 into it;
    // region granule 1·2 + 1 = 3 → HPA offset 3·0x100 + 0x40 = 0x340 → 0x4c00000340.
    expect(hpaOf(1, 0x140)).toBe(0x4c00000340);
    const v = await h.call('device.poison', { device: 'mem1' });
    expect(v.memdev).toBe('mem1');
    expect(v.records).toEqual([
      {
        dpa: 0x140,
        dpaText: '0x140',
        length: 64,
        source: 'Injected',
        hpas: [{ hpa: 0x4c00000340, text: '0x4c00000340', lineDpa: 0x140 }],
        lines: 1,
        unmappedLines: 0,
        linesLeftOut: 0,
      },
    ]);
  });

  it("lists mem0's file records in DPA order: one HPA per line, none past the decoder, 64 lines at most", async () => {
    const h = harness();
    await h.call('file.open', { bytes: lab(), fileName: 'two-way.json' });
    const v = await h.call('device.poison', { device: 'mem0' });
    expect(v.records.map((r) => r.dpaText)).toEqual(['0x80', '0x100000', '0x80000000']);
    const [two, long, unmapped] = v.records;
    // mem0 is position 0: DPA 0x80 and 0xc0 lie in granule 0 → region granule 0 → HPA 0x4c00000080, 0xc0.
    expect(hpaOf(0, 0x80)).toBe(0x4c00000080);
    expect(hpaOf(0, 0xc0)).toBe(0x4c000000c0);
    expect(two?.hpas.map((x) => x.text)).toEqual(['0x4c00000080', '0x4c000000c0']);
    expect(two?.hpas.map((x) => x.lineDpa)).toEqual([0x80, 0xc0]);
    expect(two?.source).toBe('Internal');
    // 65 lines from 1 MiB: the first 64 listed, 1 left out. Line 63 is DPA 0x100000 + 63·64 = 0x100fc0:
    // granule 0x100f (0x100fc0 / 0x100), 0xc0 in → region granule 0x100f·2 = 0x201e → 0x201e00 + 0xc0.
    expect(long?.lines).toBe(64);
    expect(long?.linesLeftOut).toBe(1);
    expect(long?.hpas).toHaveLength(64);
    expect(hpaOf(0, 0x100fc0)).toBe(WINDOW + 0x201ec0);
    expect(long?.hpas[63]?.text).toBe('0x4c00201ec0');
    // 2 GiB is past the decoder's 4 GiB / 2 ways = 2 GiB of DPA: no committed decoder maps it.
    expect(unmapped?.hpas).toEqual([]);
    expect(unmapped?.unmappedLines).toBe(1);
    expect(unmapped?.source).toBe('External');
  });

  it('names a component that is not a Type 3 device', async () => {
    const h = harness();
    await h.call('file.open', { bytes: lab(), fileName: 'two-way.json' });
    const r = await h.send('device.poison', { device: 'hb0' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('no Type 3 device "hb0"');
  });
});
