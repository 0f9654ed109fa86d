/**
 * Stand-ins for menu and popover buttons whose code loads after the first paint: the same button
 * (classes, name, test id), which asks for its menu on a press; and the focus hand-over when the
 * real button replaces it. `LazyMenuButton` uses them, and so does the app's header.
 */
import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** A menu button (`icon`: a popover's round icon button) that calls `onPress` on click or ArrowDown. */
export function MenuStandIn({
  label,
  children,
  testId,
  icon = false,
  onPress,
}: {
  /** Accessible name; also the text unless `children` is given. */
  label: string;
  children?: ReactNode;
  testId?: string;
  icon?: boolean;
  onPress: () => void;
}) {
  return (
    <div className={icon ? 'ui-popover' : 'ui-menu'}>
      <button
        type="button"
        className={icon ? 'ui-menubar-button ui-menubar-button--icon' : 'ui-menubar-button'}
        aria-haspopup={icon ? undefined : 'menu'}
        aria-label={icon ? label : undefined}
        title={icon ? label : undefined}
        aria-expanded={false}
        data-testid={testId}
        onClick={onPress}
        onKeyDown={(event) => {
          if (!icon && event.key === 'ArrowDown') {
            event.preventDefault();
            onPress();
          }
        }}
      >
        {children ?? label}
      </button>
    </div>
  );
}

/**
 * Keeps the keyboard where it was: if one of these stand-ins (by test id) had focus when the real
 * buttons replaced them, the real button with the same test id takes it.
 */
export function useFocusHandOver(testIds: readonly (string | undefined)[], loaded: boolean): void {
  // undefined until the render that swaps the stand-ins out, which reads the focus they still have.
  const handOver = useRef<string | null | undefined>(undefined);
  if (loaded && handOver.current === undefined) {
    const active = document.activeElement;
    const id = active instanceof HTMLElement ? active.dataset.testid : undefined;
    handOver.current = id !== undefined && testIds.includes(id) ? id : null;
  }
  useLayoutEffect(() => {
    const id = handOver.current;
    if (!loaded || id === null || id === undefined) return;
    handOver.current = null;
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.focus();
  }, [loaded]);
}
