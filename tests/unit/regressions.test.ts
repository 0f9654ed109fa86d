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
  importQemu,
  isLocated,
  parseLabFile,
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
