/**
 * The store's memory journal with multi-host entries (issue 18): `media` pages of a fabric device and
 * host-own `pages` merge only with entries of the same memory, so a merged journal replays to the
 * same bytes as the entries one by one (a property over random sequences, fills in between).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendMemory, journalPageBytes } from '../../src/state/memory-journal.ts';
import type { MemoryEntry } from '../../src/worker/protocol.ts';

const page = (v: number) => new Uint8Array(4096).fill(v);

/** An independent replay: the last bytes written per (kind, host, device, page); a fill is a marker. */
function replay(journal: readonly MemoryEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  let fills = 0;
  for (const e of journal) {
    if (e.kind === 'fill') fills += 1;
    if (e.kind !== 'pages' && e.kind !== 'media') continue;
    const host = e.kind === 'pages' ? (e.host ?? '-') : '-';
    for (const [i, b] of e.pages) out.set(`${e.kind}/${host}/${e.device}/${i}`, (b[0] ?? 0) * 1000 + fills);
  }
  return out;
}

interface Raw {
  kind: 'pages' | 'media';
  host: string | undefined;
  device: string;
  pages: [number, number][];
}

const entry: fc.Arbitrary<Raw | null> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'pages' | 'media'>('pages', 'media'),
    host: fc.constantFrom(undefined, 'hostA', 'hostB'),
    device: fc.constantFrom('mld0', 'mem0'),
    pages: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.constant(null),
);

function toEntry(x: Raw | null): MemoryEntry {
  if (x === null)
    return {
      kind: 'fill',
      context: { spec: { name: '', windows: [], components: [] }, registers: {} },
      hpa: 0,
      length: 1,
      pattern: { kind: 'byte', value: 0 },
    };
  const pages = x.pages.map(([i, v]): [number, Uint8Array] => [i, page(v)]);
  if (x.kind === 'media') return { kind: 'media', device: x.device, capacityBytes: 2 ** 20, pages };
  return {
    kind: 'pages',
    device: x.device,
    capacityBytes: 2 ** 20,
    pages,
    ...(x.host === undefined ? {} : { host: x.host }),
  };
}

describe('memory journal with multi-host entries', () => {
  it('a media entry and a host-own pages entry of the same device id stay apart', () => {
    const a: MemoryEntry = { kind: 'media', device: 'mld0', capacityBytes: 2 ** 20, pages: [[0, page(1)]] };
    const b: MemoryEntry = {
      kind: 'pages',
      host: 'hostA',
      device: 'mld0',
      capacityBytes: 2 ** 20,
      pages: [[0, page(2)]],
    };
    const c: MemoryEntry = { kind: 'media', device: 'mld0', capacityBytes: 2 ** 20, pages: [[1, page(3)]] };
    const j = appendMemory([], [a, b, c]);
    expect(j.map((e) => e.kind)).toEqual(['media', 'pages']);
    expect(j[0]?.kind === 'media' && j[0].pages.map(([i]) => i)).toEqual([0, 1]);
    expect(journalPageBytes(j)).toBe(3 * 4096);
  });

  it('merging never changes what the journal replays to', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (raw) => {
        const entries = raw.map(toEntry);
        const merged = entries.reduce<MemoryEntry[]>((j, e) => appendMemory(j, [e]), []);
        expect(replay(merged)).toEqual(replay(entries));
      }),
    );
  });
});
