/**
 * The Regions dialog's defaults, stated before Plan: the mode the chosen members can hold and the
 * size `cxl create-region` would use (ndctl cxl/region.c: the smallest member capacity of the mode
 * × ways, capped to the window's largest free extent rounded down to 256 MiB × ways).
 */
import { type HpaRange, maxAvailableExtent } from '../cxl/region/hpa.ts';
import { HDM_ALIGNMENT } from '../cxl/spec/hdm-constants.ts';
import type { ComponentSpec, WindowSpec } from '../cxl/topology/model.ts';
import { formatBytes } from './format.ts';

export type RegionMode = 'volatile' | 'persistent';

const MODE_WORD: Record<RegionMode, string> = { volatile: 'ram', persistent: 'pmem' };

type Type3 = Extract<ComponentSpec, { kind: 'type3' }>;

function capacity(d: Type3, mode: RegionMode): number {
  return mode === 'volatile' ? d.volatile : d.persistent;
}

/** Which modes the window's CFMWS restrictions allow (Linux drivers/cxl/acpi.c cfmws_to_decoder_flags). */
function allowed(window: WindowSpec | undefined): RegionMode[] {
  const modes: RegionMode[] = [];
  if (window === undefined || window.restrictions.includes('volatile')) modes.push('volatile');
  if (window === undefined || window.restrictions.includes('persistent')) modes.push('persistent');
  return modes;
}

/**
 * The default mode for `devices` in `window`, and why: the one every device has capacity in and the
 * window allows; with both, the one giving the larger region (ram on a tie).
 */
export function defaultRegionMode(
  devices: readonly Type3[],
  window: WindowSpec | undefined,
): { mode: RegionMode; reason: string } {
  const modes = allowed(window);
  const fits = modes.filter((m) => devices.length > 0 && devices.every((d) => capacity(d, m) > 0));
  const smallest = (m: RegionMode) => Math.min(...devices.map((d) => capacity(d, m)));
  if (fits.length === 0) {
    const mode = modes[0] ?? 'volatile';
    const reason =
      devices.length === 0
        ? `${MODE_WORD[mode]}: the first mode ${window?.id ?? 'the window'} allows`
        : `${MODE_WORD[mode]}: no mode the window allows has capacity on every member`;
    return { mode, reason };
  }
  const [first, second] = fits as [RegionMode, RegionMode | undefined];
  if (second === undefined) {
    const other: RegionMode = first === 'volatile' ? 'persistent' : 'volatile';
    const why = modes.includes(other)
      ? `the members have only ${first === 'volatile' ? 'volatile' : 'persistent'} capacity (no ${MODE_WORD[other]} on ${devices.find((d) => capacity(d, other) === 0)?.id})`
      : `${window?.id ?? 'the window'} allows only ${MODE_WORD[first]}`;
    return { mode: first, reason: `${MODE_WORD[first]}: ${why}` };
  }
  const mode: RegionMode = smallest('persistent') > smallest('volatile') ? 'persistent' : 'volatile';
  return {
    mode,
    reason: `${MODE_WORD[mode]}: the members have both; ${MODE_WORD[mode]} gives the larger region`,
  };
}

/** What the size will be: bytes, or null when cxl-cli finds none (Plan then says why). */
export interface SizeStatement {
  bytes: number | null;
  text: string;
}

/**
 * The size `cxl create-region` uses for `devices` (in position order) at `ways`: `typed` when given;
 * else the smallest capacity in `mode` × ways, capped to the largest free extent of the window
 * (`used`: ranges committed decoders already decode there) rounded down to 256 MiB × ways.
 */
export function regionSizeStatement(p: {
  devices: readonly Type3[];
  ways: number;
  mode: RegionMode;
  window: WindowSpec | undefined;
  used: readonly HpaRange[];
  typed: number | null;
}): SizeStatement {
  const { devices, ways, mode, window, used, typed } = p;
  if (typed !== null) return { bytes: typed, text: `Uses ${formatBytes(typed)}, as typed` };
  if (devices.length === 0 || window === undefined)
    return { bytes: null, text: 'Add members to see the size' };
  let smallest: { id: string; cap: number } | null = null;
  for (const d of devices) {
    if (smallest === null || capacity(d, mode) < smallest.cap)
      smallest = { id: d.id, cap: capacity(d, mode) };
  }
  if (smallest === null || smallest.cap === 0) {
    return {
      bytes: null,
      text: `No size: ${smallest?.id ?? 'a member'} has 0 B ${MODE_WORD[mode]}, so Plan fails (-ENXIO)`,
    };
  }
  const wanted = smallest.cap * ways;
  const basis = `${ways} × ${formatBytes(smallest.cap)} ${MODE_WORD[mode]}${devices.length > 1 ? ` (the smallest member's, ${smallest.id})` : ''}`;
  const extent = maxAvailableExtent(window, used);
  if (wanted <= extent) return { bytes: wanted, text: `Uses ${formatBytes(wanted)}: ${basis}` };
  const stripe = HDM_ALIGNMENT * ways;
  const capped = Math.floor(extent / stripe) * stripe;
  if (capped === 0) {
    return {
      bytes: null,
      text: `No room: ${window.id}'s largest free extent (${formatBytes(extent)}) holds no 256 MiB × ${ways} stripe`,
    };
  }
  return {
    bytes: capped,
    text: `Uses ${formatBytes(capped)}: ${basis} is ${formatBytes(wanted)}, capped to ${window.id}'s largest free extent`,
  };
}

/** HPA ranges inside `window` that committed decoders (host bridge, switch, device) already decode. */
export function usedInWindow(
  spec: { components: readonly ComponentSpec[] },
  decoders: Readonly<Record<string, readonly { committed: boolean; base: number; size: number }[]>>,
  window: WindowSpec,
): HpaRange[] {
  const end = window.base + window.size;
  const out: HpaRange[] = [];
  for (const c of spec.components) {
    if (c.kind === 'root-port' || c.kind === 'downstream-port') continue;
    for (const d of decoders[c.id] ?? []) {
      if (d.committed && d.size > 0 && d.base < end && d.base + d.size > window.base) {
        out.push({ base: d.base, size: d.size });
      }
    }
  }
  return out;
}
