/**
 * Flattens the authored HDM decoders of a topology into display rows, shared by the Inspector and the
 * "HDM decoders" dock panel. Target port numbers are resolved to the child port they name.
 */
import { formatBytes, formatHex, formatRange } from '../lib/format';
import type { LabComponent, LabDecoder, LabFile } from '../lib/lab-file';

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
};

export function decoderState(d: LabDecoder): string {
  if (!d.commit) return 'not committed';
  return d.lock ? 'committed, locked' : 'committed';
}

/** "0 → rp0, 1 → rp1": port numbers with the child port each names ("?" when no child has it). */
export function describeTargets(lab: LabFile, owner: LabComponent, targets: readonly number[]): string {
  return targets
    .map((port) => {
      const child = lab.components.find(
        (c) =>
          c.parent === owner.id &&
          (c.kind === 'root-port' || c.kind === 'downstream-port') &&
          c.port === port,
      );
      return `${port} → ${child?.id ?? '?'}`;
    })
    .join(', ');
}

export function decoderRow(lab: LabFile, owner: LabComponent, d: LabDecoder, index: number): DecoderRow {
  return {
    name: `${owner.id}.${index}`,
    componentId: owner.id,
    index,
    range: formatRange(d.base, d.size),
    size: formatBytes(d.size),
    interleave: `${d.ways}-way @ ${formatBytes(d.granularity)}`,
    targets: d.targets === undefined ? null : describeTargets(lab, owner, d.targets),
    skip: d.skip === undefined ? null : d.skip === 0 ? '0' : `${formatHex(d.skip)} (${formatBytes(d.skip)})`,
    state: decoderState(d),
  };
}

export function decoderRows(lab: LabFile): DecoderRow[] {
  return lab.components.flatMap((c) => c.decoders.map((d, i) => decoderRow(lab, c, d, i)));
}
