/**
 * The structure of a decode trace's animation: one step per canvas edge (window → host bridge →
 * root port → … → device), from the trace alone, so the store counts steps without the labels'
 * code (`decode-steps.ts`). Pure.
 */
import type { AccessTrace, PieceTrace, RouteHop } from '../worker/inspect-types.ts';
import { ROOT_NODE_ID } from './ids';

export type StepKind = 'window' | 'decoder' | 'port' | 'device' | 'failure';

export interface StepShape {
  /** Index of the piece in the trace. */
  piece: number;
  kind: StepKind;
  /** Canvas node the step leaves (the CXL root for the window hop). */
  from: string;
  /** Canvas node it reaches; null for a step that stays at `from` (device decode, failure). */
  to: string | null;
  /** The walk's hop this step shows (null: a failure before any hop, e.g. no window). */
  hop: RouteHop | null;
}

/** The steps of one piece. */
export function pieceShapes(piece: PieceTrace, index: number): StepShape[] {
  const out: StepShape[] = [];
  const add = (kind: StepKind, from: string, to: string | null, hop: RouteHop | null) =>
    out.push({ piece: index, kind, from, to, hop });
  for (const hop of piece.hops) {
    if (hop.kind === 'window') {
      if (hop.next !== null) add('window', ROOT_NODE_ID, hop.next, hop);
      else add('failure', ROOT_NODE_ID, null, hop);
    } else if (hop.kind === 'type3') {
      add('device', hop.component, null, hop);
    } else if (hop.port === null && hop.decoder === null && hop.next !== null) {
      // A CXL 1.1 restricted host: no ports, straight to its one device.
      add('decoder', hop.component, hop.next, hop);
    } else if (hop.port === null) {
      add('failure', hop.component, null, hop);
    } else {
      add('decoder', hop.component, hop.port, hop);
      if (hop.next !== null) add('port', hop.port, hop.next, hop);
    }
  }
  if (!piece.ok) {
    const last = out.at(-1);
    if (last === undefined) add('failure', ROOT_NODE_ID, null, null);
    else if (last.kind === 'device') last.kind = 'failure';
    else if (last.kind !== 'failure') add('failure', last.to ?? last.from, null, null);
  }
  return out;
}

/** Every step of a trace, piece after piece. */
export function stepShapes(trace: AccessTrace): StepShape[] {
  return trace.pieces.flatMap((p, i) => pieceShapes(p, i));
}

/** The canvas nodes an access's steps visit, in order (the CXL root first), each once: what "zoom to path" frames. */
export function pathNodeIds(shapes: readonly StepShape[]): string[] {
  const ids = new Set<string>();
  for (const s of shapes) {
    ids.add(s.from);
    if (s.to !== null) ids.add(s.to);
  }
  return [...ids];
}
