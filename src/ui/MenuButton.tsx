// A menu button with a drop-down menu following the WAI-ARIA menu button pattern.
import { type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';
import { useRovingFocus } from './use-roving-focus';

export type MenuItem = {
  id: string;
  label: string;
  /** Right-aligned, muted text: a shortcut or why the item is unavailable. */
  hint?: string;
  /** A second, muted line under the label. */
  description?: string;
  checked?: boolean;
  disabled?: boolean;
  onSelect?: () => void;
};

/** Radio items (those with `checked`) announce their state; plain items are actions. */
function roleProps(item: MenuItem) {
  return item.checked === undefined
    ? ({ role: 'menuitem' } as const)
    : ({ role: 'menuitemradio', 'aria-checked': item.checked } as const);
}

/**
 * A menubar-style button with a drop-down menu (WAI-ARIA menu button pattern): opens on click, Enter or
 * ArrowDown; arrow keys, Home and End move between items; Escape or a click outside closes it.
 */
export function MenuButton({
  label,
  items,
  testId,
  defaultOpen = false,
}: {
  label: string;
  items: MenuItem[];
  testId?: string;
  /** Open on mount (a stand-in button was clicked while the menu's code loaded). */
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, rootRef, close);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
  }, [open]);

  const roving = useRovingFocus(menuRef, '[role^="menuitem"]');
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (roving(event)) return;
    if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    <div className="ui-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="ui-menubar-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        {label}
      </button>
      {open && (
        <div
          className="ui-menu__list"
          role="menu"
          id={menuId}
          aria-label={label}
          ref={menuRef}
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              {...roleProps(item)}
              aria-disabled={item.disabled || undefined}
              tabIndex={-1}
              className="ui-menu__item"
              onClick={() => {
                if (item.disabled) return;
                setOpen(false);
                buttonRef.current?.focus();
                item.onSelect?.();
              }}
            >
              <span className="ui-menu__check" aria-hidden="true">
                {item.checked ? '✓' : ''}
              </span>
              {item.description === undefined ? (
                <span className="ui-menu__label">{item.label}</span>
              ) : (
                <span className="ui-menu__label ui-menu__label--stacked">
                  {item.label}
                  <span className="ui-menu__description">{item.description}</span>
                </span>
              )}
              {item.hint !== undefined && <span className="ui-menu__hint">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
