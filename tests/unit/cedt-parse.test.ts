/**
 * CEDT parser on malformed input: every problem is reported with its byte offset, decoding never
 * throws, and everything it cannot decode is kept raw (so re-serializing still gives the input).
 */
import { describe, expect, it } from 'vitest';
import {
  type CedtFinding,
  type CedtTable,
  cedtFieldAt,
  cedtListing,
  decodeCedt,
  parseCedt,
  serializeCedt,
  topologyFromCedt,
} from '../../src/cxl/index.ts';
import { FIRMWARE_LIKE_BYTES, ONE_HB_ONE_WINDOW_BYTES, XOR_WINDOW_BYTES } from './cedt-fixtures.ts';

/** A copy with `edits` applied (offset → byte), then the checksum recomputed unless `keepChecksum`. */
function patch(bytes: Uint8Array, edits: Record<number, number>, keepChecksum = false): Uint8Array {
  const out = bytes.slice();
  for (const [at, value] of Object.entries(edits)) out[Number(at)] = value;
  if (!keepChecksum) {
    out[9] = 0;
    out[9] = (256 - (out.reduce((a, b) => a + b, 0) % 256)) % 256;
  }
  return out;
}

function codes(table: CedtTable, severity?: CedtFinding['severity']): [string, number][] {
  return table.findings
    .filter((f) => severity === undefined || f.severity === severity)
    .map((f) => [f.code, f.offset]);
}

function roundTrips(bytes: Uint8Array): void {
  const again = serializeCedt(decodeCedt(bytes));
  expect(again.ok && Array.from(again.value)).toEqual(Array.from(bytes));
}

// ONE_HB_ONE_WINDOW: header 0x00, CHBS 0x24 (Record Length at 0x26), CFMWS 0x44 (Record Length at
// 0x46, ENIW 0x5C, arithmetic 0x5D, HBIG 0x60, Base HPA 0x4C, restrictions 0x64).

describe('table-level problems', () => {
  it('shorter than the header: error, nothing decoded, bytes kept', () => {
    for (const n of [0, 1, 35]) {
      const bytes = ONE_HB_ONE_WINDOW_BYTES.slice(0, n);
      const table = decodeCedt(bytes);
      expect(table.header).toBeNull();
      expect(codes(table)).toEqual([['cedt.truncated-header', 0]]);
      expect(parseCedt(bytes).ok).toBe(false);
      roundTrips(bytes);
    }
  });

  it('wrong signature: error at offset 0', () => {
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 0: 0x53, 1: 0x52, 2: 0x41, 3: 0x54 }); // "SRAT"
    const r = parseCedt(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((f) => [f.code, f.offset, f.length])).toEqual([['cedt.signature', 0, 4]]);
  });

  it('bad checksum alone: a warning at offset 9, parse still succeeds', () => {
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 9: 0x84 }, true);
    const r = parseCedt(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(codes(r.value)).toEqual([['cedt.checksum', 9]]);
    expect(r.value.findings[0]?.message).toContain('should be 0x83');
    roundTrips(bytes);
  });

  it('truncated table: header Length larger than the data (error at the Length field)', () => {
    const bytes = ONE_HB_ONE_WINDOW_BYTES.slice(0, 100);
    const table = decodeCedt(bytes);
    expect(codes(table, 'error')).toEqual([
      ['cedt.truncated', 4],
      ['cedt.subtable-overrun', 0x46],
    ]);
    expect(table.findings[0]?.message).toContain('8 bytes missing');
    expect(table.subtables.map((s) => s.kind)).toEqual(['chbs']);
    expect(table.unparsed.map((f) => [f.offset, f.length])).toEqual([[0x44, 100 - 0x44]]);
    roundTrips(bytes);
  });

  it('trailing bytes past the header Length (error), kept raw', () => {
    const bytes = new Uint8Array([...ONE_HB_ONE_WINDOW_BYTES, 0xaa, 0xbb]);
    const table = decodeCedt(bytes);
    expect(codes(table)).toEqual([['cedt.trailing-bytes', 4]]);
    expect(table.unparsed.map((f) => [f.offset, f.raw])).toEqual([[108, 'aa bb']]);
    roundTrips(bytes);
  });

  it('header Length below 36: error; the buffer is walked anyway', () => {
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 4: 20 });
    const table = decodeCedt(bytes);
    expect(codes(table, 'error')).toEqual([['cedt.length-too-small', 4]]);
    expect(table.subtables.map((s) => s.kind)).toEqual(['chbs', 'cfmws']);
  });
});

describe('subtable walking', () => {
  for (const length of [0, 1, 2, 3]) {
    it(`Record Length ${length} (< 4) stops the walk with an error at its offset, no endless loop`, () => {
      const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 70: length, 71: 0 });
      const table = decodeCedt(bytes);
      expect(codes(table, 'error')).toEqual([['cedt.subtable-length-too-small', 0x46]]);
      expect(table.subtables.map((s) => s.kind)).toEqual(['chbs']);
      expect(table.unparsed.map((f) => [f.offset, f.length])).toEqual([[0x44, 40]]);
      roundTrips(bytes);
    });
  }

  it('Record Length running past the table end: error at its offset', () => {
    // CHBS says 96 bytes; 72 are left from its start.
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 38: 96 });
    expect(codes(decodeCedt(bytes), 'error')).toEqual([['cedt.subtable-overrun', 0x26]]);
    // CHBS says 33 bytes: the next header then starts at 0x45 and reads Record Length 0 at 0x47.
    const skewed = patch(ONE_HB_ONE_WINDOW_BYTES, { 38: 33 });
    expect(codes(decodeCedt(skewed), 'error')).toEqual([['cedt.subtable-length-too-small', 0x47]]);
    const big = patch(ONE_HB_ONE_WINDOW_BYTES, { 70: 0xff, 71: 0xff });
    expect(codes(decodeCedt(big), 'error')).toEqual([['cedt.subtable-overrun', 0x46]]);
  });

  it('fewer than 4 bytes left after the last subtable: error at that offset', () => {
    const bytes = new Uint8Array([...ONE_HB_ONE_WINDOW_BYTES, 0, 0]);
    bytes[4] = 110;
    const table = decodeCedt(patch(bytes, {}));
    expect(codes(table, 'error')).toEqual([['cedt.subtable-truncated', 108]]);
  });

  it('a known type shorter than its structure is kept raw with an error', () => {
    // CHBS Record Length 8 (of 32): the next "subtable" starts inside the CHBS, so the walk continues
    // through its bytes; the table is a mess but decoding terminates and keeps every byte.
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 38: 8 });
    const table = decodeCedt(bytes);
    expect(table.findings[0]).toMatchObject({
      code: 'cedt.subtable-too-short',
      offset: 0x26,
      severity: 'error',
    });
    expect(table.subtables[0]).toMatchObject({ kind: 'unknown', reason: 'malformed', byteLength: 8 });
    roundTrips(bytes);
  });
});

describe('CFMWS findings', () => {
  it('Record Length < 36 + 4·NIW: error (Linux rejects the window)', () => {
    // 2 ways (ENIW 1) in a 40-byte record.
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 92: 1 });
    const table = decodeCedt(bytes);
    expect(codes(table, 'error')).toEqual([['cfmws.length-short', 0x46]]);
    expect(table.findings[0]?.message).toContain('less than expected 44');
  });

  it('Record Length longer than needed: warning, extra bytes kept raw', () => {
    const bytes = new Uint8Array([...ONE_HB_ONE_WINDOW_BYTES, 0xee, 0xee, 0xee, 0xee]);
    bytes[4] = 112;
    bytes[0x46] = 44;
    const table = decodeCedt(patch(bytes, {}));
    expect(codes(table)).toEqual([['cfmws.length-long', 0x46]]);
    const cfmws = table.subtables[1];
    expect(cfmws?.kind === 'cfmws' && cfmws.extra?.raw).toBe('ee ee ee ee');
  });

  it('reserved encodings: ENIW, arithmetic, HBIG', () => {
    expect(codes(decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 92: 5 })), 'error')).toEqual([
      ['cfmws.eniw-reserved', 0x5c],
    ]);
    expect(codes(decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 93: 2 })), 'error')).toEqual([
      ['cfmws.arithmetic-reserved', 0x5d],
    ]);
    expect(codes(decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 96: 7 })), 'error')).toEqual([
      ['cfmws.hbig-reserved', 0x60],
    ]);
  });

  it('unaligned base and size (Linux: "not 256MB aligned")', () => {
    const table = decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 79: 0x11, 87: 0x01 }));
    expect(codes(table, 'error')).toEqual([
      ['cfmws.base-unaligned', 0x4c],
      ['cfmws.size-unaligned', 0x54],
    ]);
  });

  it('reserved restriction bits and non-zero reserved fields: warnings', () => {
    const table = decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 101: 0x80, 72: 1 }));
    expect(codes(table)).toEqual([
      ['cedt.reserved-nonzero', 0x48],
      ['cfmws.restrictions-reserved', 0x64],
    ]);
    expect(parseCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 101: 0x80 })).ok).toBe(true);
  });

  it('target UID without a CHBS: warning; import fails on it', () => {
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 104: 13 });
    const table = decodeCedt(bytes);
    expect(codes(table)).toEqual([['cfmws.target-no-chbs', 0x68]]);
    const imported = topologyFromCedt(table);
    expect(imported.ok).toBe(false);
    if (imported.ok) return;
    expect(imported.error.map((e) => e.code)).toEqual(['import.target-unknown']);
  });
});

describe('XOR windows against CXIMS', () => {
  // XOR_WINDOW: CFMWS at 0xA4 (arithmetic at 0xBD), CXIMS at 0xD8 (HBIG at 0xDE, count at 0xDF).
  it('no CXIMS with the window HBIG: error at the arithmetic field', () => {
    const table = decodeCedt(patch(XOR_WINDOW_BYTES, { 222: 1 }));
    expect(codes(table, 'error')).toEqual([['cfmws.no-cxims', 0xbd]]);
  });

  it('too few XORMAPs: error (Linux: "CXIMS nr_xormaps[1] expected[2]")', () => {
    // Say 1 map in a 24-byte record: the record is longer than needed (warning), the window short of maps.
    const table = decodeCedt(patch(XOR_WINDOW_BYTES, { 223: 1 }));
    expect(codes(table)).toEqual([
      ['cxims.length-long', 0xda],
      ['cfmws.cxims-too-few', 0xbd],
    ]);
    expect(table.findings[1]?.message).toContain('nr_xormaps[1] expected[2]');
  });

  it('more XORMAPs declared than the record holds: error', () => {
    expect(codes(decodeCedt(patch(XOR_WINDOW_BYTES, { 223: 3 })), 'error')).toEqual([
      ['cxims.length-short', 0xda],
    ]);
  });
});

describe('CHBS findings', () => {
  it('reserved CXL Version: error; wrong block length: warning; duplicate UID: error', () => {
    expect(codes(decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 44: 2 })))).toEqual([
      ['chbs.version-reserved', 0x2c],
    ]);
    expect(codes(decodeCedt(patch(ONE_HB_ONE_WINDOW_BYTES, { 62: 2 })))).toEqual([
      ['chbs.length-mismatch', 0x3c],
    ]);
    // Make the CFMWS a second CHBS with the same UID 12: type 0 and length 32 at 0x44; the 8 bytes left
    // over form an unknown type-0x0C… no: make them a type-5 subtable of 8 bytes.
    const dup = patch(ONE_HB_ONE_WINDOW_BYTES, {});
    dup.set(ONE_HB_ONE_WINDOW_BYTES.subarray(0x24, 0x44), 0x44);
    dup.set([5, 0, 8, 0, 0, 0, 0, 0], 0x64);
    const table = decodeCedt(patch(dup, {}));
    expect(codes(table)).toEqual([
      ['cedt.subtable-unknown', 0x64],
      ['chbs.duplicate-uid', 0x48],
    ]);
  });

  it('a CXL 1.1 CHBS is imported as a restricted host bridge (RCH) that its window targets', () => {
    // CXL Version at 0x24 + 8 = 44 → 0 (1.1); Length at 0x24 + 0x18 = 60: 0x10000 (byte 62 = 1) → 0x2000 (byte 61 = 0x20).
    const bytes = patch(ONE_HB_ONE_WINDOW_BYTES, { 44: 0, 62: 0, 61: 0x20 });
    const table = decodeCedt(bytes);
    expect(table.findings).toEqual([]);
    const imported = topologyFromCedt(table);
    if (!imported.ok) throw new Error(imported.error[0]?.message);
    expect(imported.value.components).toEqual([
      {
        kind: 'host-bridge',
        id: 'hb0',
        uid: 12,
        decoderCount: 0,
        componentRegBase: 0x1_0000_0000,
        decoders: [],
        restricted: true,
      },
    ]);
    expect(imported.value.windows[0]?.targets).toEqual(['hb0']);
    expect(imported.value.notes).toContain(
      'CXL 1.1 host bridge UID 12 imported as hb0, a restricted host (RCH)',
    );
  });
});

describe('listing and byte → field lookup', () => {
  it('lists every field with offset, length, name, raw and value; marks findings', () => {
    const text = cedtListing(decodeCedt(FIRMWARE_LIKE_BYTES));
    expect(text).toContain('CEDT: 133 bytes, 4 subtables, 0 errors, 2 warnings');
    expect(text).toMatch(/! 0x0009 {4}1 {2}Checksum {17}0x00/);
    expect(text).toMatch(/ {2}0x0072 {4}2 {2}BDF {22}0x0008 +00:01\.0/);
    expect(text).toContain('Subtable (not decoded), type 4  [subtable3]  @0x007d, 8 bytes');
    expect(text).toContain('warning 0x0009  cedt.checksum');
  });

  it('maps a byte offset to its field', () => {
    const table = decodeCedt(XOR_WINDOW_BYTES);
    expect(cedtFieldAt(table, 0xe0)?.name).toBe('XORMAP 0');
    expect(cedtFieldAt(table, 0x0b)?.name).toBe('OEM ID');
    expect(cedtFieldAt(table, 240)).toBeNull();
  });
});
