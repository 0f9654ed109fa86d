/**
 * The LD allocations of each MLD, as Get LD Allocations reports them (CXL 2.0 §7.6.7.4.2: Range 1 and
 * Range 2 allocation multipliers × the device's memory granularity), with which LDs are bound, and the
 * Set LD Allocations request (CXL 2.0 §7.6.7.4.3) the panel's form sends (`cxl-lab fm --in-json`).
 */
import type { MultiHostSpec } from '../../cxl/fabric/model.ts';
import type { BindingRow } from '../../cxl/fm/table.ts';

export interface LdAllocationRow {
  ld: number;
  /** Multipliers of the granularity. */
  range1: number;
  range2: number;
  /** range1 + range2 in bytes. */
  bytes: number;
  /** "hostA · VCS 0 vPPB 1" when bound (or being bound); null when free. */
  boundTo: string | null;
}

export interface MldAllocations {
  device: string;
  switch: string;
  /** The switch downstream port the MLD is on: the tunnel's target (CXL 2.0 §7.6.7.3.1). */
  port: number;
  capacity: number;
  granularity: number;
  lds: LdAllocationRow[];
}

/** Every MLD on a switch port, with its LDs' allocations and bindings. */
export function mldAllocations(spec: MultiHostSpec, bindings: readonly BindingRow[]): MldAllocations[] {
  const out: MldAllocations[] = [];
  for (const d of spec.fabric.devices) {
    if (d.kind !== 'mld' || d.attach === undefined) continue;
    const at = d.attach;
    out.push({
      device: d.id,
      switch: at.switch,
      port: at.port,
      capacity: d.capacity,
      granularity: d.granularity,
      lds: d.lds.map((l) => {
        const b = bindings.find((r) => r.switch === at.switch && r.port === at.port && r.ld === l.ld);
        return {
          ld: l.ld,
          range1: l.range1 / d.granularity,
          range2: l.range2 / d.granularity,
          bytes: l.range1 + l.range2,
          boundTo: b === undefined ? null : `${b.host ?? 'no host'} · VCS ${b.vcs} vPPB ${b.vppb}`,
        };
      }),
    });
  }
  return out;
}

/** A multiplier typed in the form: a whole number 0 … 2^53−1 ("4", "0x4"); the reason otherwise. */
export function parseMultiplier(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim().toLowerCase();
  const m = /^(?:0x([0-9a-f]+)|([0-9]+))$/.exec(t);
  const v = m === null ? Number.NaN : m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
  if (!Number.isSafeInteger(v)) return { ok: false, error: `"${text}" is not a whole number of granules` };
  return { ok: true, value: v };
}

/** The Set LD Allocations request for LDs `start…` as `fm.run` takes it. */
export function setAllocationsRequest(
  start: number,
  list: readonly { range1: number; range2: number }[],
): { start: number; allocations: [number, number][] } {
  return { start, allocations: list.map((a) => [a.range1, a.range2]) };
}
