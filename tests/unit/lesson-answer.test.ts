/**
 * The lesson panel's answer form: numbers in hex or decimal, typed answers per question kind, answers
 * given by a click (node, DPA hex byte, granule), and what an inline reference highlights.
 */
import { describe, expect, it } from 'vitest';
import { applyPick, parseNumber, toAnswer } from '../../src/lib/lesson-answer.ts';
import { highlightOf, registerFieldsOf } from '../../src/lib/lesson-highlight.ts';

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

describe('answers by click (applyPick)', () => {
  it('a device node fills the device, and completes a route answer only when the DPA is typed', () => {
    expect(applyPick('route', {}, { source: 'node', device: 'mem1' })).toEqual({
      values: { device: 'mem1' },
      complete: false,
    });
    expect(applyPick('route', { dpa: '0x934', device: 'mem3' }, { source: 'node', device: 'mem0' })).toEqual({
      values: { dpa: '0x934', device: 'mem0' },
      complete: true,
    });
  });

  it('a DPA hex byte fills device and exact DPA and completes the answer', () => {
    // 0x434 = 1076: the byte the learner clicked.
    expect(applyPick('route', { device: 'mem0' }, { source: 'byte', device: 'mem2', dpa: 1076 })).toEqual({
      values: { device: 'mem2', dpa: '0x434' },
      complete: true,
    });
  });

  it("a granule fills the device or an HPA question's HPA to edit, never completing an answer", () => {
    const g = { source: 'granule', device: 'mem1', hpa: 0x4c00001100 } as const;
    expect(applyPick('route', { dpa: '0x434' }, g)).toEqual({
      values: { dpa: '0x434', device: 'mem1' },
      complete: false,
    });
    expect(applyPick('hpa', {}, g)).toEqual({ values: { hpa: '0x4c00001100' }, complete: false });
  });

  it('ignores clicks a question does not ask about', () => {
    expect(applyPick('hpa-bits', {}, { source: 'node', device: 'mem0' })).toBeNull();
    expect(applyPick('decoder', {}, { source: 'byte', device: 'mem0', dpa: 0 })).toBeNull();
    expect(applyPick('hpa', {}, { source: 'node', device: 'mem0' })).toBeNull();
  });
});

describe('lesson reference highlights', () => {
  it('reads component, decoder and field references; refuses malformed ones', () => {
    expect(highlightOf('component', 'cfmw0')).toEqual({ component: 'cfmw0' });
    expect(highlightOf('decoder', 'hb0/1')).toEqual({ component: 'hb0', decoder: 1 });
    expect(highlightOf('field', 'hb0/0/IW')).toEqual({ component: 'hb0', decoder: 0, field: 'IW' });
    expect(highlightOf('decoder', 'hb0/x')).toBeNull();
    expect(highlightOf('field', 'hb0/0/nope')).toBeNull();
    expect(highlightOf('field', 'hb0/0/constructor')).toBeNull();
    expect(highlightOf('component', '')).toBeNull();
  });

  it('maps lesson field names to the HDM register fields of CXL r3.1 §8.2.4.20.5–.11', () => {
    expect(registerFieldsOf('base')).toEqual(['baseLow', 'baseHigh']);
    expect(registerFieldsOf('error')).toEqual(['errorNotCommitted']);
    expect(registerFieldsOf('lock')).toEqual(['lockOnCommit']);
    expect(registerFieldsOf('skip')).toEqual(['skipLow', 'skipHigh']);
    expect(registerFieldsOf(undefined)).toEqual([]);
  });

  it('every lesson field name the lesson parser accepts has register fields', () => {
    // The names `[[field:ID/N/NAME]]` may use (docs/lessons.md, src/cxl/lesson/parse.ts).
    for (const name of [
      'base',
      'size',
      'IG',
      'IW',
      'targets',
      'skip',
      'commit',
      'committed',
      'lock',
      'error',
    ])
      expect(registerFieldsOf(name).length).toBeGreaterThan(0);
  });
});
