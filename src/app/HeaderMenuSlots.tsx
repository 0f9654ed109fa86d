/**
 * The header's menus and Help before their code has loaded: buttons that look and behave the same
 * (a click or ArrowDown opens the menu as soon as it arrives). `HeaderMenus.tsx` loads after the
 * lab's first paint (`prefetch.ts`) or on the first press of one of these.
 */
import { useLayoutEffect } from 'react';
import { deferred } from '../lib/deferred';
import { MenuStandIn, useFocusHandOver } from '../ui/MenuStandIn';
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
  headerMenus.load().catch(() => undefined); // tried again on the next press
}

/** Once the real menus have read the press (while rendering), it is forgotten. */
function useForgetPress(loaded: boolean): void {
  useLayoutEffect(() => {
    if (loaded) requested = null;
  }, [loaded]);
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
  useForgetPress(mod !== null);
  if (mod === null) {
    return MENUS.map((m) => (
      <MenuStandIn key={m.id} label={m.label} testId={testIdOf(m.id)} onPress={() => request(m.id)} />
    ));
  }
  return <mod.HeaderMenus openFile={openFile} initial={requested === 'help' ? null : requested} />;
}

/** The Help (?) button and its popover. */
export function HelpSlot() {
  const mod = useDeferred(headerMenus);
  useFocusHandOver(HELP_TEST_IDS, mod !== null);
  useForgetPress(mod !== null);
  if (mod === null) {
    return (
      <MenuStandIn label="Help" testId={testIdOf('help')} icon onPress={() => request('help')}>
        ?
      </MenuStandIn>
    );
  }
  return <mod.HelpPopover initiallyOpen={requested === 'help'} />;
}
