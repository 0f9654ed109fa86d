/**
 * Where the unplaced tray goes: its code loads only once the current lab has a device in the tray
 * (most labs never do), and stays mounted afterwards so the strip can refit the canvas as it empties.
 */
import type { FitViewOptions } from '@xyflow/react';
import { lazy, Suspense, useState } from 'react';
import { useLabStore } from '../state/hooks';
import { useTray } from '../state/unplaced-tray';

const UnplacedTray = lazy(() => import('./UnplacedTray').then((m) => ({ default: m.UnplacedTray })));

export function UnplacedTraySlot(props: { onMessage: (text: string) => void; fitOptions: FitViewOptions }) {
  const labId = useLabStore((s) => s.labId);
  const shown = useTray(labId).length > 0;
  const [shownAtMount] = useState(shown);
  const [needed, setNeeded] = useState(shown);
  if (shown && !needed) setNeeded(true);
  if (!needed && !shown) return null;
  return (
    <Suspense fallback={null}>
      <UnplacedTray {...props} shownAtMount={shownAtMount} />
    </Suspense>
  );
}
