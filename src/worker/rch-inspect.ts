/**
 * The register panel's view of a CXL 1.1 restricted host (its 8 KiB RCRB, CXL 2.0 §8.2.1.1–§8.2.1.2)
 * and restricted device (its PCIe DVSEC for CXL Device Mem_Enable and Range registers, CXL 2.0
 * §8.1.3.2, §8.1.3.8), which have no HDM decoder registers.
 */
import type { Lab } from '../cxl/lab.ts';
import {
  DVSEC_CXL_CONTROL,
  DVSEC_MEM_ENABLE_BIT,
  dvsecRangeOffsets,
  encodeDvsecRange,
} from '../cxl/spec/dvsec-range.ts';
import { RCRB_SIZE, rcrbRows } from '../cxl/spec/rcrb.ts';
import { hex } from '../cxl/units.ts';
import type { RegisterDump, RestrictedRegistersView } from './inspect-types.ts';

type Row = RestrictedRegistersView['rows'][number];

/** The dump of an RCH or RCD, or null for any other component. */
export function restrictedDump(lab: Lab, component: string): RegisterDump | null {
  const c = lab.topology.byId.get(component);
  if (c?.kind === 'host-bridge' && c.restricted === true) {
    const rows: Row[] = rcrbRows(c.componentRegBase).map((r) => ({
      address: r.address,
      offset: r.offset,
      block: r.half === 'downstream' ? 'RCH downstream port RCRB' : 'RCD upstream port RCRB',
      name: r.register.name,
      value: null,
      note: r.register.note,
    }));
    return dump(component, 'host-bridge', c.componentRegBase, {
      kind: 'rch',
      title: `RCRB at ${hex(c.componentRegBase)} (${hex(RCRB_SIZE)} bytes, the CHBS Base of a CXL 1.1 host): no HDM decoders. The lab shows the layout; register contents are not modeled.`,
      rows,
    });
  }
  if (c?.kind === 'type3' && c.dvsec !== undefined) {
    const rows: Row[] = [
      {
        address: null,
        offset: DVSEC_CXL_CONTROL,
        block: 'PCIe DVSEC for CXL Device',
        name: 'DVSEC CXL Control',
        value: c.dvsec.memEnable ? 1 << DVSEC_MEM_ENABLE_BIT : 0,
        note: `bit ${DVSEC_MEM_ENABLE_BIT} Mem_Enable = ${c.dvsec.memEnable ? 1 : 0} (other bits not modeled)`,
      },
    ];
    c.dvsec.ranges.forEach((range, i) => {
      const at = dvsecRangeOffsets(i === 0 ? 0 : 1);
      const regs = encodeDvsecRange(range.base, range.size);
      const n = i + 1;
      rows.push(
        {
          address: null,
          offset: at.sizeHigh,
          block: 'PCIe DVSEC for CXL Device',
          name: `Range ${n} Size High`,
          value: regs.sizeHigh,
          note: 'size [63:32]',
        },
        {
          address: null,
          offset: at.sizeLow,
          block: 'PCIe DVSEC for CXL Device',
          name: `Range ${n} Size Low`,
          value: regs.sizeLow,
          note: 'size [31:28]; bit 1 Memory_Active, bit 0 Memory_Info_Valid',
        },
        {
          address: null,
          offset: at.baseHigh,
          block: 'PCIe DVSEC for CXL Device',
          name: `Range ${n} Base High`,
          value: regs.baseHigh,
          note: 'base [63:32]',
        },
        {
          address: null,
          offset: at.baseLow,
          block: 'PCIe DVSEC for CXL Device',
          name: `Range ${n} Base Low`,
          value: regs.baseLow,
          note: 'base [31:28]',
        },
      );
    });
    for (const d of lab.decoders(component)) {
      rows.push({
        address: null,
        offset: d.index,
        block: 'Linux emulated decoder',
        name: `decoder ${d.index}`,
        value: null,
        note: `HPA [${hex(d.base)}, ${hex(d.base + d.size)}) → DPA from ${hex(d.dpaBase)}, 1-way, locked (drivers/cxl/core/hdm.c cxl_setup_hdm_decoder_from_dvsec)`,
      });
    }
    return dump(component, 'type3', null, {
      kind: 'rcd',
      title:
        'Restricted device (RCD): no HDM decoder registers; it decodes by its DVSEC ranges, from which Linux emulates endpoint decoders.',
      rows,
    });
  }
  return null;
}

function dump(
  component: string,
  kind: RegisterDump['kind'],
  blockBase: number | null,
  restricted: RestrictedRegistersView,
): RegisterDump {
  return {
    component,
    kind,
    blockBase,
    hdmOffset: null,
    decoderCount: 0,
    registers: [],
    decoders: [],
    restricted,
  };
}
