/** The canvas as the app mounts it: with the Regions dialog its toolbar opens (loaded when first opened). */
import { lazy, Suspense, useCallback, useState } from 'react';
import { LabCanvas } from '../canvas/LabCanvas';

const RegionDialog = lazy(() => import('./RegionDialog').then((m) => ({ default: m.RegionDialog })));

/** `presenting`: presentation mode is on (the canvas fits closer, for larger type). */
export function LabCanvasArea({ presenting = false }: { presenting?: boolean }) {
  const [regionsOpen, setRegionsOpen] = useState(false);
  const openRegions = useCallback(() => setRegionsOpen(true), []);
  const closeRegions = useCallback(() => setRegionsOpen(false), []);
  return (
    <>
      <LabCanvas onRegions={openRegions} dialogOpen={regionsOpen} presenting={presenting} />
      {regionsOpen && (
        <Suspense fallback={null}>
          <RegionDialog onClose={closeRegions} />
        </Suspense>
      )}
    </>
  );
}
