// A polite live region that reads out each hop of the decode path and the access's result; always
// mounted (a region added with its text already in it is often not read). Its text's code
// (`DecodeAnnouncement.tsx`) loads with the first animation.
import { lazy, Suspense } from 'react';
import { useLabStore } from '../state/hooks';

const DecodeAnnouncement = lazy(() =>
  import('./DecodeAnnouncement').then((m) => ({ default: m.DecodeAnnouncement })),
);

export function DecodeAnnouncer() {
  const shown = useLabStore((s) => s.animation !== null);
  return (
    <p className="ui-visually-hidden" aria-live="polite" data-testid="decode-announce">
      {shown && (
        <Suspense fallback={null}>
          <DecodeAnnouncement />
        </Suspense>
      )}
    </p>
  );
}
