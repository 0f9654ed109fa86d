// Unit tests for the canvas's accessible names (node-names.ts), the link-key order (link-keys.ts) and
// the decode path's live-region sentences (access-announce.ts).
import { describe, expect, it } from 'vitest';
import { linksOf, nextLink } from '../../src/canvas/link-keys';
import { componentName, linkName, rootName } from '../../src/canvas/node-names';
import type { ComponentSpec, WindowSpec } from '../../src/cxl/topology/model';
import { accessAnnouncement, accessResult } from '../../src/lib/access-announce';
import type { AccessTrace } from '../../src/worker/inspect-types';

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const window0 = { id: 'cfmw0', targets: ['hb0', 'hb1'] } as WindowSpec;

describe('componentName', () => {
  const dev = (volatile: number, persistent: number) =>
    ({
      id: 'mem3',
      kind: 'type3',
      parent: 'rp3',
      volatile,
      persistent,
      decoderCount: 4,
      serial: 4,
      decoders: [],
    }) as ComponentSpec;
  it('names a Type 3 device with its capacities in binary units and its parent', () => {
    expect(componentName(dev(4 * GIB, 0), [])).toBe('Type 3 device mem3, 4 GiB ram, below rp3');
    // 1536 MiB is not a whole number of GiB: the exact unit is MiB (as the CLI prints it).
    expect(componentName(dev(1536 * MIB, 2 * GIB), [])).toBe(
      'Type 3 device mem3, 1536 MiB ram and 2 GiB pmem, below rp3',
    );
    expect(componentName(dev(0, 0), [])).toBe('Type 3 device mem3, no capacity, below rp3');
  });
  it('names host bridges by the windows that target them, ports by number and parent', () => {
    const hb = { id: 'hb1', kind: 'host-bridge', uid: 1 } as ComponentSpec;
    expect(componentName(hb, [window0])).toBe('Host bridge hb1, UID 1, target of cfmw0');
    expect(componentName(hb, [])).toBe('Host bridge hb1, UID 1, in no window');
    const rp = { id: 'rp3', kind: 'root-port', parent: 'hb1', port: 1 } as ComponentSpec;
    expect(componentName(rp, [])).toBe('Root port rp3, port 1 of hb1');
    const dsp = { id: 'dsp2', kind: 'downstream-port', parent: 'sw0', port: 2 } as ComponentSpec;
    expect(componentName(dsp, [])).toBe('Downstream port dsp2, port 2 of sw0');
  });
  it('names the root by its windows, links by their ends', () => {
    expect(rootName([window0])).toBe('CXL root, 1 window: cfmw0');
    expect(rootName([])).toBe('CXL root, no windows');
    expect(linkName('rp3', 'mem3', null)).toBe('Link rp3 to mem3');
    expect(linkName('root', 'hb0', 'cfmw0')).toBe('Link from window cfmw0 to hb0');
  });
});

describe('link keys', () => {
  const edges = [
    { id: 'a', source: 'hb1', target: 'rp3' },
    { id: 'b', source: 'rp3', target: 'mem3' },
    { id: 'c', source: 'rp3', target: 'mem4' },
    { id: 'd', source: 'hb0', target: 'rp0' },
  ];
  it('lists the parent link first, then the child links, and nothing else', () => {
    expect(linksOf('rp3', edges).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(linksOf('mem3', edges).map((e) => e.id)).toEqual(['b']);
    expect(linksOf('nobody', edges)).toEqual([]);
  });
  it('steps forward and back, wrapping round', () => {
    const links = linksOf('rp3', edges);
    expect(nextLink(links, false)?.id).toBe('a');
    expect(nextLink(links, true)?.id).toBe('c');
    const withB = links.map((e) => ({ ...e, selected: e.id === 'b' }));
    expect(nextLink(withB, false)?.id).toBe('c');
    expect(nextLink(withB, true)?.id).toBe('a');
    const withC = links.map((e) => ({ ...e, selected: e.id === 'c' }));
    expect(nextLink(withC, false)?.id).toBe('a');
    expect(nextLink([], false)).toBeUndefined();
  });
});

describe('access announcements', () => {
  const piece = (over: Partial<AccessTrace['pieces'][number]>) => ({
    hpa: 0,
    length: 8,
    ok: true,
    hops: [],
    ...over,
  });
  it('says where every traced piece went, and how many more were not traced', () => {
    const one: AccessTrace = { pieces: [piece({ device: 'mem0', dpa: 0 })], totalPieces: 1 };
    expect(accessResult(one)).toBe('done: mem0 DPA 0x0');
    const split: AccessTrace = {
      pieces: [piece({ device: 'mem0', dpa: 0 }), piece({ device: 'mem2', dpa: 0x1000 })],
      totalPieces: 5,
    };
    expect(accessResult(split)).toBe('done: 5 pieces, mem0 DPA 0x0, mem2 DPA 0x1000, and 3 more');
  });
  it('says why the first failed piece failed', () => {
    const failed: AccessTrace = {
      pieces: [piece({ ok: false, error: 'hb0: decoder 0 is not committed', failedAt: 'hb0' })],
      totalPieces: 1,
    };
    expect(accessResult(failed)).toBe('failed: hb0: decoder 0 is not committed');
  });
  it('reads the hop while the path is drawn, the result at its end', () => {
    const one: AccessTrace = { pieces: [piece({ device: 'mem0', dpa: 0 })], totalPieces: 1 };
    expect(accessAnnouncement('Read 8 B at 0x0', one, 2, 4, 'hb0 decoder 0')).toBe(
      'Read 8 B at 0x0: hop 2 of 4, hb0 decoder 0',
    );
    expect(accessAnnouncement('Read 8 B at 0x0', one, 4, 4, 'x')).toBe('Read 8 B at 0x0: done: mem0 DPA 0x0');
  });
});
