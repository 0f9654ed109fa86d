/**
 * Inspector rows for a CXL 1.1 RCH or RCD: the component register blocks its RCRB's MEMBAR0s point at
 * (addresses are the lab's choice, src/cxl/topology/rcrb-contents.ts rcrbComponentBlocks).
 */

import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import { rcrbComponentBlocks } from '../cxl/topology/rcrb-contents.ts';
import { formatHex } from '../lib/format';

/** One Inspector property row (structurally a ui/PropertyList Property; this module stays .ts). */
interface Property {
  name: string;
  value: string;
  mono: boolean;
}

/** RCH: both blocks; RCD below an RCH: its own (the upstream half's MEMBAR0). Empty otherwise. */
export function rcrbProperties(spec: TopologySpec, c: ComponentSpec): Property[] {
  if (c.kind === 'host-bridge' && c.restricted === true) {
    const b = rcrbComponentBlocks(c.componentRegBase);
    const hasRcd = spec.components.some((k) => k.kind === 'type3' && k.parent === c.id);
    const out: Property[] = [{ name: 'DSP component regs', value: formatHex(b.downstream), mono: true }];
    if (hasRcd) out.push({ name: 'RCD component regs', value: formatHex(b.upstream), mono: true });
    return out;
  }
  if (c.kind === 'type3') {
    const parent = spec.components.find((k) => k.id === c.parent);
    if (parent?.kind === 'host-bridge' && parent.restricted === true)
      return [
        {
          name: 'Component regs',
          value: `${formatHex(rcrbComponentBlocks(parent.componentRegBase).upstream)} (RCRB MEMBAR0)`,
          mono: true,
        },
      ];
  }
  return [];
}
