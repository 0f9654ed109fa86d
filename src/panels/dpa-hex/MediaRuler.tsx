// The MLD hex view's ruler above the rows: the LD slices the rows on screen cross, each "LD 1 · hostB · DPA 0x…".
import type { FabricLdView } from '../../worker/lab-types.ts';
import { BYTES_PER_ROW } from './hex-model';
import { ldColour, segmentLabel, segmentsFor } from './media-model';

/** The runs of rows `[top, top + visible)` of a device of `capacity` bytes, labelled by LD, host and first DPA. */
export function MediaRuler({
  slices,
  top,
  visible,
  capacity,
}: {
  slices: readonly FabricLdView[];
  top: number;
  visible: number;
  capacity: number;
}) {
  const start = top * BYTES_PER_ROW;
  const length = Math.max(1, Math.min(visible * BYTES_PER_ROW, capacity - start));
  const runs = segmentsFor(slices, start, length);
  return (
    <ol className="hex-ruler" aria-label="LD slices of the rows on screen" data-testid="hex-ruler">
      {runs.map((r) => (
        <li
          key={r.start}
          className={`hex-ruler__run ${r.slice === null ? 'is-free' : `is-ld is-ld-${ldColour(r.slice.ld)}`}`}
          data-testid="hex-ruler-run"
        >
          {segmentLabel(r)}
        </li>
      ))}
    </ol>
  );
}
