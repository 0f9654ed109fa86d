// visibleText: invisible characters in error messages are spelled out, everything else is kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabFile } from '../../src/cxl/index.ts';
import { visibleText } from '../../src/cxl/visible-text.ts';

describe('visibleText', () => {
  it('spells out a BOM, a zero-width space, controls, newlines and tabs', () => {
    expect(visibleText('\uFEFF{')).toBe('U+FEFF{');
    expect(visibleText('a\u200Bb')).toBe('aU+200Bb');
    expect(visibleText('\u0000\u001b\u0085')).toBe('U+0000U+001BU+0085');
    expect(visibleText('x\ny\tz')).toBe('x\\ny\\tz');
  });

  it('keeps printable text, including non-Latin letters and astral characters, unchanged', () => {
    expect(visibleText('mem3 → rp2, 4 GiB, 名前 😀')).toBe('mem3 → rp2, 4 GiB, 名前 😀');
  });

  it('output never holds a character it would spell out (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = visibleText(s);
        const spelled = [...out].filter((c) => c === '\uFEFF' || c === '\u200B' || c.charCodeAt(0) < 0x20);
        expect(spelled).toEqual([]);
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('a lab file with two byte-order marks is refused with the second one named, not shown as nothing', () => {
    const r = parseLabFile('\uFEFF\uFEFF{"format":"cxl-lab/1","windows":[],"components":[]}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]?.code).toBe('file.json');
    expect(r.error[0]?.message).toContain('U+FEFF');
    expect(r.error[0]?.message).not.toContain('\uFEFF');
  });
});
