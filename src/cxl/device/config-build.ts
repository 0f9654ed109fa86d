/**
 * Builds the configuration space of a Type 3 device, a root port, a switch upstream port or a switch
 * downstream port as QEMU lays it out (the DVSEC order and values of hw/mem/cxl_type3.c build_dvsecs
 * and the build_dvsecs of hw/pci-bridge/cxl_root_port.c, cxl_upstream.c, cxl_downstream.c), every
 * register placed through its field table. The device's Range registers come from its capacities.
 */
import { defineReg } from '../regs/field.ts';
import { err, ok, type Result } from '../result.ts';
import * as F from '../spec/dvsec-fields.ts';
import { dvsecRangeOffsets, encodeDvsecRange } from '../spec/dvsec-range.ts';
import * as H from '../spec/pci-header.ts';
import * as P from '../spec/pcie-dvsec.ts';
import type { ComponentSpec, Type3Spec } from '../topology/model.ts';
import { hi32, lo32 } from '../units.ts';
import { ConfigSpace } from './config-space.ts';

const dsnLow = defineReg('Serial Number Register (Lower DW)', 0x4, [
  { name: 'serialLow', bit: 0, width: 32, access: 'HwInit', title: 'Serial Number (lower DW)' },
]);
const dsnHigh = defineReg('Serial Number Register (Upper DW)', 0x8, [
  { name: 'serialHigh', bit: 0, width: 32, access: 'HwInit', title: 'Serial Number (upper DW)' },
]);
const dvsecHeader2 = defineReg('Designated Vendor-Specific Header 2', 0x8, [
  { name: 'dvsecId', bit: 0, width: 16, access: 'HwInit', title: 'DVSEC ID' },
  { name: '_upper', bit: 16, width: 16, access: 'RsvdP' },
]);

export type ConfigKind = 'type3' | 'root-port' | 'switch' | 'downstream-port';
interface Layout {
  length: number;
  revision: number;
}

/** Writes extended capabilities one after another, linking each header's Next pointer. */
class Chain {
  readonly cs = new ConfigSpace();
  at: number;
  #lastHeader = -1;
  #lastValue = 0;

  constructor(at: number) {
    this.at = at;
  }

  header(capId: number, version: number, group: string): number {
    const here = this.at;
    if (this.#lastHeader >= 0) {
      this.cs.setHardware(this.#lastHeader, 4, (this.#lastValue + here * 2 ** 20) >>> 0);
    }
    this.#lastValue = (capId | (version << 16)) >>> 0;
    this.#lastHeader = here;
    this.cs.place(here, 4, P.extCapHeader, this.#lastValue, group);
    return here;
  }

  /** A DVSEC's three header registers; returns its start and moves past its length. */
  dvsec(id: number, layout: Layout): number {
    const group = P.DVSEC_NAMES.get(id) ?? `DVSEC ${id}`;
    const base = this.header(P.EXT_CAP_ID_DVSEC, 1, group);
    const h1 = (P.CXL_DVSEC_VENDOR_ID + layout.revision * 2 ** 16 + layout.length * 2 ** 20) >>> 0;
    this.cs.place(base + 4, 4, P.dvsecHeader1, h1, group);
    this.cs.place(base + 8, 2, dvsecHeader2, id, group);
    this.at = base + layout.length;
    return base;
  }
}

function placeHeader(cs: ConfigSpace, id: H.PciIdentity): void {
  cs.place(0x00, 4, H.pciIdRegister, (id.vendorId + id.deviceId * 2 ** 16) >>> 0, 'PCI header');
  cs.place(0x08, 4, H.pciClassRegister, (id.revision + id.classCode * 2 ** 8) >>> 0, 'PCI header');
}

/**
 * The Range 1/2 sizes and bases: an RCD's as its file gives them; otherwise QEMU's build_dvsecs
 * (Range 1 = volatile capacity if any, else persistent; Range 2 = persistent when both; bases 0).
 */
export function deviceRanges(dev: Type3Spec): { base: number; size: number }[] {
  if (dev.dvsec !== undefined) return dev.dvsec.ranges.map((r) => ({ base: r.base, size: r.size }));
  return [dev.volatile, dev.persistent].filter((s) => s > 0).map((size) => ({ base: 0, size }));
}

function placeRange(
  cs: ConfigSpace,
  b: number,
  n: 0 | 1,
  r: { base: number; size: number } | undefined,
): void {
  const regs =
    r === undefined ? { sizeHigh: 0, sizeLow: 0, baseHigh: 0, baseLow: 0 } : encodeDvsecRange(r.base, r.size);
  // Media_Type (bits 4:2) and Memory_Class (bits 7:5) = 2, "described by CDAT", as QEMU writes them.
  const cdat = r === undefined ? 0 : F.RANGE_CDAT * 2 ** 5 + F.RANGE_CDAT * 2 ** 2;
  const o = dvsecRangeOffsets(n);
  const g = `PCIe DVSEC for CXL Device, Range ${n + 1}`;
  cs.place(b + o.sizeHigh, 4, F.cxlDvsecRangeSizeHigh, regs.sizeHigh, g);
  cs.place(b + o.sizeLow, 4, F.cxlDvsecRangeSizeLow, (regs.sizeLow | cdat) >>> 0, g);
  cs.place(b + o.baseHigh, 4, F.cxlDvsecRangeBaseHigh, regs.baseHigh, g);
  cs.place(b + o.baseLow, 4, F.cxlDvsecRangeBaseLow, regs.baseLow, g);
}

function placeDeviceDvsec(chain: Chain, dev: Type3Spec): void {
  const cs = chain.cs;
  const b = chain.dvsec(P.DVSEC_ID.cxlDevice, P.DVSEC_LAYOUT.cxlDevice);
  const g = 'PCIe DVSEC for CXL Device';
  // QEMU: Capability 0x1E (IO_Capable, Mem_Capable, Mem_HwInit_Mode, HDM_Count 1), Control 0x02, Status2 0x02.
  cs.place(b + 0x0a, 2, F.cxlDvsecCapability, 0x1e, g);
  cs.place(b + 0x0c, 2, F.cxlDvsecControl, dev.dvsec?.memEnable === true ? 0x6 : 0x2, g);
  cs.place(b + 0x0e, 2, F.cxlDvsecStatus, 0, g);
  cs.place(b + 0x10, 2, F.cxlDvsecControl2, 0, g);
  cs.place(b + 0x12, 2, F.cxlDvsecStatus2, 0x2, g);
  cs.place(b + 0x14, 2, F.cxlDvsecLock, 0, g);
  cs.place(b + 0x16, 2, F.cxlDvsecCapability2, 0, g);
  const ranges = deviceRanges(dev);
  placeRange(cs, b, 0, ranges[0]);
  placeRange(cs, b, 1, ranges[1]);
}

interface Locator {
  bir: number;
  blockId: number;
  offset: number;
}

function placeRegisterLocator(chain: Chain, blocks: readonly Locator[]): void {
  const b = chain.dvsec(P.DVSEC_ID.registerLocator, P.DVSEC_LAYOUT.registerLocator);
  const count = (P.DVSEC_LAYOUT.registerLocator.length - P.REGLOC_FIRST_ENTRY) / P.REGLOC_ENTRY_BYTES;
  for (let i = 0; i < count; i++) {
    const e = blocks[i] ?? { bir: 0, blockId: P.REG_BLOCK_ID.empty, offset: 0 };
    const at = b + P.REGLOC_FIRST_ENTRY + i * P.REGLOC_ENTRY_BYTES;
    const low = (e.bir + e.blockId * 2 ** 8 + (lo32(e.offset) - (lo32(e.offset) % 2 ** 16))) >>> 0;
    const g = `Register Locator DVSEC, entry ${i + 1}`;
    chain.cs.place(at, 4, P.regLocatorLow, low, g);
    chain.cs.place(at + 4, 4, P.regLocatorHigh, hi32(e.offset), g);
  }
}

function placeFlexBus(chain: Chain, kind: ConfigKind): void {
  const b = chain.dvsec(P.DVSEC_ID.flexBusPort, P.DVSEC_LAYOUT.flexBusPort);
  const g = 'PCIe DVSEC for Flex Bus Port';
  const v = F.QEMU_FLEXBUS[kind];
  const writable =
    kind === 'root-port'
      ? F.FLEXBUS_CTRL_WMASK.rootPort
      : kind === 'downstream-port'
        ? F.FLEXBUS_CTRL_WMASK.downstreamPort
        : 0;
  chain.cs.place(b + 0x0a, 2, F.flexBusCapability, v.capability, g);
  chain.cs.place(b + 0x0c, 2, F.flexBusControl, v.control, g, writable);
  chain.cs.place(b + 0x0e, 2, F.flexBusStatus, v.status, g);
  chain.cs.place(b + 0x10, 4, F.flexBusModTs, F.QEMU_FLEXBUS_MOD_TS, g);
}

const COMPONENT_BLOCK: Locator = { bir: P.COMPONENT_REG_BIR, blockId: P.REG_BLOCK_ID.component, offset: 0 };
const DEVICE_BLOCK: Locator = { bir: P.DEVICE_REG_BIR, blockId: P.REG_BLOCK_ID.memoryDevice, offset: 0 };

function buildType3(dev: Type3Spec): ConfigSpace {
  const chain = new Chain(P.EXT_CAP_START);
  placeHeader(chain.cs, H.QEMU_PCI_IDS.type3);
  const dsn = chain.header(P.EXT_CAP_ID_DSN, 1, 'Device Serial Number');
  chain.cs.place(dsn + 4, 4, dsnLow, lo32(dev.serial), 'Device Serial Number');
  chain.cs.place(dsn + 8, 4, dsnHigh, hi32(dev.serial), 'Device Serial Number');
  chain.at = dsn + P.DSN_CAP_LENGTH;
  placeDeviceDvsec(chain, dev);
  placeRegisterLocator(chain, [COMPONENT_BLOCK, DEVICE_BLOCK]);
  chain.dvsec(P.DVSEC_ID.gpfDevice, P.DVSEC_LAYOUT.gpfDevice);
  placeFlexBus(chain, 'type3');
  return chain.cs;
}

/** Ports: AER (and ACS on a root port) headers, then the DVSECs in each QEMU port's order. */
function buildPort(kind: Exclude<ConfigKind, 'type3'>): ConfigSpace {
  const chain = new Chain(H.AER_CAP_OFFSET);
  placeHeader(chain.cs, H.QEMU_PCI_IDS[kind]);
  chain.header(P.EXT_CAP_ID_AER, 2, 'Advanced Error Reporting (header only)');
  chain.at = H.AER_CAP_OFFSET + H.AER_CAP_SIZE;
  if (kind === 'root-port') {
    chain.header(P.EXT_CAP_ID_ACS, 1, 'Access Control Services (header only)');
    chain.at += H.ACS_CAP_SIZE;
  }
  chain.dvsec(P.DVSEC_ID.portExtensions, P.DVSEC_LAYOUT.portExtensions);
  if (kind === 'root-port') chain.dvsec(P.DVSEC_ID.gpfPort, P.DVSEC_LAYOUT.gpfPort);
  placeFlexBus(chain, kind);
  if (kind === 'downstream-port') chain.dvsec(P.DVSEC_ID.gpfPort, P.DVSEC_LAYOUT.gpfPort);
  placeRegisterLocator(chain, [COMPONENT_BLOCK]);
  return chain.cs;
}

/** The configuration space of `c`, or an error for a host bridge (an ACPI object with no CXL DVSECs). */
export function buildConfigSpace(c: ComponentSpec): Result<ConfigSpace> {
  if (c.kind === 'host-bridge') {
    return err(
      'config.no-config-space',
      `${c.id}: a host bridge has no CXL DVSECs in configuration space (ACPI describes it: CEDT CHBS)`,
      { component: c.id },
    );
  }
  return ok(c.kind === 'type3' ? buildType3(c) : buildPort(c.kind));
}
