import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/cxl/base64.ts';

// Fixed seed: every property in this file runs the same cases on every run (CI included).
fc.configureGlobal({ seed: 7701 });

describe('base64', () => {
  it('matches Node’s encoder and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        const back = decodeBase64(text);
        expect(back.ok && [...back.value]).toEqual([...bytes]);
      }),
    );
  });
  const bad: [string, string][] = [
    ['length not a multiple of 4', 'AAA'],
    ['character outside the alphabet', 'AA-A'],
    ['padding in the middle', 'A=AA'],
    ['non-canonical padding bits', 'AB=='],
    ['non-ASCII', 'AAÄA'],
  ];
  for (const [why, text] of bad) {
    it(`rejects ${why}`, () => expect(decodeBase64(text).ok).toBe(false));
  }
});
