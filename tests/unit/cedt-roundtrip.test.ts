/**
 * Round trips as properties:
 *   topology → buildCedt → parseCedt → topologyFromCedt gives back the windows and host bridges;
 *   bytes → parse → serializeCedt gives back the bytes, for lab-built and for independently assembled
 *   tables (random OEM fields, reserved bytes, RDPAS and unknown subtables).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCedt,
  type CedtSubtable,
  decodeCedt,
  type HostBridgeSpec,
  parseCedt,
  serializeCedt,
  type TopologySpec,
  topologyFromCedt,
} from '../../src/cxl/index.ts';
import { cedtTopologyArb, rawCedtArb } from './cedt-arbitraries.ts';

function builtBytes(spec: TopologySpec): Uint8Array {
  const r = buildCedt(spec);
  if (!r.ok) throw new Error(r.error.map((e) => e.message).join('\n'));
  return r.value;
}

function hostBridgesOf(spec: TopologySpec): { id: string; uid: number; componentRegBase: number }[] {
  return spec.components
    .filter((c): c is HostBridgeSpec => c.kind === 'host-bridge')
    .map(({ id, uid, componentRegBase }) => ({ id, uid, componentRegBase }));
}

const WALK_ERRORS =
  /^cedt\.(truncated|trailing-bytes|length-too-small|subtable-(truncated|length-too-small|overrun|too-short)|signature|checksum)$/;

describe('parse(build(t)) gives back t', () => {
  it('windows and host bridges, for random topologies (canonical ids)', () => {
    fc.assert(
      fc.property(cedtTopologyArb(), (spec) => {
        const parsed = parseCedt(builtBytes(spec));
        if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
        const imported = topologyFromCedt(parsed.value);
        if (!imported.ok) throw new Error(imported.error.map((e) => e.message).join('\n'));
        expect(imported.value.windows).toEqual(spec.windows);
        expect(hostBridgesOf(imported.value)).toEqual(hostBridgesOf(spec));
        // One CHBS per host bridge, one CFMWS per window, in order.
        const kinds = parsed.value.subtables.map((s) => s.kind);
        expect(kinds.filter((k) => k === 'chbs')).toHaveLength(hostBridgesOf(spec).length);
        expect(kinds.filter((k) => k === 'cfmws')).toHaveLength(spec.windows.length);
        expect(kinds.join(' ')).toMatch(/^(chbs ?)*(cfmws ?)*(cxims ?)*$/);
      }),
      { seed: 3301, numRuns: 200 },
    );
  });

  it('with other ids: import renames to hb<i> / cfmw<k>, and targets follow by UID', () => {
    fc.assert(
      fc.property(cedtTopologyArb({ ids: 'custom' }), (spec) => {
        const parsed = parseCedt(builtBytes(spec));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const imported = topologyFromCedt(parsed.value);
        expect(imported.ok).toBe(true);
        if (!imported.ok) return;
        const rename = new Map(hostBridgesOf(spec).map((hb, i) => [hb.id, `hb${i}`]));
        const expected = spec.windows.map((w, k) => ({
          ...w,
          id: `cfmw${k}`,
          targets: w.targets.map((t) => rename.get(t) ?? '?'),
        }));
        expect(imported.value.windows).toEqual(expected);
        expect(hostBridgesOf(imported.value).map((hb) => hb.uid)).toEqual(
          hostBridgesOf(spec).map((hb) => hb.uid),
        );
      }),
      { seed: 3302, numRuns: 100 },
    );
  });
});

describe('build(parse(bytes)) gives back bytes', () => {
  it('for lab-built tables', () => {
    fc.assert(
      fc.property(cedtTopologyArb(), (spec) => {
        const bytes = builtBytes(spec);
        const parsed = parseCedt(bytes);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const again = serializeCedt(parsed.value);
        expect(again.ok && Array.from(again.value)).toEqual(Array.from(bytes));
      }),
      { seed: 3303, numRuns: 200 },
    );
  });

  it('for independently assembled tables with random OEM fields, reserved bytes and unknown subtables', () => {
    fc.assert(
      fc.property(rawCedtArb, ({ bytes, kinds }) => {
        const table = decodeCedt(bytes);
        // The walk itself is clean: every subtable is found, of the kind assembled.
        expect(table.findings.filter((f) => WALK_ERRORS.test(f.code))).toEqual([]);
        expect(table.subtables.map((s: CedtSubtable) => s.kind)).toEqual(kinds);
        expect(table.unparsed).toEqual([]);
        const again = serializeCedt(table);
        expect(again.ok && Array.from(again.value)).toEqual(Array.from(bytes));
        // Through JSON (what the CLI's --json and a worker message carry) as well.
        const viaJson = serializeCedt(JSON.parse(JSON.stringify(table)));
        expect(viaJson.ok && Array.from(viaJson.value)).toEqual(Array.from(bytes));
      }),
      { seed: 3304, numRuns: 300 },
    );
  });
});
