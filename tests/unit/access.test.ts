import { describe, expect, it } from 'vitest';
import { sixteenWay } from '../../bench/topologies.ts';
import { fill, patternByte, read, route, verify, walkRoute, write } from '../../src/cxl/decode/access.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { fakeLab, GIB, hostBridge, MIB, prog, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

const base = 0x1_0000_0000;

/** 2-way @256 inside one host bridge, plus a hole: the window is 2 GiB but decoders cover 1 GiB. */
function twoWay() {
  return fakeLab(
    spec(
      [window('cfmw0', base, 2 * GIB, ['hb0'], 256)],
      [
        hostBridge('hb0', 0, [prog(base, GIB, 2, 256, { targets: [0, 1] })]),
        rootPort('rp0', 'hb0', 0),
        rootPort('rp1', 'hb0', 1),
        type3('mem0', 'rp0', GIB, [prog(base, GIB, 2, 256)]),
        type3('mem1', 'rp1', GIB, [prog(base, GIB, 2, 256)]),
      ],
    ),
  );
}

describe('read / write', () => {
  it('splits an access at granule boundaries and routes every piece', () => {
    const lab = twoWay();
    const bytes = Uint8Array.from({ length: 600 }, (_, i) => i % 251);
    // 0x80 + 600 = 0x2d8: pieces [0x80,0x100) mem0 DPA 0x80, [0x100,0x200) mem1 DPA 0, [0x200,0x2d8) mem0 DPA 0x100.
    const w = write(lab, base + 0x80, bytes);
    expect(w.ok).toBe(true);
    expect(w.pieces.map((p) => [p.hpa - base, p.length, p.device, p.dpa])).toEqual([
      [0x80, 0x80, 'mem0', 0x80],
      [0x100, 0x100, 'mem1', 0x0],
      [0x200, 0xd8, 'mem0', 0x100],
    ]);
    // Each piece carries its hop trace.
    expect(w.pieces[1]?.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0', 'mem1']);
    const r = read(lab, base + 0x80, 600);
    expect(r.ok).toBe(true);
    expect([...r.data]).toEqual([...bytes]);
    // Device view: mem1 DPA 0 holds HPA offset 0x100.
    const direct = lab.memory('mem1').read(0, 4);
    expect(direct.ok && [...direct.value]).toEqual([...bytes.subarray(0x80, 0x84)]);
    // Untraced reads use the fast path and agree.
    expect([...read(lab, base + 0x80, 600, { trace: false }).data]).toEqual([...bytes]);
  });

  it('unmapped reads return all-ones with an error naming the failing hop; writes are dropped', () => {
    const lab = twoWay();
    const at = base + GIB - 4; // last 4 bytes mapped, then 4 bytes past the host bridge decoder
    const w = write(lab, at, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    expect(w.ok).toBe(false);
    expect(w.written).toBe(4);
    expect(w.errors[0]).toMatchObject({ code: 'route.no-decoder', component: 'hb0' });
    expect(w.errors[0]?.message).toContain('dropped');
    const r = read(lab, at, 8);
    expect([...r.data]).toEqual([1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff]);
    expect(r.ok).toBe(false);
    expect(r.pieces[1]?.hops.map((h) => h.component)).toEqual(['cfmw0', 'hb0']);
    const none = read(lab, 0x1000, 2);
    expect([...none.data]).toEqual([0xff, 0xff]);
    expect(none.errors[0]?.code).toBe('route.no-window');
  });

  it('route() and walkRoute() agree', () => {
    const lab = twoWay();
    const a = route(lab, base + 0x1234);
    const b = walkRoute(lab, base + 0x1234);
    expect(a.ok && b.ok && [a.device, a.dpa, a.hops.length]).toEqual(b.ok && [b.device, b.dpa, 0]);
  });
});

describe('fill / verify', () => {
  it('patterns are defined per HPA', () => {
    expect(patternByte({ kind: 'byte', value: 0x5a }, 0, 123)).toBe(0x5a);
    expect(patternByte({ kind: 'inc' }, 0x1000, 0x1105)).toBe(5);
    // Address tag: the 8-byte word at 0x1_2345_6788 holds 0x1_2345_6788 little-endian.
    const t = Array.from({ length: 8 }, (_, i) => patternByte({ kind: 'tag' }, 0, 0x1_2345_6788 + i));
    expect(t).toEqual([0x88, 0x67, 0x45, 0x23, 0x01, 0, 0, 0]);
  });

  for (const pattern of [{ kind: 'byte', value: 0xc3 }, { kind: 'inc' }, { kind: 'tag' }] as const) {
    it(`fills and verifies through a 16-way interleave (${pattern.kind}), matching the device bytes`, () => {
      const made = createLab(sixteenWay(256, 4 * GIB));
      if (!made.ok) throw new Error(made.error.message);
      const lab = made.value.lab;
      const start = (lab.topology.windows[0]?.base ?? 0) + 0x1230; // unaligned start
      const length = 3 * 4096 + 77;
      const f = fill(lab, start, length, pattern);
      expect(f).toMatchObject({ ok: true, written: length, unmappedBytes: 0 });
      expect(Object.values(f.perDevice).reduce((a, b) => a + b, 0)).toBe(length);
      expect(Object.keys(f.perDevice)).toHaveLength(16);
      const v = verify(lab, start, length, pattern);
      expect(v).toMatchObject({ ok: true, checked: length, mismatchCount: 0 });
      // Independent check: read back each byte through the traced read and compare with patternByte.
      const r = read(lab, start, length);
      for (let i = 0; i < length; i++)
        if (r.data[i] !== patternByte(pattern, start, start + i)) throw new Error(`byte ${i}`);
      // Corrupt one device byte directly: verify reports it with HPA, device and DPA.
      const hit = route(lab, start + 1000);
      if (!hit.ok) throw new Error('route');
      const old = lab.memory(hit.device).read(hit.dpa, 1);
      lab.memory(hit.device).write(hit.dpa, Uint8Array.of(((old.ok ? old.value[0] : 0) ?? 0) ^ 0xff));
      const v2 = verify(lab, start, length, pattern);
      expect(v2.mismatchCount).toBe(1);
      expect(v2.mismatches[0]).toMatchObject({ hpa: start + 1000, device: hit.device, dpa: hit.dpa });
      expect(v2.mismatches[0]?.expected).toBe(patternByte(pattern, start, start + 1000));
    });
  }

  it('reports unmapped runs, progress and cancellation', () => {
    const lab = twoWay();
    const progress: number[] = [];
    const f = fill(
      lab,
      base + GIB - 4096,
      8192,
      { kind: 'byte', value: 1 },
      {
        onProgress: (done) => progress.push(done),
        progressBytes: 1024,
      },
    );
    expect(f.written).toBe(4096);
    expect(f.unmappedBytes).toBe(4096);
    expect(f.failures).toHaveLength(1);
    expect(f.failures[0]).toMatchObject({ hpa: base + GIB, length: 4096 });
    expect(f.failures[0]?.error.code).toBe('route.no-decoder');
    expect(progress.at(-1)).toBe(8192);
    expect(progress.length).toBeGreaterThan(3);
    let calls = 0;
    const signal = {
      get aborted() {
        calls++;
        return calls > 2;
      },
    };
    const c = fill(lab, base, 64 * MIB, { kind: 'tag' }, { signal });
    expect(c.cancelled).toBe(true);
    expect(c.ok).toBe(false);
    expect(c.written).toBeGreaterThan(0);
    expect(c.written).toBeLessThan(64 * MIB);
  });
});

describe('device-major fill / verify', () => {
  for (const pattern of [{ kind: 'byte', value: 0x3c }, { kind: 'inc' }, { kind: 'tag' }] as const) {
    it(`agrees byte for byte with the routed definition over 1 MiB (${pattern.kind})`, () => {
      const made = createLab(sixteenWay(256, 4 * GIB));
      if (!made.ok) throw new Error(made.error.message);
      const lab = made.value.lab;
      const start = (lab.topology.windows[0]?.base ?? 0) + 4096 * 3 + 256 * 5 + 17;
      const length = MIB + 999;
      const progress: number[] = [];
      const f = fill(lab, start, length, pattern, {
        onProgress: (d) => progress.push(d),
        progressBytes: 64 * 1024,
      });
      expect(f).toMatchObject({ ok: true, written: length });
      expect(progress.at(-1)).toBe(length);
      for (let i = 1; i < progress.length; i++)
        expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] ?? 0);
      const r = read(lab, start, length, { trace: false });
      for (let i = 0; i < length; i++) {
        if (r.data[i] !== patternByte(pattern, start, start + i)) throw new Error(`byte ${i}: ${r.data[i]}`);
      }
      expect(verify(lab, start, length, pattern)).toMatchObject({
        ok: true,
        checked: length,
        mismatchCount: 0,
      });
      // A corrupted byte deep inside the strided middle is found and located.
      const at = start + 512 * 1024 + 3;
      const hit = route(lab, at);
      if (!hit.ok) throw new Error('route');
      const old = lab.memory(hit.device).read(hit.dpa, 1);
      lab.memory(hit.device).write(hit.dpa, Uint8Array.of(((old.ok ? old.value[0] : 0) ?? 0) ^ 1));
      const v = verify(lab, start, length, pattern);
      expect(v.mismatchCount).toBe(1);
      expect(v.mismatches[0]).toMatchObject({ hpa: at, device: hit.device, dpa: hit.dpa });
    });
  }

  it('keeps HPA order (last writer wins) where the layout aliases', () => {
    // hb0 is 2-way at 256 B like the window, so it always picks port 0 for its half: mem0's 2-way
    // decoder then receives HPA chunks that collide (bit 9 is removed but varies).
    const lab = fakeLab(
      spec(
        [window('cfmw0', base, 2 * GIB, ['hb0', 'hb1'], 256)],
        [
          hostBridge('hb0', 0, [prog(base, GIB, 2, 256, { targets: [0, 1] })]),
          hostBridge('hb1', 1, [prog(base, GIB, 1, 256, { targets: [0] })]),
          rootPort('rp0', 'hb0', 0),
          rootPort('rp1', 'hb0', 1),
          rootPort('rp2', 'hb1', 0),
          type3('mem0', 'rp0', GIB, [prog(base, GIB, 4, 256)]),
          type3('mem1', 'rp1', GIB, [prog(base, GIB, 4, 256)]),
          type3('mem2', 'rp2', GIB, [prog(base, GIB, 2, 256)]),
        ],
      ),
    );
    const length = 256 * 1024;
    fill(lab, base, length, { kind: 'tag' });
    // Reference: replay the fill byte by byte in HPA order through the walk.
    const expected = new Map<string, number>();
    for (let h = base; h < base + length; h += 8) {
      const w = walkRoute(lab, h);
      if (w.ok) expected.set(`${w.device}@${w.dpa}`, h);
    }
    for (const [key, h] of expected) {
      const [device = '', dpa = '0'] = key.split('@');
      const got = lab.memory(device).read(Number(dpa), 8);
      const want = Array.from({ length: 8 }, (_, i) => patternByte({ kind: 'tag' }, base, h + i));
      expect(got.ok && [...got.value]).toEqual(want);
    }
  });
});
