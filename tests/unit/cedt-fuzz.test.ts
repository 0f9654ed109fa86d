/**
 * Fuzzing the CEDT parser: random bytes, random tails behind a "CEDT" signature, and valid tables with
 * bit flips, truncations, extensions and corrupted Table / Record Length fields. For every input the
 * decoder returns (never throws, terminates), keeps every byte (re-serializing gives the input), and
 * the strict parser, the importer and the listing all return normally.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCedt,
  cedtListing,
  decodeCedt,
  parseCedt,
  serializeCedt,
  topologyFromCedt,
} from '../../src/cxl/index.ts';
import { cedtTopologyArb, mutate, mutationArb, rawCedtArb } from './cedt-arbitraries.ts';
import { FIRMWARE_LIKE_BYTES, FOUR_HB_FIVE_WINDOWS_BYTES, XOR_WINDOW_BYTES } from './cedt-fixtures.ts';

function checkSurvives(bytes: Uint8Array): void {
  const table = decodeCedt(bytes);
  // Each subtable takes at least 4 bytes, so the walk made progress at every step.
  expect(table.subtables.length).toBeLessThanOrEqual(Math.max(0, bytes.length - 36) / 4);
  const again = serializeCedt(table);
  expect(again.ok && Array.from(again.value)).toEqual(Array.from(bytes));
  for (const f of table.findings) {
    expect(f.offset).toBeGreaterThanOrEqual(0);
    expect(f.offset).toBeLessThanOrEqual(bytes.length);
  }
  const parsed = parseCedt(bytes);
  expect(parsed.ok).toBe(table.findings.every((f) => f.severity !== 'error'));
  const imported = topologyFromCedt(table);
  expect(typeof imported.ok).toBe('boolean');
  expect(typeof cedtListing(table)).toBe('string');
}

function recordLengthOffsets(bytes: Uint8Array): number[] {
  return decodeCedt(bytes).subtables.map((s) => s.offset + 2);
}

const validTableArb = fc.oneof(
  fc.constantFrom(FIRMWARE_LIKE_BYTES, FOUR_HB_FIVE_WINDOWS_BYTES, XOR_WINDOW_BYTES),
  rawCedtArb.map((r) => r.bytes),
  cedtTopologyArb().map((spec) => {
    const r = buildCedt(spec);
    return r.ok ? r.value : new Uint8Array();
  }),
);

describe('the parser survives anything', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), checkSurvives), { seed: 2201, numRuns: 500 });
  });

  it('"CEDT" followed by random bytes and a random Table Length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (tail, length) => {
        const bytes = Uint8Array.from([
          0x43,
          0x45,
          0x44,
          0x54,
          length % 256,
          Math.floor(length / 256),
          0,
          0,
          ...tail,
        ]);
        checkSurvives(bytes);
      }),
      { seed: 2202, numRuns: 500 },
    );
  });

  it('valid tables with bit flips, truncations, extensions and length-field corruptions', () => {
    fc.assert(
      fc.property(
        validTableArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        (valid, mutations) => {
          checkSurvives(mutate(valid, mutations, recordLengthOffsets(valid)));
        },
      ),
      { seed: 2203, numRuns: 1000 },
    );
  });

  it('every single-byte change of a fixture', () => {
    for (const fixture of [XOR_WINDOW_BYTES, FIRMWARE_LIKE_BYTES]) {
      for (let at = 0; at < fixture.length; at++) {
        for (const value of [0x00, 0x01, 0x03, 0x7f, 0xff]) {
          const bytes = fixture.slice();
          bytes[at] = value;
          checkSurvives(bytes);
        }
      }
    }
  });
});
