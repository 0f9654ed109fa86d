/**
 * Flattens the live HDM decoder states of a lab (decoded from its registers by the worker) into
 * display rows, shared by the Inspector and the "HDM decoders" dock panel. Target port numbers are
 * resolved to the child port they name. Decoders never programmed (size 0, not committed) are left
 * out: a default component has four of them.
 */
import type { ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import { formatBytes, formatHex, formatRange } from '../lib/format';
import type { DecoderState } from '../worker/protocol.ts';

export type DecoderRow = {
  /** `hb0.0`: owning component id and decoder index. */
  name: string;
  componentId: string;
  index: number;
  range: string;
  size: string;
  interleave: string;
  /** Target ports, for host bridge and switch decoders. */
  targets: string | null;
  /** DPA skip, for device decoders. */
  skip: string | null;
  state: string;
  committed: boolean;
  locked: boolean;
};

export function decoderState(d: DecoderState): string {
  if (d.committed) return d.locked || d.lockOnCommit ? 'committed, locked' : 'committed';
  if (d.errorNotCommitted) return d.errorReason === undefined ? 'error' : `error: ${d.errorReason}`;
  return 'not committed';
}

/** A decoder worth showing: programmed, committed or in error. */
export function decoderInUse(d: DecoderState): boolean {
  return d.committed || d.commit || d.errorNotCommitted || d.size > 0;
}

/** "0 → rp0, 1 → rp1": port numbers with the child port each names ("?" when no child has it). */
export function describeTargets(
  spec: TopologySpec,
  owner: ComponentSpec,
  targets: readonly number[],
): string {
  return targets
    .map((port) => {
      const child = spec.components.find(
        (c) =>
          (c.kind === 'root-port' || c.kind === 'downstream-port') &&
          c.parent === owner.id &&
          c.port === port,
      );
      return `${port} → ${child?.id ?? '?'}`;
    })
    .join(', ');
}

export function decoderRow(spec: TopologySpec, owner: ComponentSpec, d: DecoderState): DecoderRow {
  const ways = d.ways ?? 1;
  return {
    name: `${owner.id}.${d.index}`,
    componentId: owner.id,
    index: d.index,
    range: formatRange(d.base, d.size),
    size: formatBytes(d.size),
    interleave:
      d.ways === null || d.granularity === null
        ? `IW ${d.eiw} / IG ${d.eig} (reserved)`
        : `${d.ways}-way @ ${formatBytes(d.granularity)}`,
    targets: owner.kind === 'type3' ? null : describeTargets(spec, owner, d.targets.slice(0, ways)),
    skip:
      owner.kind !== 'type3' ? null : d.skip === 0 ? '0' : `${formatHex(d.skip)} (${formatBytes(d.skip)})`,
    state: decoderState(d),
    committed: d.committed,
    locked: d.locked,
  };
}

/** Rows for one component's decoders in use. */
export function componentDecoderRows(
  spec: TopologySpec,
  owner: ComponentSpec,
  decoders: readonly DecoderState[],
): DecoderRow[] {
  return decoders.filter(decoderInUse).map((d) => decoderRow(spec, owner, d));
}

export function decoderRows(view: {
  spec: TopologySpec;
  decoders: Readonly<Record<string, readonly DecoderState[]>>;
}): DecoderRow[] {
  return view.spec.components.flatMap((c) => componentDecoderRows(view.spec, c, view.decoders[c.id] ?? []));
}
