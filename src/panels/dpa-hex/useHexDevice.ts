// The DPA hex panel's device: the one selected on the canvas, else picked, else the last accessed, with its size and last access; in a multi-host lab also a fabric device's media.
import { useMemo, useState } from 'react';
import type { FabricDeviceSpec } from '../../cxl/fabric/model.ts';
import type { Type3Spec } from '../../cxl/topology/model.ts';
import { fabricNodeId, fabricPartOf } from '../../lib/fabric-node-ids';
import { useLabStore } from '../../state/hooks';
import type { FabricHostView, FabricLdView } from '../../worker/lab-types.ts';
import { type ByteRange, lastAccessRanges, poisonRangesOf } from './hex-model';
import { ldOfComponent, mediaAccessRanges, mediaPoison } from './media-model';

/** What the panel shows: a device's DPA space, or a fabric device's physical media (the MLD hex view). */
export type HexTarget =
  | {
      kind: 'dpa';
      device: string;
      spec3: Type3Spec;
      capacity: number;
      touchedPages: number;
      ranges: ByteRange[];
      poison: ByteRange[];
      /** The LD slice behind this device when it is an LD of a fabric device in the focused host. */
      ld: FabricLdView | null;
    }
  | {
      kind: 'media';
      device: string;
      capacity: number;
      touchedPages: number;
      /** Media ranges the focused host's last access touched. */
      ranges: ByteRange[];
      /** The bound LDs' poison records at their media offsets. */
      poison: ByteRange[];
      slices: FabricLdView[];
    };

const NO_DEVICES: readonly FabricDeviceSpec[] = [];
const NO_LDS: readonly FabricLdView[] = [];
const NO_HOSTS: readonly FabricHostView[] = [];

/** The fabric device a picker value or selection names (`fabric::mld0`), if it is one. */
function fabricDeviceOf(devices: readonly FabricDeviceSpec[], nodeId: string | null): string | null {
  const part = fabricPartOf(nodeId);
  return part !== null && devices.some((d) => d.id === part) ? part : null;
}

/** Which device the panel shows (target null: none in the topology), and what the panel needs to know about it. */
export function useHexDevice() {
  const spec = useLabStore((s) => s.view?.spec ?? null);
  const fabric = useLabStore((s) => s.view?.fabric);
  const selectedId = useLabStore((s) => s.selectedId);
  const log = useLabStore((s) => s.accessLog);
  const memory = useLabStore((s) => s.view?.memory);
  const devices = useMemo(() => (spec?.components ?? []).filter((c) => c.kind === 'type3'), [spec]);
  const fabricDevices = fabric?.spec.fabric.devices ?? NO_DEVICES;
  const lds = fabric?.lds ?? NO_LDS;
  const hosts = fabric?.hosts ?? NO_HOSTS;
  const [picked, setPicked] = useState<string | null>(null);

  const lastDevice = useMemo(() => {
    const last = log.find((e) => e.kind === 'read' || e.kind === 'write');
    return last?.kind === 'read' || last?.kind === 'write'
      ? (last.pieces.find((p) => p.ok && p.device !== undefined)?.device ?? null)
      : null;
  }, [log]);
  const selectedDevice = devices.find((d) => d.id === selectedId)?.id ?? null;
  const mediaDevice =
    selectedDevice === null
      ? (fabricDeviceOf(fabricDevices, selectedId) ?? fabricDeviceOf(fabricDevices, picked))
      : null;
  // The last access may have reached a device the view no longer has (another host's LD, a removed device).
  const present = (id: string | null) => (devices.some((d) => d.id === id) ? id : null);
  const device = selectedDevice ?? present(picked) ?? present(lastDevice) ?? devices[0]?.id ?? null;
  const spec3 = devices.find((d) => d.id === device);
  const capacity = spec3 === undefined ? 0 : spec3.volatile + spec3.persistent;
  const touchedPages = device === null ? 0 : (memory?.[device]?.touchedPages ?? 0);
  const ranges = useMemo(() => (device === null ? [] : lastAccessRanges(log, device)), [log, device]);
  const poison = useMemo(() => poisonRangesOf(spec3), [spec3]);
  const focus = fabric?.focus ?? '';
  const mediaRanges = useMemo(
    () => (mediaDevice === null ? [] : mediaAccessRanges(log, lds, focus, mediaDevice)),
    [log, lds, focus, mediaDevice],
  );

  const slices = useMemo(() => lds.filter((l) => l.device === mediaDevice), [lds, mediaDevice]);
  const poisonOnMedia = useMemo(() => mediaPoison(hosts, slices), [hosts, slices]);

  let target: HexTarget | null = null;
  if (mediaDevice !== null) {
    const capacityOf = fabricDevices.find((d) => d.id === mediaDevice)?.capacity ?? 0;
    const pages = fabric?.media[mediaDevice]?.touchedPages ?? 0;
    target = {
      kind: 'media',
      device: mediaDevice,
      capacity: capacityOf,
      touchedPages: pages,
      ranges: mediaRanges,
      poison: poisonOnMedia,
      slices,
    };
  } else if (device !== null && spec3 !== undefined) {
    const ld = ldOfComponent(lds, focus, device);
    target = { kind: 'dpa', device, spec3, capacity, touchedPages, ranges, poison, ld };
  }
  /** The picker's value: a device id, or `fabric::mld0` for a fabric device's media. */
  const value = target === null ? '' : target.kind === 'media' ? fabricNodeId(target.device) : target.device;

  return { spec, devices, fabricDevices, setPicked, target, value };
}
