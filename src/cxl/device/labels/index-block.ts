/**
 * One Label Index Block decoded and checked the way Linux validates it (drivers/nvdimm/label.c
 * __nd_label_validate): signature, label size, Fletcher-64 checksum over the whole block with the
 * checksum field zeroed, a live sequence number, my/other offsets and size, and a slot count that
 * fits the LSA. Every failed check is named; nothing here throws on any bytes.
 */
import { INDEX, INDEX_FREE, INDEX_SEQ_MASK, INDEX_SIGNATURE } from '../../spec/lsa-labels.ts';
import { hex } from '../../units.ts';
import { getU64, getUint } from '../bytes.ts';
import type { PayloadField } from '../commands/types.ts';
import { fletcher64, type LsaGeometry } from './geometry.ts';

export interface IndexBlockView {
  /** 0 or 1. */
  index: number;
  offset: number;
  size: number;
  fields: PayloadField[];
  seq: number;
  nslot: number;
  labelOffset: number;
  labelSize: number;
  checksum: string;
  computed: string;
  /** Every check passed (Linux would use it). */
  valid: boolean;
  problems: string[];
  /** Slots in use (free bit clear) below min(nslot, the slots that fit the LSA). */
  usedSlots: number[];
}

const h64 = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;

function signatureText(b: Uint8Array): string {
  return [...b.subarray(0, 16)]
    .map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : c === 0 ? '\\0' : '.'))
    .join('');
}

function indexFields(b: Uint8Array, base: number): PayloadField[] {
  const f = (name: string, at: { at: number; size: number }, meaning?: string): PayloadField => {
    const v = at.size === 8 ? getU64(b, at.at) : BigInt(getUint(b, at.at, at.size));
    const out: PayloadField = { name, offset: base + at.at, size: at.size, value: `0x${v.toString(16)}` };
    if (meaning !== undefined) out.meaning = meaning;
    return out;
  };
  return [
    { name: 'Signature', offset: base, size: 16, value: `"${signatureText(b)}"` },
    f('Flags', INDEX.flags),
    f('Label Size', INDEX.labelSize, `${128 << Math.min(8, b[INDEX.labelSize.at] ?? 0)}-byte labels`),
    f('Sequence Number', INDEX.seq, `sequence ${getUint(b, INDEX.seq.at, 4) & INDEX_SEQ_MASK}`),
    f('My Offset', INDEX.myOffset),
    f('My Size', INDEX.mySize),
    f('Other Offset', INDEX.otherOffset),
    f('Label Offset', INDEX.labelOffset),
    f('Number of Slots', INDEX.nslot),
    f('Major Version', INDEX.major),
    f('Minor Version', INDEX.minor),
    f('Checksum', INDEX.checksum),
  ];
}

/** Slots whose free bit is clear, below `limit` (bit set = free, little-endian bit order). */
function usedSlots(b: Uint8Array, limit: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < limit; s++) {
    const byte = b[INDEX_FREE + (s >> 3)] ?? 0xff;
    if (((byte >> (s & 7)) & 1) === 0) out.push(s);
  }
  return out;
}

/** Decodes index block `index` (its `geo.indexSize` bytes in `b`) of an LSA with geometry `geo`. */
export function decodeIndexBlock(b: Uint8Array, index: number, geo: LsaGeometry): IndexBlockView {
  const name = `index block ${index}`;
  const offset = index * geo.indexSize;
  const problems: string[] = [];
  const sig = signatureText(b);
  if (sig !== INDEX_SIGNATURE.replace('\0', '\\0'))
    problems.push(`${name}: signature ${JSON.stringify(sig)} is not "NAMESPACE_INDEX\\0"`);
  const major = getUint(b, INDEX.major.at, 2);
  const minor = getUint(b, INDEX.minor.at, 2);
  const code = b[INDEX.labelSize.at] ?? 0;
  const labelSize = major * 100 + minor >= 102 ? 128 * 2 ** Math.min(code, 16) : 128;
  if (labelSize !== geo.labelSize)
    problems.push(
      `${name}: label size ${labelSize} (version ${major}.${minor}, code ${code}) is not ${geo.labelSize}`,
    );
  const stored = getU64(b, INDEX.checksum.at);
  const zeroed = b.slice(0, geo.indexSize);
  zeroed.fill(0, INDEX.checksum.at, INDEX.checksum.at + 8);
  const computed = fletcher64(zeroed);
  if (stored !== computed)
    problems.push(`${name}: checksum ${h64(stored)} but content gives ${h64(computed)}`);
  const seq = getUint(b, INDEX.seq.at, 4);
  if ((seq & INDEX_SEQ_MASK) === 0)
    problems.push(`${name}: sequence number ${hex(seq)} is not live (low bits 0)`);
  const myOff = Number(getU64(b, INDEX.myOffset.at));
  const otherOff = Number(getU64(b, INDEX.otherOffset.at));
  const mySize = Number(getU64(b, INDEX.mySize.at));
  if (myOff !== offset) problems.push(`${name}: my offset ${hex(myOff)} should be ${hex(offset)}`);
  const other = (1 - index) * geo.indexSize;
  if (otherOff !== other) problems.push(`${name}: other offset ${hex(otherOff)} should be ${hex(other)}`);
  if (mySize > geo.indexSize || mySize < INDEX_FREE)
    problems.push(`${name}: my size ${hex(mySize)} is outside ${hex(INDEX_FREE)}–${hex(geo.indexSize)}`);
  const nslot = getUint(b, INDEX.nslot.at, 4);
  const labelOffset = Number(getU64(b, INDEX.labelOffset.at));
  const fits = Math.max(0, Math.floor((geo.lsaSize - geo.labelOffset) / geo.labelSize));
  if (nslot * geo.labelSize + 2 * geo.indexSize > geo.lsaSize)
    problems.push(
      `${name}: ${nslot} slots of ${geo.labelSize} bytes do not fit the ${geo.lsaSize}-byte LSA (at most ${fits}); slots past ${fits - 1} are refused`,
    );
  if (labelOffset !== geo.labelOffset)
    problems.push(`${name}: label offset ${hex(labelOffset)} should be ${hex(geo.labelOffset)}`);
  return {
    index,
    offset,
    size: geo.indexSize,
    fields: indexFields(b, offset),
    seq,
    nslot,
    labelOffset: geo.labelOffset,
    labelSize,
    checksum: h64(stored),
    computed: h64(computed),
    valid: problems.length === 0,
    problems,
    usedSlots: usedSlots(b, Math.min(nslot, fits, 8 * Math.max(0, geo.indexSize - INDEX_FREE))),
  };
}
