/**
 * Every crash or wrong acceptance the fuzzing of issue 13 found, as a named fixture in
 * tests/fixtures/regressions/: each must now be refused cleanly, with the expected code, and every
 * error must carry a code, a message and a location.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acceptLabText,
  type CxlError,
  decodeCedt,
  decodeShareFragment,
  importCedt,
  importCxlList,
  importQemu,
  isLocated,
  parseLabFile,
  serializeLabFile,
} from '../../src/cxl/index.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'regressions');
const read = (name: string): string =>
  readFileSync(join(DIR, name), name.endsWith('.bin') ? 'latin1' : 'utf8');

type Run = (text: string) => { ok: boolean; errors: readonly CxlError[] };
const lab: Run = (t) => {
  const r = acceptLabText(t);
  return { ok: r.ok, errors: r.ok ? [] : r.error };
};
const link: Run = (t) => {
  const r = decodeShareFragment(t);
  return { ok: r.ok, errors: r.ok ? [] : r.error };
};
const cedt: Run = (t) => {
  const r = importCedt(decodeCedt(new Uint8Array(Buffer.from(t, 'latin1'))));
  return { ok: r.ok, errors: r.ok ? [] : r.error };
};
const qemu: Run = (t) => {
  const r = importQemu(t);
  return { ok: r.ok, errors: r.ok ? [] : r.error };
};

const CASES: [fixture: string, run: Run, code: string][] = [
  // Crash A: `KIND_KEYS[kind] is not iterable` for kinds that are Object.prototype members.
  ['crash-a-kind-constructor.cxl-lab.json', lab, 'file.value'],
  ['crash-a-kind-proto.cxl-lab.json', lab, 'file.value'],
  ['crash-a-kind-tostring.cxl-lab.json', lab, 'file.value'],
  ['crash-a-kind-hasownproperty.cxl-lab.json', lab, 'file.value'],
  ['crash-a-kind-valueof.cxl-lab.json', lab, 'file.value'],
  ['crash-a-share-link.link.txt', link, 'file.value'],
  ['crash-a-embed-link.link.txt', link, 'file.value'],
  // Saved register state with reserved bits: `list`/`check` refused it, `share`/`unshare` accepted it.
  ['saved-registers-reserved-bits.cxl-lab.json', lab, 'registers.bad-value'],
  ['saved-registers-reserved-bits.link.txt', link, 'registers.bad-value'],
  // 64 MiB of spaces in ~64 KiB of deflate: refused while inflating, at the 8 MiB link limit.
  ['decompression-bomb-64mib.link.txt', link, 'share.too-large'],
  // Devices whose bus= chain loops were imported with exit 0.
  ['qemu-bus-cycle.args', qemu, 'qemu.cycle'],
  // The fuzz suite's first catch after merging the forgiving CEDT import: an error with no location.
  ['cedt-no-header-3-bytes.bin', cedt, 'import.no-header'],
];

describe('regression fixtures (issue 13)', () => {
  for (const [fixture, run, code] of CASES) {
    it(`${fixture} is refused with ${code}`, () => {
      const r = run(read(fixture));
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => e.code)).toContain(code);
      for (const e of r.errors) {
        expect(e.message.length).toBeGreaterThan(0);
        expect(isLocated(e), `${e.code} has a location`).toBe(true);
      }
    });
  }

  it('crash A: the refusal names the kinds the lab knows and what was found', () => {
    const r = parseLabFile(read('crash-a-kind-constructor.cxl-lab.json'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]).toMatchObject({ code: 'file.value', field: 'components[0].kind', component: 'a' });
    expect(r.error[0]?.message).toContain('unknown kind "constructor"');
  });

  it('reserved bits: parseLabFile alone reads the file; the acceptance rule refuses it', () => {
    // The structural parse cannot see register semantics; acceptLabText (what every path uses) can.
    expect(parseLabFile(read('saved-registers-reserved-bits.cxl-lab.json')).ok).toBe(true);
    expect(acceptLabText(read('saved-registers-reserved-bits.cxl-lab.json')).ok).toBe(false);
  });
});

/** Heap growth while `run` executes, with its result kept alive so what the result retains counts. */
function heapGrowth<T>(run: () => T): { result: T; growthMiB: number } {
  const before = process.memoryUsage().heapUsed;
  const result = run();
  const growthMiB = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  return { result, growthMiB };
}

// Found by the long fuzz mode (`npm run fuzz -- --count 20000 --seed 20261205`). Time is reported by
// `npm run fuzz` and `npm run bench`, never asserted; heap growth gets a generous bound (measured
// before the fix: 1082 MiB; after: a few MiB).
const HEAP_BOUND_MIB = 128;

describe('long-fuzz findings (issue 13): bounded memory', () => {
  it('qemu: an open quote in -m swallows 2 000 backends; refused with qemu.memory, findings capped, heap bounded', () => {
    // `-m 4G,maxme"m=8G,…` opens a double quote that closes only near the end, so the whole rest of
    // the command (2 000 `-object memory-backend-file,…,size=256M` lines) is one -m value. Each of its
    // comma-separated keys is a finding; every finding used to hold its own copy of the 146 KB value.
    const text = read('qemu-open-quote-in-m-swallows-2000-backends.args');
    const { result: r, growthMiB } = heapGrowth(() => importQemu(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // The findings cap (LIMIT_FINDINGS = 1000) holds: 1000 listed, then one "and N more".
    expect(r.error).toHaveLength(1001);
    expect(r.error.slice(0, 1000).every((e) => e.code === 'qemu.memory')).toBe(true);
    expect(r.error[1000]?.code).toBe('qemu.more');
    for (const e of r.error) {
      expect(isLocated(e)).toBe(true);
      // The argument is shown clipped to 90 characters, not as the whole 146 KB value.
      expect(e.message.length).toBeLessThan(400);
    }
    expect(r.error[0]?.field).toBe('argv[3]');
    expect(growthMiB, `heap grew by ${growthMiB.toFixed(1)} MiB`).toBeLessThan(HEAP_BOUND_MIB);
  });

  it('cxl list: the 128-device listing with one misspelt key is accepted with one unknown-key finding, heap bounded', () => {
    // `cxl-lab list` of the scale-128 preset (160 KB compact) with `decode_granularity` mutated to
    // `decodve_granularity` once. Reported at 6.0 s under a load average of 12-18; no super-linear work
    // was found (see the issue 13 report), so what is held here is the outcome and the memory.
    const text = read('cxl-list-scale-128-misspelt-key.cxl-list.txt');
    // Root decoders are decoder0.N (the decoders of root0, Linux drivers/cxl/acpi.c); each is a window.
    const rootDecoders = new Set(text.match(/"decoder":"decoder0\.[0-9]+"/g) ?? []);
    expect(rootDecoders.size).toBe(8);
    const { result: r, growthMiB } = heapGrowth(() => importCxlList(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.spec.windows).toHaveLength(rootDecoders.size);
    expect(r.value.findings.map((f) => f.code)).toEqual(['cxl-list.unknown-key']);
    expect(r.value.findings[0]?.message).toContain('decodve_granularity');
    expect(r.value.unplaced).toEqual([]);
    // What the import returns loads as a lab file (the acceptance rule).
    expect(acceptLabText(serializeLabFile(r.value.spec)).ok).toBe(true);
    expect(growthMiB, `heap grew by ${growthMiB.toFixed(1)} MiB`).toBeLessThan(HEAP_BOUND_MIB);
  });
});
