/**
 * The header's menus and Help before their code has loaded: buttons that look and behave the same
 * (a click or ArrowDown opens the menu as soon as it arrives). `HeaderMenus.tsx` loads after the
 * lab's first paint (`prefetchAfterFirstPaint`) or on the first press of one of these.
 */
import { type ReactNode, useLayoutEffect, useRef } from 'react';
import { deferred } from '../lib/deferred';
import { useDeferred } from '../ui/use-deferred';
import type { HeaderMenuId } from './HeaderMenus';

export const headerMenus = deferred(() => import('./HeaderMenus'));

const MENUS: readonly { id: Exclude<HeaderMenuId, 'help'>; label: string }[] = [
  { id: 'presets', label: 'Presets' },
  { id: 'file', label: 'File' },
  { id: 'share', label: 'Share' },
];

/** Which stand-in was pressed last (a second press of the same one before the code arrives cancels). */
let requested: HeaderMenuId | null = null;

function request(id: HeaderMenuId): void {
  requested = requested === id ? null : id;
  void headerMenus.load();
}

/**
 * Keeps the keyboard where it was: if one of these stand-ins had focus when the real buttons replaced
 * them, the real button with the same test id takes it (an opening menu then moves it on).
 */
function useFocusHandOver(testIds: readonly string[], loaded: boolean): void {
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
  useLayoutEffect(() => {
    // The press has been handed to the real menus (read while rendering them): forget it.
    if (loaded) requested = null;
  }, [loaded]);
}

function StandIn({ id, children }: { id: HeaderMenuId; children: ReactNode }) {
  const help = id === 'help';
  return (
    <div className={help ? 'ui-popover' : 'ui-menu'}>
      <button
        type="button"
        className={help ? 'ui-menubar-button ui-menubar-button--icon' : 'ui-menubar-button'}
        aria-haspopup={help ? undefined : 'menu'}
        aria-label={help ? 'Help' : undefined}
        title={help ? 'Help' : undefined}
        aria-expanded={false}
        data-testid={testIdOf(id)}
        onClick={() => request(id)}
        onKeyDown={(event) => {
          if (!help && event.key === 'ArrowDown') {
            event.preventDefault();
            request(id);
          }
        }}
      >
        {children}
      </button>
    </div>
  );
}

function testIdOf(id: HeaderMenuId): string {
  return id === 'help' ? 'help-button' : `menu-${id}`;
}

const MENU_TEST_IDS = MENUS.map((m) => testIdOf(m.id));
const HELP_TEST_IDS = [testIdOf('help')];

/** Presets, File and Share in the header's menu bar; `openFile` clicks the header's file input. */
export function HeaderMenuSlot({ openFile }: { openFile: () => void }) {
  const mod = useDeferred(headerMenus);
  useFocusHandOver(MENU_TEST_IDS, mod !== null);
  if (mod === null) {
    return MENUS.map((m) => (
      <StandIn key={m.id} id={m.id}>
        {m.label}
      </StandIn>
    ));
  }
  return <mod.HeaderMenus openFile={openFile} initial={requested === 'help' ? null : requested} />;
}

/** The Help (?) button and its popover. */
export function HelpSlot() {
  const mod = useDeferred(headerMenus);
  useFocusHandOver(HELP_TEST_IDS, mod !== null);
  if (mod === null) return <StandIn id="help">?</StandIn>;
  return <mod.HelpPopover initiallyOpen={requested === 'help'} />;
}
