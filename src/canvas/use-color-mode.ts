// React Flow's colour mode, kept in step with the header's theme switch (<html data-theme>, set by
// app/theme.ts): the forced theme, or 'system' when none is forced.
import type { ColorMode } from '@xyflow/react';
import { useSyncExternalStore } from 'react';

function current(): ColorMode {
  const theme = document.documentElement.dataset.theme;
  return theme === 'light' || theme === 'dark' ? theme : 'system';
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useColorMode(): ColorMode {
  return useSyncExternalStore(subscribe, current, () => 'system');
}
