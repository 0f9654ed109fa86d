/**
 * Canvas edits for CXL 1.1 restricted hosts (RCH) and devices (RCD): a new RCH from the palette, and a
 * device that becomes an RCD (no HDM decoders, DVSEC Range 1 over its host's window) when attached
 * directly below an RCH, or an ordinary Type 3 device again when moved below a port.
 */
import type { ComponentSpec, HostBridgeSpec, TopologySpec, Type3Spec } from '../cxl/topology/model.ts';

/** The palette's extra entry (kept in `palette.ts`, which the first paint needs, unlike these edits). */
export { RCH_ITEM } from './palette.ts';

const SZ_256M = 2 ** 28;
/** RCRBs the canvas hands out: 8 KiB blocks from 0xFED0_0000 upward (below 4 GiB, like firmware's). */
const RCRB_BASE = 0xfed0_0000;
const RCRB_SIZE = 0x2000;

function nextRcrb(spec: TopologySpec): number {
  const used = new Set(
    spec.components.flatMap((c) => (c.kind === 'host-bridge' ? [c.componentRegBase] : [])),
  );
  let base = RCRB_BASE;
  while (used.has(base)) base += RCRB_SIZE;
  return base;
}

/** A host bridge spec turned into a fresh RCH: no HDM decoders, RCRB base (CHBS 1.1 Base). */
export function makeRch(spec: TopologySpec, hb: HostBridgeSpec): HostBridgeSpec {
  return { ...hb, decoderCount: 0, decoders: [], componentRegBase: nextRcrb(spec), restricted: true };
}

/**
 * Adapts a device to its new parent: below an RCH it becomes an RCD whose DVSEC Range 1 covers as
 * much of the first window targeting that RCH as the device holds (as firmware programs it); below a
 * port it loses the DVSEC fields and gets the lab's default 4 HDM decoders back.
 */
export function adaptDevice(spec: TopologySpec, device: Type3Spec, parent: ComponentSpec | undefined): void {
  const rch = parent?.kind === 'host-bridge' && parent.restricted === true;
  if (!rch) {
    if (device.dvsec !== undefined) {
      delete device.dvsec;
      device.decoderCount = 4;
    }
    return;
  }
  const window = spec.windows.find((w) => w.targets.includes(parent.id));
  const capacity = device.volatile + device.persistent;
  const size = window === undefined ? 0 : Math.floor(Math.min(window.size, capacity) / SZ_256M) * SZ_256M;
  device.decoderCount = 0;
  device.decoders = [];
  device.dvsec = { memEnable: true, ranges: window === undefined ? [] : [{ base: window.base, size }] };
}
