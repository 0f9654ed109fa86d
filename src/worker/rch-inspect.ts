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
import { RCRB_SIZE } from '../cxl/spec/rcrb.ts';
import { decodeRcrbContents, rcrbComponentBlocks, rcrbContents } from '../cxl/topology/rcrb-contents.ts';
import { rcdBelow } from '../cxl/topology/restricted.ts';
import { hex } from '../cxl/units.ts';
import type { RegisterDump, RestrictedRegistersView } from './inspect-types.ts';

type Row = RestrictedRegistersView['rows'][number];

/** The dump of an RCH or RCD, or null for any other component. */
export function restrictedDump(lab: Lab, component: string): RegisterDump | null {
  const c = lab.topology.byId.get(component);
  if (c?.kind === 'host-bridge' && c.restricted === true) return rchDump(lab, component, c.componentRegBase);
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

/** For the Inspector: each RCH's and RCD's component register blocks, keyed by component id. */
export function rcrbBlocksView(lab: Lab): Record<string, { name: string; address: number }[]> {
  const out: Record<string, { name: string; address: number }[]> = {};
  for (const c of lab.topology.byId.values()) {
    if (c.kind !== 'host-bridge' || c.restricted !== true) continue;
    const b = rcrbComponentBlocks(c.componentRegBase);
    const rcd = rcdBelow(lab.topology, c.id);
    out[c.id] = [{ name: 'DSP component regs', address: b.downstream }];
    if (rcd !== undefined) {
      out[c.id]?.push({ name: 'RCD component regs', address: b.upstream });
      out[rcd.id] = [{ name: 'Component regs (RCRB MEMBAR0)', address: b.upstream }];
    }
  }
  return out;
}

/** The RCH's RCRB: both halves with the values software reads, and where their MEMBAR0s point. */
function rchDump(lab: Lab, component: string, rcrbBase: number): RegisterDump {
  const rcd = rcdBelow(lab.topology, component);
  const values = rcrbContents(rcrbBase, rcd !== undefined);
  const rows: Row[] = values.map((r) => ({
    address: r.address,
    offset: r.offset,
    block: r.half === 'downstream' ? 'RCH downstream port RCRB' : 'RCD upstream port RCRB',
    name: r.name,
    value: r.value,
    note: r.value === null ? `${r.note} (not modeled)` : r.note,
    size: r.size,
    fields: r.fields,
  }));
  const blocks = (['downstream', 'upstream'] as const).map((half) => {
    const d = decodeRcrbContents(values, half);
    const who =
      half === 'downstream'
        ? 'RCH downstream port'
        : rcd === undefined
          ? 'RCD upstream port'
          : `RCD ${rcd.id} upstream port`;
    return {
      label: `${who} component registers`,
      address: d.ok ? d.componentRegs : null,
      note: d.ok
        ? `MEMBAR0 at +${hex(half === 'downstream' ? 0x10 : 0x1010)}, as drivers/cxl/core/regs.c __rcrb_to_component reads it; address chosen by the lab (next 64 KiB boundary${half === 'downstream' ? '' : ' + 64 KiB'} above the RCRB)`
        : `none: ${d.reason}`,
    };
  });
  return dump(component, 'host-bridge', rcrbBase, {
    kind: 'rch',
    title: `RCRB at ${hex(rcrbBase)} (${hex(RCRB_SIZE)} bytes, the CHBS Base of a CXL 1.1 host): downstream port RCRB at +0x0 (CXL 2.0 §8.2.1.1), upstream port RCRB at +0x1000 (§8.2.1.2). No HDM decoders. Read-only: the lab has no MMIO model for the RCRB.`,
    rows,
    componentBlocks: blocks,
  });
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
