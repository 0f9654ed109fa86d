/**
 * Turns the emulator's decode trace of an access (per piece, the reference walk's hops) into the
 * steps the canvas animates: window → host bridge → root port → (switch → downstream port)* →
 * device, one canvas edge per step, each with a label naming the decoder and its arithmetic, e.g.
 * "hb1 decoder 0 · IW 2-way · IG 8 KiB · HPA bits [13] = 1 → target 1 → rp3 (port 1)".
 *
 * The step structure (`stepShapes`) depends only on the trace, so the store can count steps
 * without the topology; labels (`decodeSteps`) also read the windows and decoder states. Pure.
 */

import type { AccessTrace, PieceTrace, RouteHop } from '../worker/inspect-types.ts';
import type { DecoderState, TopologySpec } from '../worker/protocol.ts';
import { formatBytes, formatHex } from './format';
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

export interface DecodeStep extends StepShape {
  label: string;
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

/** Text after the walk's "decoder N [base, end): " prefix. */
function afterRange(arithmetic: string): string {
  const at = arithmetic.indexOf('): ');
  return at < 0 ? arithmetic : arithmetic.slice(at + 3);
}

function windowLabel(hop: RouteHop, spec: TopologySpec): string {
  const w = spec.windows.find((x) => x.id === hop.component);
  const uid = hop.target === null ? '' : ` (UID ${hop.target})`;
  if (w === undefined || w.ways === 1) return `${hop.component} · 1-way window → ${hop.next ?? '?'}${uid}`;
  return `${hop.component} · ${w.ways}-way · HBIG ${formatBytes(w.granularity)} · ${hop.arithmetic} → target ${hop.way ?? '?'} → ${hop.next ?? '?'}${uid}`;
}

function decoderLabel(hop: RouteHop, decoders: Readonly<Record<string, readonly DecoderState[]>>): string {
  if (hop.decoder === null && hop.port === null) return `${hop.component} · ${hop.arithmetic}`;
  if (hop.decoder === null) return `${hop.component} · passthrough (no HDM decoders) → ${hop.port ?? '?'}`;
  const d = decoders[hop.component]?.[hop.decoder];
  const head = `${hop.component} decoder ${hop.decoder}`;
  const port = `${hop.port ?? '?'} (port ${hop.target ?? '?'})`;
  if (d?.ways === 1) return `${head} · 1-way → ${port}`;
  const iw = d?.ways == null ? '' : ` · IW ${d.ways}-way`;
  const ig = d?.granularity == null ? '' : ` · IG ${formatBytes(d.granularity)}`;
  return `${head}${iw}${ig} · ${afterRange(hop.arithmetic)} → target ${hop.way ?? '?'} → ${port}`;
}

function deviceLabel(hop: RouteHop): string {
  const head = hop.decoder === null ? hop.component : `${hop.component} decoder ${hop.decoder}`;
  return `${head} · ${afterRange(hop.arithmetic).replaceAll('; ', ' · ')}`;
}

/** The label of one step. */
export function stepLabel(
  shape: StepShape,
  piece: PieceTrace,
  spec: TopologySpec,
  decoders: Readonly<Record<string, readonly DecoderState[]>>,
): string {
  const hop = shape.hop;
  switch (shape.kind) {
    case 'window':
      return hop === null ? '' : windowLabel(hop, spec);
    case 'decoder':
      return hop === null ? '' : decoderLabel(hop, decoders);
    case 'port':
      return `${shape.from} → ${shape.to ?? '?'}`;
    case 'device':
      return hop === null ? '' : deviceLabel(hop);
    case 'failure':
      // The walk's error names the component and says why ("hb0: decoder 0 … is not committed").
      return `✕ ${piece.error ?? (hop === null ? 'the access failed here' : `${hop.component}: ${hop.arithmetic}`)}`;
    default: {
      const never: never = shape.kind;
      return never;
    }
  }
}

/** Every step of a trace with its label. */
export function decodeSteps(
  trace: AccessTrace,
  spec: TopologySpec,
  decoders: Readonly<Record<string, readonly DecoderState[]>>,
): DecodeStep[] {
  return trace.pieces.flatMap((p, i) =>
    pieceShapes(p, i).map((s) => ({ ...s, label: stepLabel(s, p, spec, decoders) })),
  );
}

/** "piece 2 of 4 · 0x4c00000400 + 1 KiB → mem0 DPA 0x400". */
export function pieceSummary(trace: AccessTrace, index: number): string {
  const p = trace.pieces[index];
  if (p === undefined) return '';
  const of =
    trace.totalPieces > 1
      ? `piece ${index + 1} of ${trace.totalPieces}${trace.totalPieces > trace.pieces.length ? ` (first ${trace.pieces.length} shown)` : ''} · `
      : '';
  const where = p.ok && p.device !== undefined ? ` → ${p.device} DPA ${formatHex(p.dpa ?? 0)}` : ' → failed';
  return `${of}${formatHex(p.hpa)} + ${formatBytes(p.length)}${where}`;
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
