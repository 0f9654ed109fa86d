/**
 * Decodes the CXL labels in a Label Storage Area (CXL 2.0 §9.13.2) the way Linux reads them
 * (drivers/nvdimm/label.c nd_label_validate, nd_label_active): both index blocks checked, the current
 * one chosen by sequence number (best_seq), then every in-use slot of the current block decoded.
 * Reads go through `read(offset, length)` so a large, mostly empty LSA is never copied whole. Bad
 * content never throws: every problem comes back named, and at most `MAX_DECODED_LABELS` slots are
 * decoded (the rest are counted).
 */
import { CXL_LABEL_SIZE } from '../../spec/lsa-labels.ts';
import { formatBytes } from '../../units.ts';
import { bestSeq, type LsaGeometry, lsaGeometry } from './geometry.ts';
import { decodeIndexBlock, type IndexBlockView } from './index-block.ts';
import { decodeLabel, type LabelView } from './label.ts';

/** Labels decoded at most per LSA (the rest are reported, not decoded). */
export const MAX_DECODED_LABELS = 1024;

export interface LsaDecode {
  lsaSize: number;
  geometry: LsaGeometry | null;
  indexBlocks: IndexBlockView[];
  /** The index block Linux would use (0 or 1), or null when neither is valid. */
  current: number | null;
  labels: LabelView[];
  /** Every problem found, named ("index block 0: checksum 0x… but content gives 0x…"). */
  problems: string[];
  /** A one-line summary. */
  summary: string;
}

export type LsaReader = (offset: number, length: number) => Uint8Array;

function pickCurrent(blocks: IndexBlockView[]): number | null {
  const valid = blocks.filter((b) => b.valid);
  if (valid.length === 0) return null;
  if (valid.length === 1) return valid[0]?.index ?? null;
  const [a, b] = blocks;
  if (a === undefined || b === undefined) return null;
  return bestSeq(a.seq, b.seq) === (b.seq & 3) ? 1 : 0;
}

function summaryOf(d: Omit<LsaDecode, 'summary'>): string {
  if (d.geometry === null) return d.problems[0] ?? 'no labels';
  if (d.current === null) return `no valid index block: the LSA holds no CXL labels Linux would use`;
  const kinds = d.labels.map((l) => l.kind);
  const count = (k: string) => kinds.filter((x) => x === k).length;
  return `index block ${d.current} is current (sequence ${(d.indexBlocks[d.current]?.seq ?? 0) & 3}); ${d.labels.length} label(s): ${count('region')} region, ${count('namespace')} namespace, ${count('unknown')} unknown; ${d.problems.length} problem(s)`;
}

/** Decodes the labels of an LSA of `lsaSize` bytes read through `read`. */
export function decodeLsa(lsaSize: number, read: LsaReader): LsaDecode {
  const geometry = lsaGeometry(lsaSize, CXL_LABEL_SIZE);
  const base = { lsaSize, geometry, indexBlocks: [] as IndexBlockView[], current: null, labels: [] };
  if (geometry === null) {
    const problems = [
      lsaSize === 0
        ? 'the device has no LSA (LSA Size 0)'
        : `an LSA of ${formatBytes(lsaSize)} is too small for two index blocks and 256-byte labels`,
    ];
    const d = { ...base, problems };
    return { ...d, summary: summaryOf(d) };
  }
  const indexBlocks = [0, 1].map((i) =>
    decodeIndexBlock(read(i * geometry.indexSize, geometry.indexSize), i, geometry),
  );
  const problems = indexBlocks.flatMap((b) => b.problems);
  const current = pickCurrent(indexBlocks);
  const labels: LabelView[] = [];
  const used = current === null ? [] : (indexBlocks[current]?.usedSlots ?? []);
  for (const slot of used.slice(0, MAX_DECODED_LABELS)) {
    const offset = geometry.labelOffset + slot * geometry.labelSize;
    const label = decodeLabel(read(offset, geometry.labelSize), slot, offset);
    labels.push(label);
    problems.push(...label.problems);
  }
  if (used.length > MAX_DECODED_LABELS)
    problems.push(
      `${used.length - MAX_DECODED_LABELS} more slots in use were not decoded (limit ${MAX_DECODED_LABELS})`,
    );
  const d = { ...base, indexBlocks, current, labels, problems };
  return { ...d, summary: summaryOf(d) };
}

/** Decodes labels from LSA bytes held in memory. */
export function decodeLsaBytes(bytes: Uint8Array): LsaDecode {
  return decodeLsa(bytes.length, (offset, length) => {
    const out = new Uint8Array(length);
    out.set(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
    return out;
  });
}
