/**
 * `device.poison`: a Type 3 device's media error records with the HPAs that reach each poisoned line
 * through the committed decoders, computed by the core's `cxl-lab list --media-errors` (one home).
 */
import { deviceMediaErrors, labDevice, mediaErrorJson } from '../cxl/device/index.ts';
import type { Lab } from '../cxl/lab.ts';
import { linuxNames } from '../cxl/region/names.ts';
import { ok, type Result } from '../cxl/result.ts';
import type { DevicePoisonView, PoisonRecordView } from './device-types.ts';

export function devicePoison(lab: Lab, device: string): Result<DevicePoisonView> {
  const dev = labDevice(lab, device);
  if (!dev.ok) return dev;
  const records = deviceMediaErrors(lab, dev.value.spec).map((r): PoisonRecordView => {
    const json = mediaErrorJson(r);
    // json.hpa lists the lines' HPAs in line order: the same order as the flattened lines.
    const hpas = r.lines.flatMap((l) => l.hpas.map((hpa) => ({ hpa, lineDpa: l.dpa })));
    return {
      dpa: r.dpa,
      dpaText: json.offset,
      length: r.length,
      source: json.source,
      hpas: hpas.map((h, i) => ({ ...h, text: json.hpa[i] ?? '' })),
      lines: r.lines.length,
      unmappedLines: r.lines.filter((l) => l.hpas.length === 0).length,
      linesLeftOut: r.linesLeftOut,
    };
  });
  return ok({ device, memdev: linuxNames(lab.topology).memdevs.get(device) ?? device, records });
}
