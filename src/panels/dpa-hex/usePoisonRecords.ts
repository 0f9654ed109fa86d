// The DPA hex panel's poison records with their HPAs (`device.poison`), asked again whenever the lab changes.
import { useEffect, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { selectView } from '../../state/selectors';
import type { DevicePoisonView } from '../../worker/device-types.ts';

/** `device`'s poison records as `cxl-lab list --media-errors` computes them (null while asking). */
export function usePoisonRecords(device: string | null): { view: DevicePoisonView | null; error?: string } {
  const query = useLabStore((s) => s.query);
  const view = useLabStore(selectView);
  const [result, setResult] = useState<{ device: string; view: DevicePoisonView | null; error?: string }>({
    device: '',
    view: null,
  });
  useEffect(() => {
    if (device === null || view === null) return;
    let live = true;
    void query('device.poison', { device }).then((r) => {
      if (!live) return;
      setResult(r.ok ? { device, view: r.value } : { device, view: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [device, query, view]);
  if (result.device !== device) return { view: null };
  return result.error === undefined ? { view: result.view } : { view: null, error: result.error };
}
