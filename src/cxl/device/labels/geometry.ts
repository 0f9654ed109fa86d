/**
 * Where things sit in a Label Storage Area of a given size: the label checksum (Fletcher-64) and the
 * slot / index-block geometry Linux derives from the LSA size (drivers/nvdimm/label.c
 * nvdimm_num_label_slots, sizeof_namespace_index; nd_fletcher64 in include/linux/nd.h), plus the
 * sequence-number rule that picks the current index block (label.c best_seq, nd.h nd_inc_seq).
 */
import { CXL_LABEL_SIZE, INDEX_ALIGN, INDEX_FREE, INDEX_SEQ_MASK } from '../../spec/lsa-labels.ts';

/**
 * Fletcher-64 over little-endian 32-bit words, as the CXL label checksums use it (CXL 2.0 §9.13.2;
 * Linux nd_fletcher64 with le = true): lo += word, hi += lo, both modulo 2^32; result hi:lo.
 * A trailing partial word is ignored, as Linux does (len / 4 words).
 */
export function fletcher64(bytes: Uint8Array, at = 0, length = bytes.length - at): bigint {
  let lo = 0;
  let hi = 0;
  const words = Math.floor(length / 4);
  for (let i = 0; i < words; i++) {
    const p = at + 4 * i;
    const w =
      (bytes[p] ?? 0) +
      (bytes[p + 1] ?? 0) * 0x100 +
      (bytes[p + 2] ?? 0) * 0x10000 +
      (bytes[p + 3] ?? 0) * 0x1000000;
    lo = (lo + w) % 0x1_0000_0000;
    hi = (hi + lo) % 0x1_0000_0000;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export interface LsaGeometry {
  lsaSize: number;
  labelSize: number;
  /** Slots Linux gives an LSA of this size: size / (label size + 1). */
  nslot: number;
  /** One index block: align(0x48 + ceil(nslot / 8), 256). */
  indexSize: number;
  /** Where slot 0 starts: after both index blocks. */
  labelOffset: number;
}

/**
 * The geometry Linux uses for an LSA of `lsaSize` bytes and `labelSize`-byte labels, or null when
 * two index blocks and the slots do not fit (label.c sizeof_namespace_index: "label area too small").
 */
export function lsaGeometry(lsaSize: number, labelSize = CXL_LABEL_SIZE): LsaGeometry | null {
  if (!Number.isSafeInteger(lsaSize) || lsaSize <= 0) return null;
  const nslot = Math.floor(lsaSize / (labelSize + 1));
  const space = lsaSize - nslot * labelSize;
  const indexSize = Math.ceil((INDEX_FREE + Math.ceil(nslot / 8)) / INDEX_ALIGN) * INDEX_ALIGN;
  if (2 * indexSize > space) return null;
  return { lsaSize, labelSize, nslot, indexSize, labelOffset: 2 * indexSize };
}

/** The next sequence number: 1 → 2 → 3 → 1 (nd.h nd_inc_seq); 0 stays invalid. */
export function nextSeq(seq: number): number {
  return [0, 2, 3, 1][seq & INDEX_SEQ_MASK] ?? 0;
}

/** Of two valid index blocks' sequence numbers, the newer one (label.c best_seq). */
export function bestSeq(a: number, b: number): number {
  const x = a & INDEX_SEQ_MASK;
  const y = b & INDEX_SEQ_MASK;
  if (x === 0 || x === y) return y;
  if (y === 0) return x;
  return nextSeq(x) === y ? y : x;
}
