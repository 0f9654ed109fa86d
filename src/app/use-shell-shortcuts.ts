// The shell's own keys: [ and ] collapse the palette and the Inspector, Shift+P toggles presentation
// mode (Esc leaves it: presentation.ts). Listed in the canvas's help dialog (HelpDialog.tsx).
import { useEffect } from 'react';
import { toggleSide } from './shell-layout';

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Which shell command a key press means, if any (exported for the unit test). */
export function shellCommand(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): 'palette' | 'inspector' | 'present' | null {
  // Ctrl+Alt is AltGr on some layouts, where [ and ] live: only plain Ctrl and Cmd rule a key out.
  if (event.metaKey || (event.ctrlKey && !event.altKey)) return null;
  if (event.key === '[') return 'palette';
  if (event.key === ']') return 'inspector';
  if (event.key === 'P' && event.shiftKey && !event.altKey) return 'present';
  return null;
}

export function useShellShortcuts(togglePresentation: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextEntry(event.target)) return;
      if (document.querySelector('dialog[open], [role="dialog"]') !== null) return;
      const command = shellCommand(event);
      if (command === null) return;
      event.preventDefault();
      if (command === 'present') togglePresentation();
      else toggleSide(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [togglePresentation]);
}
