/**
 * `MenuButton` with its code loaded on the first press or by `loadMenuButton` (after the first
 * paint): until then an identical button stands in, and a press opens the menu once it arrives.
 */
import { useState } from 'react';
import { deferred } from '../lib/deferred';
import type { MenuItem } from './MenuButton';
import { MenuStandIn, useFocusHandOver } from './MenuStandIn';
import { useDeferred } from './use-deferred';

const menuButton = deferred(() => import('./MenuButton'));

/** Loads `MenuButton`'s code (once). */
export const loadMenuButton = (): Promise<unknown> => menuButton.load();

export function LazyMenuButton(props: { label: string; items: MenuItem[]; testId?: string }) {
  const mod = useDeferred(menuButton);
  const [pressed, setPressed] = useState(false);
  useFocusHandOver([props.testId], mod !== null);
  if (mod !== null) return <mod.MenuButton {...props} defaultOpen={pressed} />;
  return (
    <MenuStandIn
      label={props.label}
      testId={props.testId}
      onPress={() => {
        setPressed((p) => !p);
        loadMenuButton().catch(() => undefined); // tried again on the next press
      }}
    />
  );
}
