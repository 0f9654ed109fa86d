import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { compiledDecode } from '../../src/cxl/decode/compile.ts';
import { walk } from '../../src/cxl/decode/walk.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { fakeLab, GIB, hostBridge, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

describe('compiled fast path', () => {
  it('the benchmark topology takes the fast path everywhere', () => {
    const made = createLab(sixteenWay(256));
    if (!made.ok) throw new Error(made.error.message);
    const lab = made.value.lab;
    const compiled = compiledDecode(lab);
    expect(compiled.segments().map((s) => [s.fast, s.granule, s.period])).toEqual([[true, 256, 16]]);
    const w = lab.topology.windows[0];
    if (w === undefined) throw new Error('window');
    let x = 1;
    for (let i = 0; i < 5000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const hpa = w.base + ((x * 4099) % (w.size / 16)) * 16 + (i % 16);
      const slot = compiled.translate(hpa);
      expect(slot).toBeGreaterThanOrEqual(0);
      if (i % 50 === 0) {
        const r = walk(lab, hpa);
        expect(r.ok && [r.device, r.dpa]).toEqual([compiled.devices[slot], compiled.dpa]);
      }
    }
  });

  it('is cached per lab and rebuilt when the version changes', () => {
    const base = 0x1_0000_0000;
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [prog(base, GIB, 1, 256, { targets: [0] })]),
          rootPort('rp0', 'hb0', 0),
          type3('mem0', 'rp0', GIB, [prog(base, GIB, 1, 256)]),
        ],
      ),
    );
    const a = compiledDecode(lab);
    expect(compiledDecode(lab)).toBe(a);
    expect(a.translate(base + 5)).toBe(0);
    // Uncommit the host bridge decoder behind the lab's back, then bump the version.
    const d = lab.decoders('hb0')[0];
    if (d === undefined) throw new Error('decoder');
    (d as { committed: boolean }).committed = false;
    expect(compiledDecode(lab)).toBe(a); // same version: stale by design
    lab.bump();
    const b = compiledDecode(lab);
    expect(b).not.toBe(a);
    expect(b.translate(base + 5)).toBe(-1);
    const r = walk(lab, base + 5);
    expect(!r.ok && r.error.code).toBe('route.decoder-not-committed');
  });

  it('splits windows into segments at decoder boundaries and leaves unroutable ones to the walk', () => {
    const base = 0x1_0000_0000;
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
        [
          hostBridge('hb0', 0, [prog(base, GIB, 2, 512, { targets: [0, 1] })]),
          rootPort('rp0', 'hb0', 0),
          rootPort('rp1', 'hb0', 1),
          type3('mem0', 'rp0', GIB, [prog(base, GIB, 2, 512)]),
          type3('mem1', 'rp1', GIB, [prog(base, GIB, 2, 512)]),
        ],
      ),
    );
    const c = compiledDecode(lab);
    expect(c.segments().map((s) => [s.start - base, s.end - base, s.granule, s.period])).toEqual([
      [0, GIB, 512, 2],
      [GIB, 2 * GIB, 2 ** 28, 1],
    ]);
    expect(c.translate(base + GIB + 1)).toBe(-1);
    expect(c.translate(base + 512)).toBe(c.devices.indexOf('mem1'));
    expect(c.dpa).toBe(0);
    expect(c.runEnd).toBe(base + 1024);
  });
});
