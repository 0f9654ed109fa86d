/**
 * The canvas's right-click menu (also Shift+F10 or the context-menu key on a focused node or the
 * canvas): the actions for what it was opened on. Arrow keys move, Enter runs, Esc closes.
 */
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useRovingFocus } from '../ui/use-roving-focus';
import type { ContextMenuState } from './menu-types';

const MENU_WIDTH = 240;

export function CanvasContextMenu({
  menu,
  bounds,
  onClose,
}: {
  menu: ContextMenuState;
  bounds: { width: number; height: number };
  onClose: (restoreFocus: boolean) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && ref.current?.contains(event.target)) return;
      onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onClose]);

  const roving = useRovingFocus(ref, '[role="menuitem"]');
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation(); // the canvas's shortcuts stay out of the menu
    if (roving(event)) return;
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose(true);
    }
  };

  // Kept inside the canvas: flipped left or up when it would run off the edge.
  const height = menu.items.length * 30 + 12;
  const left = Math.max(4, Math.min(menu.x, bounds.width - MENU_WIDTH - 4));
  const top = Math.max(4, menu.y + height > bounds.height ? menu.y - height : menu.y);
  return (
    <div
      ref={ref}
      className="ui-menu__list canvas-menu"
      role="menu"
      aria-label={menu.target === null ? 'Canvas' : `Actions for ${menu.target}`}
      data-testid="canvas-menu"
      style={{ left, top, width: MENU_WIDTH }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {menu.items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="ui-menu__item"
          data-testid={`canvas-menu-${item.id}`}
          onClick={() => {
            onClose(true);
            item.onSelect();
          }}
        >
          <span className="ui-menu__label">{item.label}</span>
        </button>
      ))}
    </div>
  );
}
