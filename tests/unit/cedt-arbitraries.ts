/**
 * fast-check generators for the CEDT properties:
 *
 * - `cedtTopologyArb`: host bridges and windows a CEDT can express: distinct UIDs, 64 KiB aligned
 *   register blocks, 256 MiB aligned windows below 2^52 of every encodable ways/granularity, modulo and
 *   XOR arithmetic (XOR windows of one HBIG share a map list, as one CXIMS per HBIG requires),
 *   restrictions in bit order, any QTG. Root ports are sprinkled in to check they are ignored.
 * - `rawCedtArb`: a CEDT assembled byte by byte here (not by the builder): random header bytes, and
 *   CHBS / CFMWS / CXIMS / RDPAS / unknown-type subtables with consistent Record Lengths but otherwise
 *   random contents, correct Table Length and checksum.
 * - `mutatedCedtArb`: valid tables with bit flips, truncations, extensions and corrupted length fields.
 */
import fc from 'fast-check';
import {
  type ComponentSpec,
  type TopologySpec,
  VALID_EIW,
  VALID_GRANULARITIES,
  VALID_WAYS,
  type WindowRestriction,
  type WindowSpec,
  xormapCount,
} from '../../src/cxl/index.ts';

const UNIT = 2 ** 28; // 256 MiB
const RESTRICTIONS: WindowRestriction[] = ['type2', 'type3', 'volatile', 'persistent', 'fixed', 'bi'];

/** 0 … 2^bits − 1 for bits ≤ 52, built from 16-bit pieces (fc.integer is 32-bit signed). */
export function uintArb(bits: number): fc.Arbitrary<number> {
  const pieces = Math.ceil(bits / 16);
  return fc
    .array(fc.integer({ min: 0, max: 0xffff }), { minLength: pieces, maxLength: pieces })
    .map((parts) => {
      let n = 0;
      for (const p of parts) n = n * 65536 + p;
      return n % 2 ** bits;
    });
}

/** A non-zero XOR map below 2^52. */
const xormapArb = uintArb(52).filter((m) => m > 0);

interface WindowDraft {
  ways: number;
  granularity: number;
  baseUnits: number;
  sizeUnits: number;
  arithmetic: 'modulo' | 'xor';
  targetPicks: number[];
  restrictions: WindowRestriction[];
  qtg: number;
}

const windowDraftArb: fc.Arbitrary<WindowDraft> = fc
  .record({
    ways: fc.constantFrom(...VALID_WAYS),
    granularity: fc.constantFrom(...VALID_GRANULARITIES),
    sizeUnits: fc.integer({ min: 1, max: 4096 }),
    arithmetic: fc.constantFrom<'modulo' | 'xor'>('modulo', 'xor'),
    targetPicks: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
    restrictions: fc.subarray(RESTRICTIONS),
    qtg: fc.integer({ min: 0, max: 0xffff }),
  })
  .chain((d) => fc.integer({ min: 0, max: 2 ** 24 - d.sizeUnits }).map((baseUnits) => ({ ...d, baseUnits })));

export interface CedtTopologyOptions {
  /** Host bridge and window ids: `hb<i>` / `cfmw<k>` (what import produces), or other names. */
  ids?: 'canonical' | 'custom';
}

export function cedtTopologyArb(options: CedtTopologyOptions = {}): fc.Arbitrary<TopologySpec> {
  const hbId = (i: number) => (options.ids === 'custom' ? `bridge-${String.fromCharCode(65 + i)}` : `hb${i}`);
  const winId = (k: number) => (options.ids === 'custom' ? `window.${k * 7}` : `cfmw${k}`);
  return fc
    .integer({ min: 1, max: 16 })
    .chain((hbCount) =>
      fc.record({
        uids: fc.uniqueArray(uintArb(32), { minLength: hbCount, maxLength: hbCount }),
        regBlocks: fc.array(uintArb(36), { minLength: hbCount, maxLength: hbCount }),
        rootPortsAfter: fc.array(fc.boolean(), { minLength: hbCount, maxLength: hbCount }),
        mapsByEig: fc.array(fc.array(xormapArb, { minLength: 4, maxLength: 4 }), {
          minLength: 7,
          maxLength: 7,
        }),
        windows: fc.array(windowDraftArb, { maxLength: 6 }),
      }),
    )
    .map(({ uids, regBlocks, rootPortsAfter, mapsByEig, windows }) => {
      const components: ComponentSpec[] = [];
      uids.forEach((uid, i) => {
        components.push({
          kind: 'host-bridge',
          id: hbId(i),
          uid,
          decoderCount: 4,
          componentRegBase: (regBlocks[i] ?? 0) * 0x10000,
          decoders: [],
        });
        if (rootPortsAfter[i] === true)
          components.push({ kind: 'root-port', id: `rp${i}`, parent: hbId(i), port: i });
      });
      const specWindows: WindowSpec[] = windows.map((d, k) => {
        const eig = Math.log2(d.granularity / 256);
        const needed = d.arithmetic === 'xor' ? (xormapCount(d.ways) ?? 0) : 0;
        return {
          id: winId(k),
          base: d.baseUnits * UNIT,
          size: d.sizeUnits * UNIT,
          ways: d.ways,
          granularity: d.granularity,
          arithmetic: d.arithmetic,
          xormaps: (mapsByEig[eig] ?? []).slice(0, needed),
          targets: d.targetPicks.slice(0, d.ways).map((p) => hbId(p % uids.length)),
          restrictions: d.restrictions,
          qtg: d.qtg,
        };
      });
      return { name: 'random', windows: specWindows, components };
    });
}

// ---------------------------------------------------------------------------------------------------
// Raw tables, assembled here byte by byte.

const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

function le(value: number, length: number): number[] {
  const out: number[] = [];
  let rest = value;
  for (let i = 0; i < length; i++) {
    out.push(rest % 256);
    rest = Math.floor(rest / 256);
  }
  return out;
}

export type RawKind = 'chbs' | 'cfmws' | 'cxims' | 'rdpas' | 'unknown';

export interface RawSubtable {
  kind: RawKind;
  bytes: number[];
}

const rawChbs = bytesArb(28, 28).map(
  (body): RawSubtable => ({
    kind: 'chbs',
    bytes: [0, body[0] ?? 0, 32, 0, ...body.slice(1), 0].slice(0, 32),
  }),
);

const rawCfmws = fc
  .record({ eiw: fc.constantFrom(...VALID_EIW), fixed: bytesArb(32, 32), targets: bytesArb(64, 64) })
  .map(({ eiw, fixed, targets }): RawSubtable => {
    const ways = eiw < 8 ? 2 ** eiw : 3 * 2 ** (eiw - 8);
    // 0x00 Type, 0x01 Reserved, 0x02 Record Length, 0x04..0x17 random, 0x18 ENIW, 0x19..0x23 random.
    const fixedPart = [
      1,
      fixed[0] ?? 0,
      ...le(36 + 4 * ways, 2),
      ...fixed.slice(1, 21),
      eiw,
      ...fixed.slice(21, 32),
    ];
    return { kind: 'cfmws', bytes: [...fixedPart, ...targets.slice(0, 4 * ways)] };
  });

const rawCxims = fc
  .record({ n: fc.integer({ min: 0, max: 5 }), body: bytesArb(44, 44) })
  .map(({ n, body }): RawSubtable => {
    const length = 8 + 8 * n;
    return {
      kind: 'cxims',
      bytes: [
        2,
        body[0] ?? 0,
        ...le(length, 2),
        body[1] ?? 0,
        body[2] ?? 0,
        body[3] ?? 0,
        n,
        ...body.slice(4, 4 + 8 * n),
      ],
    };
  });

const rawRdpas = bytesArb(14, 14).map(
  (body): RawSubtable => ({ kind: 'rdpas', bytes: [3, body[0] ?? 0, 17, 0, ...body.slice(1)] }),
);

const rawUnknown = fc
  .record({
    type: fc.integer({ min: 4, max: 255 }),
    reserved: fc.integer({ min: 0, max: 255 }),
    body: bytesArb(0, 40),
  })
  .map(
    ({ type, reserved, body }): RawSubtable => ({
      kind: 'unknown',
      bytes: [type, reserved, ...le(4 + body.length, 2), ...body],
    }),
  );

export interface RawCedt {
  bytes: Uint8Array;
  kinds: RawKind[];
}

/** A CEDT with consistent lengths and a correct checksum, and random field contents. */
export const rawCedtArb: fc.Arbitrary<RawCedt> = fc
  .record({
    header: bytesArb(28, 28), // revision … creator revision, minus checksum
    subtables: fc.array(fc.oneof(rawChbs, rawCfmws, rawCxims, rawRdpas, rawUnknown), { maxLength: 8 }),
  })
  .map(({ header, subtables }) => {
    const body = subtables.flatMap((s) => s.bytes);
    const length = 36 + body.length;
    const bytes = Uint8Array.from([
      0x43,
      0x45,
      0x44,
      0x54,
      ...le(length, 4),
      header[0] ?? 1,
      0,
      ...header.slice(1, 27),
      ...body,
    ]);
    bytes[9] = (256 - (bytes.reduce((a, b) => a + b, 0) % 256)) % 256;
    return { bytes, kinds: subtables.map((s) => s.kind) };
  });

// ---------------------------------------------------------------------------------------------------
// Mutations of valid tables.

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'extend'; extra: number[] }
  | { kind: 'table-length'; value: number }
  | { kind: 'record-length'; pick: number; value: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat() }),
  fc.record({
    kind: fc.constant('extend' as const),
    extra: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant('table-length' as const), value: uintArb(32) }),
  fc.record({
    kind: fc.constant('record-length' as const),
    pick: fc.nat(),
    value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffff })),
  }),
);

/**
 * Applies mutations in order. `recordLengthOffsets` lists where the Record Length fields of the
 * original table are (the caller decodes it once to find them).
 */
export function mutate(
  bytes: Uint8Array,
  mutations: readonly Mutation[],
  recordLengthOffsets: readonly number[],
): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    if (m.kind === 'flip' && out.length > 0) {
      const at = m.at % out.length;
      out[at] = (out[at] ?? 0) ^ (1 << m.bit);
    } else if (m.kind === 'truncate') {
      out = out.slice(0, m.keep % (out.length + 1));
    } else if (m.kind === 'extend') {
      out = Uint8Array.from([...out, ...m.extra]);
    } else if (m.kind === 'table-length' && out.length >= 8) {
      out.set(le(m.value, 4), 4);
    } else if (m.kind === 'record-length' && recordLengthOffsets.length > 0) {
      const at = recordLengthOffsets[m.pick % recordLengthOffsets.length] ?? 0;
      if (at + 2 <= out.length) out.set(le(m.value, 2), at);
    }
  }
  return out;
}
