// The sentences the decode path's live region reads out: each hop as the animation reaches it, and the
// access's result when it ends (where every traced piece went, or why it failed). Pure.
import type { AccessTrace } from '../worker/inspect-types.ts';
import { formatHex } from './format';

/** "done: 2 pieces, mem0 DPA 0x0, mem1 DPA 0x0" or "failed: hb0: decoder 0 … is not committed". */
export function accessResult(trace: AccessTrace): string {
  const failed = trace.pieces.filter((p) => !p.ok);
  if (failed.length > 0) {
    const why = failed[0]?.error ?? `at ${failed[0]?.failedAt ?? 'an unknown hop'}`;
    return `failed${failed.length > 1 ? ` (${failed.length} pieces)` : ''}: ${why}`;
  }
  const where = trace.pieces.map((p) => `${p.device ?? '?'} DPA ${formatHex(p.dpa ?? 0)}`);
  const more =
    trace.totalPieces > trace.pieces.length ? `, and ${trace.totalPieces - trace.pieces.length} more` : '';
  const pieces = trace.totalPieces === 1 ? '' : `${trace.totalPieces} pieces, `;
  return `done: ${pieces}${where.join(', ')}${more}`;
}

/** What the live region says at `hop` (1-based) of `total`, or the result once the last hop is shown. */
export function accessAnnouncement(
  title: string,
  trace: AccessTrace,
  hop: number,
  total: number,
  label: string | undefined,
): string {
  if (hop >= total) return `${title}: ${accessResult(trace)}`;
  return `${title}: hop ${hop} of ${total}${label === undefined || label === '' ? '' : `, ${label}`}`;
}
