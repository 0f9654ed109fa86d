/**
 * Replays what Linux v6.5 sends when it binds a CXL memory device (drivers/cxl/pci.c cxl_pci_probe,
 * read at torvalds/linux 0339dc39a521; the mailbox helpers of drivers/cxl/core/mbox.c), through the
 * lab device's registers, and derives the capacities Linux gets (cxl_mem_create_range_info) and the
 * memdev as `cxl list -M` prints it (ndctl cxl/json.c util_cxl_memdev_to_json: `memdev`, then
 * `pmem_size` and `ram_size` only when non-zero, `serial`, `host`; plain numbers without `-u`).
 */
import type { Lab } from '../../lab.ts';
import { linuxNames } from '../../region/names.ts';
import type { Type3Spec } from '../../topology/model.ts';
import type { MemoryDevice } from '../device.ts';
import { ProbeContext, type ProbeOptions, type ProbeStep } from './context.ts';
import { eventConfig, nvdimmLabels } from './phases-late.ts';
import {
  enumerateCommands,
  identify,
  mediaReady,
  partitionInfo,
  poisonState,
  setTimestamp,
  setupMailbox,
} from './phases-pci.ts';

export type { ProbeOptions, ProbeStep } from './context.ts';

export const PROBE_KERNEL = 'Linux v6.5 (drivers/cxl/pci.c cxl_pci_probe)';

/** The DPA ranges Linux reserves for the memdev (cxl_mem_create_range_info → add_dpa_res). */
export interface LinuxCapacities {
  total: number;
  ram: { start: number; size: number };
  pmem: { start: number; size: number };
  /** How they were derived, with the arithmetic. */
  how: string;
}

export interface ProbeResult {
  kernel: string;
  device: string;
  steps: ProbeStep[];
  ok: boolean;
  /** Why the probe failed (null when it bound). */
  failure: string | null;
  capacities: LinuxCapacities | null;
  /** The memdev object `cxl list -M` would print. */
  memdev: { [key: string]: string | number } | null;
}

function capacities(ctx: ProbeContext): LinuxCapacities | null {
  const id = ctx.identified;
  if (id === null) return null;
  const mib = (n: number) => `${n / 2 ** 20} MiB`;
  if (id.partitionAlign === 0) {
    return {
      total: id.total,
      ram: { start: 0, size: id.volatileOnly },
      pmem: { start: id.volatileOnly, size: id.persistentOnly },
      how: `Partition Alignment 0: ram = [0, volatile-only ${mib(id.volatileOnly)}), pmem = [${mib(id.volatileOnly)}, +persistent-only ${mib(id.persistentOnly)})`,
    };
  }
  const p = partitionInfo(ctx);
  if (p === null) return null;
  return {
    total: id.total,
    ram: { start: 0, size: p.activeVolatile },
    pmem: { start: p.activeVolatile, size: p.activePersistent },
    how: `Partition Alignment ${mib(id.partitionAlign)}: ram = [0, active volatile ${mib(p.activeVolatile)}), pmem = [${mib(p.activeVolatile)}, +active persistent ${mib(p.activePersistent)})`,
  };
}

function memdevJson(lab: Lab, spec: Type3Spec, caps: LinuxCapacities): { [key: string]: string | number } {
  const names = linuxNames(lab.topology);
  const o: { [key: string]: string | number } = { memdev: names.memdevName(spec.id) };
  if (caps.pmem.size > 0) o.pmem_size = caps.pmem.size;
  if (caps.ram.size > 0) o.ram_size = caps.ram.size;
  o.serial = spec.serial;
  o.host = names.pci.get(spec.id) ?? spec.id;
  return o;
}

/** Runs the probe on `device` (a fresh device for `spec` in `lab`: Set Timestamp changes its state). */
export function runProbe(
  lab: Lab,
  spec: Type3Spec,
  device: MemoryDevice,
  options: ProbeOptions = {},
): ProbeResult {
  const ctx = new ProbeContext(device, options);
  const phases = [mediaReady, setupMailbox, enumerateCommands, setTimestamp, poisonState, identify];
  for (const phase of phases) {
    phase(ctx);
    if (ctx.failed !== null) break;
  }
  const caps = ctx.failed === null ? capacities(ctx) : null;
  if (ctx.failed === null && caps !== null) {
    ctx.note(
      'memdev added',
      'drivers/cxl/core/memdev.c devm_cxl_add_memdev',
      `Linux creates the memdev; sysfs ram/size = ${caps.ram.size} and pmem/size = ${caps.pmem.size} (the sizes of the DPA resources). ${caps.how}.`,
    );
    eventConfig(ctx);
    if (ctx.failed === null) nvdimmLabels(ctx, caps.pmem.size);
  }
  return {
    kernel: PROBE_KERNEL,
    device: spec.id,
    steps: ctx.steps,
    ok: ctx.failed === null,
    failure: ctx.failed,
    capacities: caps,
    memdev: ctx.failed === null && caps !== null ? memdevJson(lab, spec, caps) : null,
  };
}
