/**
 * What colour everything on the canvas is. Each committed region gets a colour (by its Linux
 * number: region0 is always the first colour); every component and link on a member's path from
 * the window down to the device carries the colours of the regions that use it. Paths no
 * committed region uses stay grey. A component with a decoder that failed to commit (Error Not
 * Committed, or a finding from building the lab) is marked with the reason. Pure.
 */
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import { formatBytes } from '../lib/format';
import type { CxlError, DecoderState, RegionView } from '../worker/protocol.ts';

/** Region colours: distinct in hue and lightness, legible on the light and the dark canvas. */
export const REGION_COLORS = [
  '#2f7de1', // blue
  '#e8590c', // orange
  '#2b9a66', // green
  '#d6336c', // pink
  '#7950f2', // violet
  '#0c8599', // teal
  '#c08a00', // ochre
  '#5c7cfa', // indigo
  '#a33e17', // rust
  '#66a80f', // lime
] as const;

export function regionColor(name: string): string {
  const n = Number(/(\d+)$/.exec(name)?.[1] ?? 0);
  return REGION_COLORS[n % REGION_COLORS.length] ?? REGION_COLORS[0];
}

export interface RegionLegendEntry {
  name: string;
  color: string;
  window: string | null;
  /** "4-way · 4 KiB" */
  interleave: string;
  size: number;
  members: number;
  committed: boolean;
  problems: string[];
}

export interface CanvasPaint {
  /** Component id → names of the committed regions whose paths include it. */
  nodeRegions: Map<string, string[]>;
  /** `parent->child` (or `window:<id>->hb`) → region names. */
  edgeRegions: Map<string, string[]>;
  /** Component id → why a decoder of it is in error. */
  errors: Map<string, string>;
  colors: Map<string, string>;
  /** Regions Linux would not assemble as programmed (their `problems`). */
  problems: Set<string>;
  legend: RegionLegendEntry[];
}

export function edgeKey(source: string, target: string): string {
  return `${source}->${target}`;
}

export function windowEdgeKey(windowId: string, hostBridge: string): string {
  return `window:${windowId}->${hostBridge}`;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export function paintCanvas(
  spec: TopologySpec,
  regions: readonly RegionView[],
  decoders: Readonly<Record<string, readonly DecoderState[]>>,
  findings: readonly CxlError[] = [],
): CanvasPaint {
  const byId = new Map<string, ComponentSpec>(spec.components.map((c) => [c.id, c]));
  const nodeRegions = new Map<string, string[]>();
  const edgeRegions = new Map<string, string[]>();
  const colors = new Map<string, string>();
  const legend: RegionLegendEntry[] = [];

  for (const r of regions) {
    const color = regionColor(r.name);
    colors.set(r.name, color);
    legend.push({
      name: r.name,
      color,
      window: r.window,
      interleave: `${r.ways}-way · ${formatBytes(r.granularity)}`,
      size: r.size,
      members: r.members.length,
      committed: r.committed,
      problems: [...r.problems],
    });
    if (!r.committed) continue;
    for (const member of r.members) {
      let at = byId.get(member);
      const seen = new Set<string>();
      while (at !== undefined && !seen.has(at.id)) {
        seen.add(at.id);
        push(nodeRegions, at.id, r.name);
        if (at.kind === 'host-bridge') {
          if (r.window !== null) push(edgeRegions, windowEdgeKey(r.window, at.id), r.name);
          break;
        }
        push(edgeRegions, edgeKey(at.parent, at.id), r.name);
        at = byId.get(at.parent);
      }
    }
  }
  if (regions.some((r) => r.committed)) {
    // The root is on every committed region's path.
    for (const r of regions) if (r.committed) push(nodeRegions, 'cxl-root', r.name);
  }

  const errors = new Map<string, string>();
  for (const [id, list] of Object.entries(decoders)) {
    const bad = list.filter((d) => d.errorNotCommitted);
    if (bad.length > 0) {
      errors.set(
        id,
        bad
          .map(
            (d) => `decoder ${d.index}: ${d.errorReason ?? 'Error Not Committed (the commit was refused)'}`,
          )
          .join('\n'),
      );
    }
  }
  for (const f of findings) {
    if (f.component === undefined) continue;
    const prev = errors.get(f.component);
    if (prev === undefined) errors.set(f.component, f.message);
    else if (!prev.includes(f.message)) errors.set(f.component, `${prev}\n${f.message}`);
  }
  const problems = new Set(regions.filter((r) => r.problems.length > 0).map((r) => r.name));
  return { nodeRegions, edgeRegions, errors, colors, problems, legend };
}
