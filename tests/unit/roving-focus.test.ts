// Arrow-key focus in lists (src/ui/use-roving-focus.ts): the keys of the WAI-ARIA menu and listbox patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Focusable, moveFocus, rovingIndex } from '../../src/ui/use-roving-focus';

describe('rovingIndex', () => {
  it('steps down and up, wrapping at the ends', () => {
    // Four items 0..3: ↓ from 1 is 2, ↓ from 3 wraps to 0; ↑ from 2 is 1, ↑ from 0 wraps to 3.
    expect(rovingIndex('ArrowDown', 1, 4)).toBe(2);
    expect(rovingIndex('ArrowDown', 3, 4)).toBe(0);
    expect(rovingIndex('ArrowUp', 2, 4)).toBe(1);
    expect(rovingIndex('ArrowUp', 0, 4)).toBe(3);
  });
  it('enters the list from none at the first item (↓) or the last (↑)', () => {
    expect(rovingIndex('ArrowDown', -1, 4)).toBe(0);
    expect(rovingIndex('ArrowUp', -1, 4)).toBe(3);
  });
  it('jumps to the ends with Home and End', () => {
    expect(rovingIndex('Home', 2, 4)).toBe(0);
    expect(rovingIndex('End', 0, 4)).toBe(3);
    expect(rovingIndex('End', -1, 1)).toBe(0);
  });
  it('leaves every other key, and an empty list, alone', () => {
    for (const key of ['Enter', 'Escape', 'Tab', 'ArrowLeft', 'ArrowRight', 'a', ' '])
      expect(rovingIndex(key, 1, 4)).toBeNull();
    expect(rovingIndex('ArrowDown', -1, 0)).toBeNull();
  });
  it('↓ then ↑ comes back, and n presses of ↓ go round once (any list, any start)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.nat(), (count, seed) => {
        const at = seed % count;
        const down = rovingIndex('ArrowDown', at, count);
        expect(down).not.toBeNull();
        expect(rovingIndex('ArrowUp', down ?? -1, count)).toBe(at);
        let i = at;
        for (let k = 0; k < count; k++) i = rovingIndex('ArrowDown', i, count) ?? -1;
        expect(i).toBe(at);
      }),
    );
  });
});

describe('moveFocus', () => {
  const list = (n: number) => {
    const focused: number[] = [];
    const items: Focusable[] = Array.from({ length: n }, (_, i) => ({ focus: () => focused.push(i) }));
    return { items, focused };
  };
  const key = (k: string) => {
    const event = { key: k, prevented: false, preventDefault: () => (event.prevented = true) };
    return event;
  };

  it('focuses the next item and prevents the key default (a scroll)', () => {
    const { items, focused } = list(3);
    const event = key('ArrowDown');
    expect(moveFocus(event, items, items[2])).toBe(true);
    expect(focused).toEqual([0]);
    expect(event.prevented).toBe(true);
  });
  it('starts at the first item when focus is outside the list (a dialog or its Close button)', () => {
    const { items, focused } = list(3);
    expect(moveFocus(key('ArrowDown'), items, { focus: () => {} })).toBe(true);
    expect(focused).toEqual([0]);
  });
  it('does nothing for other keys', () => {
    const { items, focused } = list(3);
    const event = key('Escape');
    expect(moveFocus(event, items, items[0])).toBe(false);
    expect(focused).toEqual([]);
    expect(event.prevented).toBe(false);
  });
});
