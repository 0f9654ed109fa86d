/** The lesson panel's answer form: numbers in hex or decimal, and typed answers per question kind. */
import { describe, expect, it } from 'vitest';
import { parseNumber, toAnswer } from '../../src/lib/lesson-answer.ts';

describe('lesson answers', () => {
  it('reads hex and decimal, refuses anything else and unsafe integers', () => {
    expect(parseNumber('0x4c_0000_1134')).toBe(0x4c00001134);
    expect(parseNumber(' 256 ')).toBe(256);
    expect(parseNumber('0X1F')).toBe(31);
    for (const bad of ['', '-1', '1.5', '0x', 'ten', '0x1ffffffffffffff', '99999999999999999'])
      expect(parseNumber(bad)).toBeNull();
  });

  it('builds the typed answer of each kind, or names the field in error', () => {
    expect(toAnswer('route', { device: ' none ' })).toEqual({ kind: 'unrouted' });
    expect(toAnswer('route', { device: 'mem0', dpa: '0x934' })).toEqual({
      kind: 'route',
      device: 'mem0',
      dpa: 0x934,
    });
    expect(toAnswer('route', { device: '', dpa: '0' })).toMatch(/^Device/);
    expect(toAnswer('hpa-bits', { high: '9', low: '8' })).toEqual({ kind: 'hpa-bits', high: 9, low: 8 });
    expect(toAnswer('decoder', { ways: '2', granularity: 'x' })).toMatch(/^Granularity/);
    expect(toAnswer('decoder-encoded', { iw: '1', ig: '0' })).toEqual({
      kind: 'decoder-encoded',
      iw: 1,
      ig: 0,
    });
    expect(toAnswer('hpa', { hpa: '0x4c00001134' })).toEqual({ kind: 'hpa', hpa: 0x4c00001134 });
  });
});
