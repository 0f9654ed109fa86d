/**
 * Builds a small valid CXL label set for an LSA (CXL 2.0 §9.13.2), so users and tests can see labels
 * decoded: index block 0 as Linux initialises it (sequence 3, every slot free: drivers/nvdimm/label.c
 * nd_label_write_index with ND_NSINDEX_INIT), index block 1 as the update after it (sequence
 * nd_inc_seq(3) = 1, slots 0 and 1 in use, so block 1 is current), a Region Label in slot 0 and a
 * Namespace Label in slot 1 covering the persistent capacity. Versions 1.2 (256-byte labels), as
 * nd_label_write_index writes. UUIDs are derived from the device serial so output is reproducible.
 */
import { err, ok, type Result } from '../../result.ts';
import {
  CXL_LABEL_SIZE,
  INDEX,
  INDEX_FREE,
  INDEX_SIGNATURE,
  NAMESPACE_LABEL,
  NAMESPACE_LABEL_UUID,
  REGION_LABEL,
  REGION_LABEL_UUID,
} from '../../spec/lsa-labels.ts';
import { formatBytes } from '../../units.ts';
import { putU64, putUint, uuidBytes } from '../bytes.ts';
import { fletcher64, type LsaGeometry, lsaGeometry, nextSeq } from './geometry.ts';

export interface LabelSetOptions {
  lsaSize: number;
  serial: number;
  /** DPA where the labelled capacity starts (the persistent partition) and its size. */
  dpa: number;
  size: number;
  /** Namespace name (up to 63 ASCII characters). */
  name?: string;
}

export interface LsaWrite {
  offset: number;
  bytes: Uint8Array;
  what: string;
}

/** Deterministic UUIDs: 4-byte tag, then the serial (RFC 4122 version 4 / variant bits set). */
function labUuid(tag: number, serial: number): string {
  const s = serial.toString(16).padStart(12, '0').slice(-12);
  return `${tag.toString(16).padStart(8, '0')}-1ab0-4000-8000-${s}`;
}

function indexBlock(geo: LsaGeometry, index: number, seq: number, used: readonly number[]): Uint8Array {
  const b = new Uint8Array(geo.indexSize);
  for (let i = 0; i < 16; i++) b[i] = INDEX_SIGNATURE.charCodeAt(i);
  b[INDEX.labelSize.at] = geo.labelSize >> 8;
  putUint(b, INDEX.seq.at, 4, seq);
  putU64(b, INDEX.myOffset.at, BigInt(index * geo.indexSize));
  putU64(b, INDEX.mySize.at, BigInt(geo.indexSize));
  putU64(b, INDEX.otherOffset.at, BigInt((1 - index) * geo.indexSize));
  putU64(b, INDEX.labelOffset.at, BigInt(geo.labelOffset));
  putUint(b, INDEX.nslot.at, 4, geo.nslot);
  putUint(b, INDEX.major.at, 2, 1);
  putUint(b, INDEX.minor.at, 2, 2);
  // Free bitmap: nslot bits set (free), rounded to 64-bit words with the tail bits clear.
  for (let s = 0; s < geo.nslot; s++)
    b[INDEX_FREE + (s >> 3)] = (b[INDEX_FREE + (s >> 3)] ?? 0) | (1 << (s & 7));
  for (const s of used) b[INDEX_FREE + (s >> 3)] = (b[INDEX_FREE + (s >> 3)] ?? 0) & ~(1 << (s & 7));
  putU64(b, INDEX.checksum.at, fletcher64(b));
  return b;
}

function sealLabel(b: Uint8Array): Uint8Array {
  putU64(b, REGION_LABEL.checksum.at, 0n);
  putU64(b, REGION_LABEL.checksum.at, fletcher64(b));
  return b;
}

function regionLabel(o: LabelSetOptions, slot: number): Uint8Array {
  const L = REGION_LABEL;
  const b = new Uint8Array(CXL_LABEL_SIZE);
  b.set(uuidBytes(REGION_LABEL_UUID), L.type.at);
  b.set(uuidBytes(labUuid(0x5e610000, o.serial)), L.uuid.at);
  putUint(b, L.nlabel.at, 2, 1);
  putUint(b, L.position.at, 2, 0);
  putU64(b, L.dpa.at, BigInt(o.dpa));
  putU64(b, L.rawsize.at, BigInt(o.size));
  putUint(b, L.slot.at, 4, slot);
  putUint(b, L.ig.at, 4, 0);
  putUint(b, L.align.at, 4, 1);
  return sealLabel(b);
}

function namespaceLabel(o: LabelSetOptions, slot: number): Uint8Array {
  const L = NAMESPACE_LABEL;
  const b = new Uint8Array(CXL_LABEL_SIZE);
  b.set(uuidBytes(NAMESPACE_LABEL_UUID), L.type.at);
  b.set(uuidBytes(labUuid(0x7a5e0000, o.serial)), L.uuid.at);
  const name = (o.name ?? 'lab-namespace').slice(0, L.name.size - 1);
  for (let i = 0; i < name.length; i++) b[L.name.at + i] = name.charCodeAt(i) & 0x7f;
  putUint(b, L.nrange.at, 2, 1);
  putU64(b, L.dpa.at, BigInt(o.dpa));
  putU64(b, L.rawsize.at, BigInt(o.size));
  putUint(b, L.slot.at, 4, slot);
  putUint(b, L.align.at, 4, 1);
  b.set(uuidBytes(labUuid(0x5e610000, o.serial)), L.regionUuid.at);
  return sealLabel(b);
}

/** The writes that put the label set into an LSA, or why it cannot hold one. */
export function labelSetWrites(o: LabelSetOptions): Result<LsaWrite[]> {
  const geo = lsaGeometry(o.lsaSize, CXL_LABEL_SIZE);
  if (geo === null || geo.nslot < 2) {
    return err(
      'lsa.too-small',
      o.lsaSize === 0
        ? 'the device has no LSA (lsaSize 0): there is nowhere to write labels'
        : `an LSA of ${formatBytes(o.lsaSize)} cannot hold two index blocks and two 256-byte labels`,
    );
  }
  if (o.size <= 0 || o.size % 4096 !== 0 || o.dpa % 4096 !== 0) {
    return err(
      'lsa.no-pmem',
      'labels describe persistent capacity: the device has none (or it is not 4 KiB aligned)',
    );
  }
  const first = 3;
  return ok([
    { offset: 0, bytes: indexBlock(geo, 0, first, []), what: 'index block 0 (sequence 3, all slots free)' },
    {
      offset: geo.indexSize,
      bytes: indexBlock(geo, 1, nextSeq(first), [0, 1]),
      what: 'index block 1 (sequence 1, slots 0 and 1 in use)',
    },
    { offset: geo.labelOffset, bytes: regionLabel(o, 0), what: 'region label (slot 0)' },
    {
      offset: geo.labelOffset + geo.labelSize,
      bytes: namespaceLabel(o, 1),
      what: 'namespace label (slot 1)',
    },
  ]);
}
