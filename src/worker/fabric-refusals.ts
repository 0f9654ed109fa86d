/**
 * What a multi-host lab (issue 18) refuses in the app, with a message naming what to use instead:
 * structure edits on the canvas (`topology.set`). Share links carry multi-host labs (`cxl-lab/2`).
 */
import type { CxlError } from '../cxl/result.ts';
import type { FabricSession } from './fabric-session.ts';

/** `topology.set` on a multi-host lab: its structure lives in the fabric, not in one host's view. */
export function fabricEditRefusal(session: FabricSession): { ok: false; error: CxlError } {
  const hosts = session.lab.hostIds.length;
  return {
    ok: false,
    error: {
      code: 'fabric.edit-unsupported',
      field: 'spec',
      message: `this lab has ${hosts} host${hosts === 1 ? '' : 's'} sharing a fabric, so its structure is not edited on the canvas (the view shows host ${session.focus}): bind, unbind and allocate logical devices in the Fabric Manager panel, and change hosts, switches and devices in the cxl-lab/2 file (docs/multi-host.md)`,
    },
  };
}
