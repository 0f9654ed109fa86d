// The DPA hex panel's device: the one selected on the canvas, else picked, else the last accessed, with its size and last access.
import { useMemo, useState } from 'react';
import { useLabStore } from '../../state/hooks';
import { lastAccessRanges, poisonRangesOf } from './hex-model';

/** Which device the panel shows (null: none in the topology), and what the panel needs to know about it. */
export function useHexDevice() {
  const spec = useLabStore((s) => s.view?.spec ?? null);
  const selectedId = useLabStore((s) => s.selectedId);
  const log = useLabStore((s) => s.accessLog);
  const memory = useLabStore((s) => s.view?.memory);
  const devices = useMemo(() => (spec?.components ?? []).filter((c) => c.kind === 'type3'), [spec]);
  const [picked, setPicked] = useState<string | null>(null);

  const lastDevice = useMemo(() => {
    const last = log.find((e) => e.kind === 'read' || e.kind === 'write');
    return last?.kind === 'read' || last?.kind === 'write'
      ? (last.pieces.find((p) => p.ok && p.device !== undefined)?.device ?? null)
      : null;
  }, [log]);
  const selectedDevice = devices.find((d) => d.id === selectedId)?.id ?? null;
  const device =
    selectedDevice ??
    (devices.some((d) => d.id === picked) ? picked : null) ??
    lastDevice ??
    devices[0]?.id ??
    null;
  const spec3 = devices.find((d) => d.id === device);
  const capacity = spec3 === undefined ? 0 : spec3.volatile + spec3.persistent;
  const touchedPages = device === null ? 0 : (memory?.[device]?.touchedPages ?? 0);
  const ranges = useMemo(() => (device === null ? [] : lastAccessRanges(log, device)), [log, device]);
  const poison = useMemo(() => poisonRangesOf(spec3), [spec3]);

  return { spec, devices, setPicked, device, spec3, capacity, touchedPages, ranges, poison };
}
