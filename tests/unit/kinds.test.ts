/** The one table of where each component kind may sit (src/cxl/topology/kinds.ts), as the core and the canvas use it. */
import { describe, expect, it } from 'vitest';
import { childKinds, isComponentKind, PARENT_KINDS, parentPhrase } from '../../src/cxl/topology/kinds.ts';

describe('component kinds', () => {
  it('follows the CXL port hierarchy: host bridge → root port → switch → downstream port → device', () => {
    expect(PARENT_KINDS).toEqual({
      'host-bridge': [],
      'root-port': ['host-bridge'],
      switch: ['root-port', 'downstream-port'],
      'downstream-port': ['switch'],
      type3: ['root-port', 'downstream-port'],
    });
    expect(childKinds('host-bridge')).toEqual(['root-port']);
    expect(childKinds('root-port')).toEqual(['switch', 'type3']);
    expect(childKinds('switch')).toEqual(['downstream-port']);
    expect(childKinds('type3')).toEqual([]);
  });

  it('names the allowed parents in messages, and the top for a host bridge', () => {
    expect(parentPhrase('type3', 'at the top')).toBe('must sit below a root port or downstream port');
    expect(parentPhrase('downstream-port', 'at the top')).toBe('must sit below a switch');
    expect(parentPhrase('host-bridge', 'sits at the top')).toBe('sits at the top');
  });

  it('knows only the five kinds (not prototype keys a file might name)', () => {
    for (const k of ['host-bridge', 'root-port', 'switch', 'downstream-port', 'type3']) {
      expect(isComponentKind(k)).toBe(true);
    }
    for (const k of ['toString', '__proto__', 'constructor', 'type2', '', 3, null]) {
      expect(isComponentKind(k)).toBe(false);
    }
  });
});

describe('validateTopology with a prototype-key kind', () => {
  // Regression: with an existing parent, the old table lookup returned Object.prototype.toString and
  // validateTopology threw "allowed.includes is not a function".
  it('reports the kind as unknown instead of reading Object.prototype', async () => {
    const { validateTopology } = await import('../../src/cxl/topology/validate.ts');
    const spec = {
      name: 't',
      windows: [],
      components: [
        {
          kind: 'host-bridge',
          id: 'hb0',
          uid: 0,
          decoderCount: 0,
          componentRegBase: 0x1_0000_0000,
          decoders: [],
        },
        { kind: 'toString', id: 'x', parent: 'hb0' },
      ],
    } as unknown as Parameters<typeof validateTopology>[0];
    const r = validateTopology(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((e) => e.code)).toContain('component.kind-invalid');
  });
});
