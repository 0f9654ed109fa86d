/**
 * Turns the emulator's decode trace of an access (per piece, the reference walk's hops) into the
 * steps the canvas animates: window → host bridge → root port → (switch → downstream port)* →
 * device, one canvas edge per step, each with a label naming the decoder and its arithmetic, e.g.
 * "hb1 decoder 0 · IW 2-way · IG 8 KiB · HPA bits [13] = 1 → target 1 → rp3 (port 1)".
 *
 * The step structure (`step-shapes.ts`) depends only on the trace, so the store can count steps
 * without the topology (or this module); labels (`decodeSteps`) also read the windows and decoder
 * states. Pure.
 */

import type { AccessTrace, PieceTrace, RouteHop } from '../worker/inspect-types.ts';
import type { DecoderState, TopologySpec } from '../worker/protocol.ts';
import { formatBytes, formatHex } from './format';
import { pieceShapes, type StepShape } from './step-shapes';

export type { StepKind, StepShape } from './step-shapes';
export { pathNodeIds, pieceShapes, stepShapes } from './step-shapes';

export interface DecodeStep extends StepShape {
  label: string;
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
