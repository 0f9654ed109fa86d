/** A window's one-line summary (base, size, interleave, targets) for the canvas and the Inspector. */
import type { WindowSpec } from '../cxl/topology/model.ts';
import { formatBytes, formatHex } from './format';

export type WindowSummary = {
  id: string;
  base: string;
  size: string;
  interleave: string;
  targets: string;
};

export function summarizeWindow(w: WindowSpec): WindowSummary {
  return {
    id: w.id,
    base: formatHex(w.base),
    size: formatBytes(w.size),
    interleave: `${w.ways}-way @ ${formatBytes(w.granularity)}`,
    targets: w.targets.join(', '),
  };
}
