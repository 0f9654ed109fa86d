/** Where the decode bar goes: nothing until an access is traced, then the bar (loaded on first use). */
import { lazy, Suspense } from 'react';
import { useLabStore } from '../state/hooks';

const DecodeBar = lazy(() => import('./DecodeBar').then((m) => ({ default: m.DecodeBar })));

export function DecodeBarSlot() {
  const shown = useLabStore((s) => s.animation !== null);
  if (!shown) return null;
  return (
    <Suspense fallback={null}>
      <DecodeBar />
    </Suspense>
  );
}
