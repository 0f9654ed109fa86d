import { describe, expect, it } from 'vitest';
import { jsonNestingDepth } from '../../src/cxl/json-depth.ts';

describe('jsonNestingDepth', () => {
  it.each([
    ['a scalar', '42', 0],
    ['an empty object', '{}', 1],
    ['arrays in an object', '{"a": [[1], [2, [3]]]}', 4],
    ['brackets inside strings do not count', '{"a": "[[[{{{"}', 1],
    ['an escaped quote does not end the string', '["\\"[[[", []]', 2],
    ['an escaped backslash ends before the closing quote', '["\\\\", [[]]]', 3],
  ])('%s', (_, text, depth) => {
    expect(jsonNestingDepth(text, 64)).toBe(depth);
  });

  it('stops as soon as the depth passes the limit', () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    expect(jsonNestingDepth(deep, 32)).toBe(33);
    expect(jsonNestingDepth(deep, 2000)).toBe(1000);
  });
});
