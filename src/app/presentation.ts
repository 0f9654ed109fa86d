// Presentation mode: canvas and decode bar only, larger type. Uses the Fullscreen API when the browser
// has it and allows it; without it (or when it is refused) the page itself fills the window.
import { useCallback, useEffect, useState } from 'react';

export interface Presentation {
  presenting: boolean;
  /** Whether the browser went full screen for it (false: page-only presentation). */
  fullscreen: boolean;
  enter: () => void;
  leave: () => void;
  toggle: () => void;
}

function fullscreenElement(): Element | null {
  return typeof document.fullscreenElement === 'undefined' ? null : document.fullscreenElement;
}

/** Asks for full screen; resolves true only when the browser granted it. */
async function requestFullscreen(): Promise<boolean> {
  const root = document.documentElement;
  if (typeof root.requestFullscreen !== 'function' || document.fullscreenEnabled === false) return false;
  try {
    await root.requestFullscreen({ navigationUI: 'hide' });
    return fullscreenElement() !== null;
  } catch {
    return false; // refused (no user gesture, policy, iframe without allowfullscreen): page-only
  }
}

function exitFullscreen(): void {
  if (fullscreenElement() !== null && typeof document.exitFullscreen === 'function') {
    document.exitFullscreen().catch(() => undefined);
  }
}

/**
 * The presentation state. Leaving full screen by the browser's own means (Esc, F11) leaves
 * presentation mode too; Esc leaves it when there is no full screen to leave.
 */
export function usePresentation(): Presentation {
  const [presenting, setPresenting] = useState(false);
  const [fullscreen, setFullscreen] = useState(false);

  const enter = useCallback(() => {
    setPresenting(true);
    void requestFullscreen().then(setFullscreen);
  }, []);
  const leave = useCallback(() => {
    setPresenting(false);
    setFullscreen(false);
    exitFullscreen();
  }, []);
  const toggle = useCallback(() => (presenting ? leave() : enter()), [presenting, enter, leave]);

  useEffect(() => {
    if (!presenting) return;
    const onFullscreenChange = () => {
      if (fullscreenElement() === null) leave();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('dialog[open], [role="dialog"], [role="menu"]') !== null) return;
      leave();
    };
    document.addEventListener('fullscreenchange', onFullscreenChange);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('fullscreenchange', onFullscreenChange);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [presenting, leave]);

  return { presenting, fullscreen, enter, leave, toggle };
}
