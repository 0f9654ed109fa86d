// What a Check finding points at: the canvas node to select and frame, and the decoder to open.
import type { ComponentSpec, TopologySpec } from '../../cxl/topology/model.ts';
import { ROOT_NODE_ID } from '../../lib/ids';
import type { Finding } from '../../worker/protocol.ts';

export interface FindingTarget {
  /** Canvas node to select and frame (a window's findings point at the CXL root). */
  node: string;
  /** The decoder-owning component whose HDM panel rows to open, or null (a window, a port, none). */
  owner: string | null;
  /** The decoder index, when the finding names one. */
  decoder: number | null;
}

function ownsDecoders(c: ComponentSpec | undefined): boolean {
  return c !== undefined && (c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3');
}

/** Where clicking `finding` goes; null when it names nothing on the canvas. */
export function findingTarget(finding: Finding, spec: TopologySpec): FindingTarget | null {
  const id = finding.component;
  if (id === undefined) return null;
  if (spec.windows.some((w) => w.id === id)) return { node: ROOT_NODE_ID, owner: null, decoder: null };
  const c = spec.components.find((x) => x.id === id);
  if (c === undefined) return null;
  return {
    node: c.id,
    owner: ownsDecoders(c) ? c.id : null,
    decoder: ownsDecoders(c) ? (finding.decoder ?? null) : null,
  };
}

/** "hb0 · decoder 0", "cfmw0", or "" for a finding about the whole lab. */
export function findingPlace(finding: Finding): string {
  if (finding.component === undefined) return '';
  return finding.decoder === undefined
    ? finding.component
    : `${finding.component} · decoder ${finding.decoder}`;
}
