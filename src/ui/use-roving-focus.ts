/**
 * Arrow-key focus in a list that moves focus itself (menus, choice lists): ↑ and ↓ step and wrap, Home
 * and End jump to the ends, as the WAI-ARIA Authoring Practices' menu and listbox keyboard patterns say.
 */
import { type KeyboardEvent, type RefObject, useCallback } from 'react';

/**
 * The index focus moves to for `key`, from item `at` of `count` (-1 when none has focus), or null
 * when `key` is not a list key (or the list is empty). From none, ↓ goes to the first item and ↑ to
 * the last.
 */
export function rovingIndex(key: string, at: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return at < 0 ? 0 : (at + 1) % count;
    case 'ArrowUp':
      return at < 0 ? count - 1 : (at - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Something keyboard focus can go to. */
export interface Focusable {
  focus(): void;
}

/**
 * Moves focus among `items` for `event`'s key, from `active` (the focused element, if one of them);
 * true when it did (the key's default, a scroll, is prevented), false for any other key.
 */
export function moveFocus(
  event: { key: string; preventDefault(): void },
  items: readonly Focusable[],
  active: unknown,
): boolean {
  const next = rovingIndex(event.key, items.indexOf(active as Focusable), items.length);
  if (next === null) return false;
  event.preventDefault();
  items[next]?.focus();
  return true;
}

/**
 * A key handler for the list inside `container`: its items are the elements matching `selector`, in
 * document order. Returns true when it moved focus, so the caller handles only the other keys.
 */
export function useRovingFocus(
  container: RefObject<HTMLElement | null>,
  selector: string,
): (event: KeyboardEvent) => boolean {
  return useCallback(
    (event: KeyboardEvent) => {
      const items = Array.from(container.current?.querySelectorAll<HTMLElement>(selector) ?? []);
      return moveFocus(event, items, document.activeElement);
    },
    [container, selector],
  );
}
