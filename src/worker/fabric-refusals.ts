/**
 * What a multi-host lab (issue 18) refuses in the app, each with a message naming what to use
 * instead: structure edits on the canvas (`topology.set`) and share links.
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

/** `share.encode` on a multi-host lab: share links carry `cxl-lab/1` labs only. */
export function fabricShareRefusal(): { ok: false; error: CxlError } {
  return {
    ok: false,
    error: {
      code: 'share.multi-host',
      message:
        'share links carry single-host labs only: save this multi-host lab as a cxl-lab/2 file (File ▸ Save) to pass it on',
    },
  };
}
