/**
 * The fabric devices' physical media for the MLD hex view (issue 18): bytes by media offset with the
 * LD slices laid over them, and the reverse map from a media byte to its LD, DPA, host and HPAs.
 */
import type { FabricLab } from '../cxl/fabric/fabric-lab.ts';
import { ldKey } from '../cxl/fabric/ids.ts';
import { PAGE_SIZE } from '../cxl/memory/sparse-memory.ts';
import { err, ok, type Result } from '../cxl/result.ts';
import type { FabricRequestMap } from './fabric-types.ts';
import { MAX_DPA_READ } from './inspect.ts';
import type { FabricLdView } from './lab-types.ts';

type MediaResult = FabricRequestMap['fabric.media']['result'];
type ReverseResult = FabricRequestMap['fabric.reverse']['result'];

/** What the media requests need from the emulator: the multi-host lab, when one is open. */
export interface FabricMediaHost {
  readonly fabricLab: FabricLab | null;
}

/** Every LD slice of `device`, with its owner. */
export function ldViews(lab: FabricLab, device?: string): FabricLdView[] {
  const out: FabricLdView[] = [];
  for (const slice of lab.index.slices.values()) {
    if (device !== undefined && slice.device !== device) continue;
    const owner = lab.index.owners.get(ldKey(slice.device, slice.ld));
    out.push({
      device: slice.device,
      ld: slice.ld,
      base: slice.base,
      size: slice.size,
      owner: owner ?? null,
    });
  }
  return out.sort((a, b) => (a.device === b.device ? a.ld - b.ld : a.device < b.device ? -1 : 1));
}

function fabricOf(host: FabricMediaHost): Result<FabricLab> {
  return host.fabricLab === null
    ? err(
        'fabric.single-host',
        'this lab has one host and no shared fabric: its devices have no fabric media',
      )
    : ok(host.fabricLab);
}

export function fabricMedia(
  host: FabricMediaHost,
  a: FabricRequestMap['fabric.media']['args'],
): Result<MediaResult> {
  const lab = fabricOf(host);
  if (!lab.ok) return lab;
  const media = lab.value.media(a.device);
  if (media === undefined) return err('fabric.no-device', `"${a.device}" is not a fabric device of this lab`);
  if (!Number.isInteger(a.length) || a.length < 1 || a.length > MAX_DPA_READ)
    return err('fabric.bad-argument', `media read of ${a.length} bytes: expected 1 … ${MAX_DPA_READ}`);
  const r = media.read(a.offset, a.length);
  if (!r.ok) return r;
  const touchedPages: number[] = [];
  for (let p = Math.floor(a.offset / PAGE_SIZE); p * PAGE_SIZE < a.offset + a.length; p++)
    if (media.peekPage(p) !== undefined) touchedPages.push(p);
  return ok({
    device: a.device,
    capacity: media.capacityBytes,
    offset: a.offset,
    bytes: r.value,
    touchedPages,
    slices: ldViews(lab.value, a.device),
  });
}

export function fabricReverse(
  host: FabricMediaHost,
  a: FabricRequestMap['fabric.reverse']['args'],
): Result<ReverseResult> {
  const lab = fabricOf(host);
  if (!lab.ok) return lab;
  const media = lab.value.media(a.device);
  if (media === undefined) return err('fabric.no-device', `"${a.device}" is not a fabric device of this lab`);
  if (!Number.isInteger(a.offset) || a.offset < 0 || a.offset >= media.capacityBytes)
    return err(
      'fabric.bad-argument',
      `media offset ${a.offset} is outside ${a.device} (0 … ${media.capacityBytes - 1})`,
    );
  const r = lab.value.reverse(a.device, a.offset);
  return ok({
    owner:
      r === null ? null : { device: r.device, ld: r.ld, dpa: r.dpa, owner: r.owner ?? null, hpas: r.hpas },
  });
}

export function fabricMediaHandlers(host: FabricMediaHost) {
  return {
    'fabric.media': (a: FabricRequestMap['fabric.media']['args']) => fabricMedia(host, a),
    'fabric.reverse': (a: FabricRequestMap['fabric.reverse']['args']) => fabricReverse(host, a),
  };
}
