/**
 * Parts of a `LabView` computed from one core `Lab`: its Linux names and its regions. Shared by the
 * single-host view (`handler.ts`) and every host of a multi-host view (`fabric-session.ts`).
 */
import {
  type CommitFailure,
  type ComponentRegisterState,
  type Lab,
  type LabSnapshot,
  linuxNames,
  listRegions,
} from '../cxl/index.ts';
import type { DeviceMemoryView, LinuxNamesView, RegionView } from './lab-types.ts';

/** The core's Linux names as plain data (ports with their ids, memdevs). */
export function linuxView(lab: Lab): LinuxNamesView {
  const names = linuxNames(lab.topology);
  const ports: LinuxNamesView['ports'] = {};
  for (const [id, port] of names.ports) ports[id] = { id: port.id, name: port.name };
  return { ports, memdevs: Object.fromEntries(names.memdevs) };
}

/** The lab's regions as Linux would list them (`listRegions`), as plain data. */
export function regionViews(lab: Lab): RegionView[] {
  return listRegions(lab).map((r) => ({
    name: r.name,
    window: r.window,
    base: r.base,
    size: r.size,
    ways: r.ways,
    granularity: r.granularity,
    committed: r.committed,
    members: r.targets.map((t) => t.memdev),
    problems: [...r.problems],
  }));
}

/**
 * A component's saved registers plus the failed commit checks behind each Error Not Committed, as
 * objects: the document keeps them (a `cxl-lab/1` file keeps only the reason text).
 */
function withCommitFailures(lab: Lab, id: string, state: ComponentRegisterState): ComponentRegisterState {
  const regs = lab.registers(id);
  const failures: [number, CommitFailure[]][] = [];
  for (const [n] of state.errorReasons) {
    const list = regs?.commitFailures(n);
    if (list !== undefined) failures.push([n, list.map((f) => ({ ...f }))]);
  }
  return failures.length === 0 ? state : { ...state, commitFailures: failures };
}

/** A lab file's saved registers as a document keeps them (with their commit failures). */
export function documentRegisters(
  lab: Lab,
  registers: ReadonlyMap<string, ComponentRegisterState>,
): Record<string, ComponentRegisterState> {
  return Object.fromEntries([...registers].map(([id, state]) => [id, withCommitFailures(lab, id, state)]));
}

/** Each Type 3 device's capacity and touched pages, from a lab's own memories (`Lab.snapshot`). */
export function snapshotMemory(snap: LabSnapshot): Record<string, DeviceMemoryView> {
  const out: Record<string, DeviceMemoryView> = {};
  for (const c of snap.spec.components)
    if (c.kind === 'type3')
      out[c.id] = { capacityBytes: c.volatile + c.persistent, touchedPages: snap.touchedPages[c.id] ?? 0 };
  return out;
}
