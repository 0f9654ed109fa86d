/**
 * Where QEMU's x86 `q35` machine puts CXL address space, from its memory options (QEMU
 * hw/i386/pc_q35.c pc_q35_init RAM split; hw/i386/pc.c pc_get_device_memory_range,
 * pc_get_cxl_range_start, pc_get_cxl_range_end, pc_memory_init; hw/pci-bridge/pci_expander_bridge.c
 * for the register blocks). The rule, step by step:
 *
 * 1. RAM split: with `ram` ≥ 2.75 GiB, 2 GiB sit below 4 GiB and the rest from 4 GiB up; smaller RAM
 *    sits entirely below 4 GiB. So above-4G RAM ends at `4 GiB + max(0, ram − 2 GiB)` (or 4 GiB).
 * 2. With `maxmem > ram` (memory hotplug), the device-memory area starts at that end rounded up to
 *    1 GiB and spans `maxmem − ram + slots × 1 GiB` (q35 reserves 1 GiB per DIMM slot for alignment).
 * 3. The CXL range starts right after the device-memory area if there is one, else at the end of RAM:
 *    `cxlBase`. Its first 1 MiB holds one 64 KiB component register block (CHBCR) per `pxb-cxl`
 *    (at most 16), in command-line order (UNVERIFIED: QEMU walks its bus list for this).
 * 4. Fixed memory windows start at `cxlBase + 1 MiB` rounded up to 256 MiB and follow back to back
 *    in `cxl-fmw.N` index order, each exactly its size apart (no further alignment).
 *
 * Checks against observations: `-m 2G` puts the first window at 0x1_1000_0000 and a 4 GiB first
 * window puts the second at 0x2_1000_0000 (seen by the lab's authors on QEMU 7.2, and what
 * pc_get_cxl_range_end computes: +1 MiB, round up to 256 MiB, add each window's size);
 * `-m 4G,maxmem=8G,slots=8` (the setting of QEMU docs/system/devices/cxl.rst) gives 0x4_9000_0000
 * (derived by hand from pc_get_device_memory_range: 6 GiB + 4 GiB + 8 × 1 GiB = 18 GiB, + 256 MiB).
 * QEMU's default RAM is 128 MiB.
 * Not modelled: `max-ram-below-4g`, SGX EPC, the AMD 1 TiB hole relocation, arm64 `virt`.
 */

import { COMPONENT_BLOCK_SIZE } from '../spec/component-block.ts';
import { HDM_ALIGNMENT } from '../spec/hdm-constants.ts';
import { GIB, MIB } from '../units.ts';

/** QEMU's x86 default RAM size when `-m` is not given. */
export const QEMU_DEFAULT_RAM = 128 * MIB;
/** Space QEMU reserves for host-bridge component registers at the start of the CXL range. */
export const QEMU_CXL_HOST_REG_SPACE = MIB;
/** One host bridge's component register block. */
export const QEMU_CHBCR_SIZE = COMPONENT_BLOCK_SIZE;
/** At most this many `pxb-cxl` fit the register space. */
export const QEMU_MAX_HOST_BRIDGES = 16;

const FOUR_GIB = 4 * GIB;

/** QEMU's `-m size,maxmem=…,slots=…`. */
export interface QemuMemory {
  ramBytes: number;
  /** `maxmem`, or null when not given (no memory hotplug area). */
  maxmemBytes: number | null;
  /** `slots`, or null when not given. */
  slots: number | null;
}

/** Where the q35 machine places RAM, the hotplug area, CXL registers and windows. */
export interface QemuPlacement {
  belowFourGBytes: number;
  aboveFourGBytes: number;
  /** End of above-4G RAM (4 GiB when there is none). */
  aboveFourGEnd: number;
  /** The memory-hotplug area, when `maxmem > ram`. */
  deviceMemory: { base: number; size: number } | null;
  /** Start of the CXL range: the host-bridge register blocks. */
  cxlBase: number;
  /** CHBCR base of the i-th `pxb-cxl`. */
  componentRegBases: number[];
  /** Base of window N (`cxl-fmw.N`), in index order. */
  windowBases: number[];
  /** End of the last window (the first window's base when there are none). */
  windowsEnd: number;
}

function alignUp(n: number, unit: number): number {
  return Math.ceil(n / unit) * unit;
}

/** The q35 RAM split (step 1). */
export function q35RamSplit(ramBytes: number): { below: number; above: number } {
  const lowmem = ramBytes >= 0xb000_0000 ? 0x8000_0000 : 0xb000_0000;
  return ramBytes >= lowmem ? { below: lowmem, above: ramBytes - lowmem } : { below: ramBytes, above: 0 };
}

/** Applies the placement rule to a memory configuration, window sizes and host-bridge count. */
export function qemuPlacement(
  memory: QemuMemory,
  windowSizes: readonly number[],
  hostBridgeCount: number,
): QemuPlacement {
  const split = q35RamSplit(memory.ramBytes);
  const aboveFourGEnd = FOUR_GIB + split.above;
  let deviceMemory: QemuPlacement['deviceMemory'] = null;
  let cxlBase = aboveFourGEnd;
  if (memory.maxmemBytes !== null && memory.maxmemBytes > memory.ramBytes) {
    const base = alignUp(aboveFourGEnd, GIB);
    const size = memory.maxmemBytes - memory.ramBytes + (memory.slots ?? 0) * GIB;
    deviceMemory = { base, size };
    cxlBase = base + size;
  }
  const componentRegBases = Array.from(
    { length: Math.min(hostBridgeCount, QEMU_MAX_HOST_BRIDGES) },
    (_, i) => cxlBase + i * QEMU_CHBCR_SIZE,
  );
  const windowBases: number[] = [];
  let next = alignUp(cxlBase + QEMU_CXL_HOST_REG_SPACE, HDM_ALIGNMENT);
  for (const size of windowSizes) {
    windowBases.push(next);
    next += size;
  }
  return {
    belowFourGBytes: split.below,
    aboveFourGBytes: split.above,
    aboveFourGEnd,
    deviceMemory,
    cxlBase,
    componentRegBases,
    windowBases,
    windowsEnd: next,
  };
}

/** The first window base a memory configuration gives. */
export function firstWindowBase(memory: QemuMemory): number {
  return qemuPlacement(memory, [], 0).windowsEnd;
}

/** The `-m` option value: `4G`, `4G,maxmem=8G,slots=8`. */
export function memoryOptionText(memory: QemuMemory, sizeText: (n: number) => string): string {
  let s = sizeText(memory.ramBytes);
  if (memory.maxmemBytes !== null) s += `,maxmem=${sizeText(memory.maxmemBytes)}`;
  if (memory.slots !== null) s += `,slots=${memory.slots}`;
  return s;
}

/**
 * A memory configuration whose first window lands at `wantedBase`, preferring small RAM and the
 * QEMU documentation's shape (`-m 4G,maxmem=…,slots=8`). Tries, in order: RAM alone (4 GiB, then
 * 2 GiB), RAM plus a hotplug area with up to 8 slots, then RAM sized to reach the base (≤ 64 GiB).
 * With `ramBytes` given only that RAM size is tried. Null when no configuration reaches the base.
 */
export function solveQemuMemory(wantedBase: number, ramBytes?: number): QemuMemory | null {
  if (wantedBase % HDM_ALIGNMENT !== 0) return null;
  const rams = ramBytes === undefined ? [4 * GIB, 2 * GIB] : [ramBytes];
  for (const ram of rams) {
    const plain: QemuMemory = { ramBytes: ram, maxmemBytes: null, slots: null };
    if (firstWindowBase(plain) === wantedBase) return plain;
  }
  // The hotplug area must end at `wantedBase − 256 MiB` (then + 1 MiB rounds up to the base).
  for (const ram of rams) {
    const start = alignUp(q35AboveEnd(ram), GIB);
    const gap = wantedBase - HDM_ALIGNMENT - start;
    const slots = Math.min(8, Math.floor((gap - HDM_ALIGNMENT) / GIB));
    if (slots < 1) continue;
    const memory: QemuMemory = { ramBytes: ram, maxmemBytes: ram + gap - slots * GIB, slots };
    if (firstWindowBase(memory) === wantedBase) return memory;
  }
  if (ramBytes === undefined) {
    // RAM alone: above-4G RAM ending at wantedBase − 256 MiB, i.e. ram = that − 2 GiB (≥ 2.75 GiB).
    const ram = wantedBase - HDM_ALIGNMENT - FOUR_GIB + 2 * GIB;
    if (ram >= 0xb000_0000 && ram <= 64 * GIB) {
      const memory: QemuMemory = { ramBytes: ram, maxmemBytes: null, slots: null };
      if (firstWindowBase(memory) === wantedBase) return memory;
    }
  }
  return null;
}

function q35AboveEnd(ram: number): number {
  return FOUR_GIB + q35RamSplit(ram).above;
}
