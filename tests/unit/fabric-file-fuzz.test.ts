/**
 * Hostile `cxl-lab/2` input (issue 18): random damage to a valid multi-host file never throws, hangs or
 * builds a lab the validator refused; it is either read and built, or refused with located errors.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';

const POOL = JSON.parse(
  readFileSync(new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url), 'utf8'),
) as unknown;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in `v` (object keys and array indexes). */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push(...paths(x, [...at, i]));
    });
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function replaced(v: Json, path: (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (value === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaced(copy[Number(head)] ?? null, rest, value);
    return copy;
  }
  if (v !== null && typeof v === 'object') {
    const copy = { ...v };
    if (value === undefined && rest.length === 0) delete copy[String(head)];
    else copy[String(head)] = replaced(copy[String(head)] ?? null, rest, value);
    return copy;
  }
  return v;
}

const ALL = paths(POOL as Json);
const hostile: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    null,
    true,
    -1,
    0,
    1,
    2,
    15,
    16,
    255,
    256,
    2 ** 53,
    0.5,
    '',
    'unbound',
    '0x0',
    '1G',
    '3G',
    '__proto__',
    'hostA',
    'rp0.0',
    'sw0',
    'mld0',
  ),
  fc.constantFrom<Json>([], {}, { port: 2 }, { port: 3, ld: 9 }, { host: 'hostB', rootPort: 'rp0.0' }),
);

describe('cxl-lab/2 reader under random damage', () => {
  it('never throws: a file is read and built, or refused with located errors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(ALL.length - 1), hostile), { minLength: 1, maxLength: 4 }),
        (edits) => {
          let doc = POOL as Json;
          for (const [i, value] of edits) doc = replaced(doc, ALL[i] ?? [], value);
          const parsed = parseAnyLabFile(JSON.stringify(doc));
          if (!parsed.ok) {
            expect(parsed.error.length).toBeGreaterThan(0);
            for (const e of parsed.error)
              expect(e.field !== undefined || e.component !== undefined).toBe(true);
            return;
          }
          if (parsed.value.hosts !== 'multi') return;
          const built = createFabricLab(parsed.value.file);
          if (!built.ok) expect(built.error.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
