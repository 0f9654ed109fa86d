// The Check panel's pure helpers: notes split at "Answer:", the tab label's counts, a finding's target.
import { describe, expect, it } from 'vitest';
import type { TopologySpec } from '../../src/cxl/topology/model.ts';
import { ROOT_NODE_ID } from '../../src/lib/ids.ts';
import { findingPlace, findingTarget } from '../../src/panels/check/finding-target.ts';
import { splitNotes } from '../../src/panels/check/notes-answer.ts';
import { checkTabLabel } from '../../src/panels/check/use-check.ts';
import type { Finding } from '../../src/worker/protocol.ts';
import { hostBridge, rootPort, spec, type3, window } from './helpers/fake-lab.ts';

describe('splitNotes', () => {
  it('keeps the paragraphs from the first "Answer:" on for later', () => {
    const notes = 'Find the bug.\n\nSymptom: aliasing.\n\nAnswer: granularity.\n\nFix: 512 B.';
    expect(splitNotes(notes)).toEqual({
      shown: ['Find the bug.', 'Symptom: aliasing.'],
      answer: ['Answer: granularity.', 'Fix: 512 B.'],
    });
  });

  it('shows notes without an answer whole; "Answer:" inside a paragraph does not count', () => {
    expect(splitNotes('One.\n\n  \n\nTwo says Answer: no.')).toEqual({
      shown: ['One.', 'Two says Answer: no.'],
      answer: [],
    });
  });
});

describe('checkTabLabel', () => {
  it('names the counts, singular for one', () => {
    expect(checkTabLabel(null)).toBe('Check');
    expect(checkTabLabel({ errors: 0, warnings: 0 })).toBe('Check · ok');
    expect(checkTabLabel({ errors: 1, warnings: 0 })).toBe('Check · 1 error');
    expect(checkTabLabel({ errors: 4, warnings: 1 })).toBe('Check · 4 errors · 1 warning');
    expect(checkTabLabel({ errors: 0, warnings: 2 })).toBe('Check · 2 warnings');
  });
});

describe('findingTarget', () => {
  const lab: TopologySpec = spec(
    [window('cfmw0', 0x2_0000_0000, 2 ** 30, ['hb0'], 256)],
    [hostBridge('hb0', 0, []), rootPort('rp0', 'hb0', 0), type3('mem0', 'rp0', 2 ** 30, [])],
  );
  const finding = (extra: Partial<Finding>): Finding => ({
    severity: 'warning',
    code: 'x',
    message: 'm',
    rule: 'spec',
    ref: 'CXL r3.1 §8.2.4.20.12',
    ...extra,
  });

  it('a device decoder: select and frame the device, open that decoder', () => {
    expect(findingTarget(finding({ component: 'mem0', decoder: 1 }), lab)).toEqual({
      node: 'mem0',
      owner: 'mem0',
      decoder: 1,
    });
    expect(findingPlace(finding({ component: 'mem0', decoder: 1 }))).toBe('mem0 · decoder 1');
  });

  it('a window points at the CXL root; a port has no decoders; nothing named, nothing to open', () => {
    expect(findingTarget(finding({ component: 'cfmw0' }), lab)).toEqual({
      node: ROOT_NODE_ID,
      owner: null,
      decoder: null,
    });
    expect(findingTarget(finding({ component: 'rp0', decoder: 0 }), lab)).toEqual({
      node: 'rp0',
      owner: null,
      decoder: null,
    });
    expect(findingTarget(finding({}), lab)).toBeNull();
    expect(findingTarget(finding({ component: 'gone' }), lab)).toBeNull();
  });
});
