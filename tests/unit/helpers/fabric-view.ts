/**
 * A `FabricView` (what the worker hands the canvas for a multi-host lab) built in the test from the
 * core: `createFabricLab`, each host's lab snapshot, regions and Linux names, the LD slices and owners,
 * and the fabric manager's binding table. For the canvas tests until (and besides) the worker's own.
 */
import { createFabricLab, type FabricLab } from '../../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../../src/cxl/fabric/file.ts';
import type { MultiHostSpec } from '../../../src/cxl/fabric/model.ts';
import type { PendingOperation } from '../../../src/cxl/fm/state.ts';
import { bindingTable } from '../../../src/cxl/fm/table.ts';
import { ldViews } from '../../../src/worker/fabric-media.ts';
import { linuxView, regionViews } from '../../../src/worker/lab-parts.ts';
import type { FabricView } from '../../../src/worker/lab-types.ts';

export function fabricViewOf(
  spec: MultiHostSpec,
  focus: string,
  pending: PendingOperation | null = null,
): FabricView {
  const built = createFabricLab(spec);
  if (!built.ok) throw new Error(built.error.message);
  return fabricViewOfLab(built.value.lab, focus, pending);
}

export function fabricViewOfFile(text: string, focus: string): FabricView {
  const parsed = parseAnyLabFile(text);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('; '));
  if (parsed.value.hosts !== 'multi') throw new Error('not a multi-host file');
  const built = createFabricLab(parsed.value.file);
  if (!built.ok) throw new Error(built.error.message);
  return fabricViewOfLab(built.value.lab, focus, null);
}

function fabricViewOfLab(lab: FabricLab, focus: string, pending: PendingOperation | null): FabricView {
  const spec = lab.index.spec;
  return {
    spec,
    focus,
    hosts: spec.hosts.map((h) => {
      const hostLab = lab.host(h.id);
      if (hostLab === undefined) throw new Error(`no lab for ${h.id}`);
      const snap = hostLab.snapshot();
      return {
        id: h.id,
        name: h.name ?? h.id,
        spec: snap.spec,
        decoders: snap.decoders,
        regions: regionViews(hostLab),
        linux: linuxView(hostLab),
      };
    }),
    lds: ldViews(lab),
    bindings: bindingTable({ spec, pending }),
    pending,
    media: {},
  };
}
