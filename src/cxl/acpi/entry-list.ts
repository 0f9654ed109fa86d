/**
 * The list of same-size entries that follows the fixed part of some CEDT structures (CXL r3.1
 * §9.18.1.3 CFMWS Interleave Target List, 4 bytes an entry; §9.18.1.4 CXIMS XORMAP list, 8 bytes an
 * entry). Entry i sits at fixed + size·i and a record with N entries is fixed + size·N bytes long.
 * Declared once here so each structure states only its sizes, entry name and decoder.
 */
import { type AcpiDecoded, type AcpiFieldDef, type CedtField, type CedtFinding, readField } from './field.ts';
import { readExtraBytes } from './subtable.ts';

export interface EntryList<V> {
  /** Size of the structure's fixed part: where entry 0 starts. */
  readonly fixedSize: number;
  readonly entrySize: number;
  /** Field key prefix: entry i is `${keyPrefix}${i}`. */
  readonly keyPrefix: string;
  /** Field name of entry i, e.g. "Target 2 (HB UID)". */
  readonly name: (i: number) => string;
  readonly decode: (n: number, bytes: Uint8Array, raw: string) => AcpiDecoded<V>;
}

/** The field of entry `i`, declared once for every index. */
export function entryField<V>(list: EntryList<V>, i: number): AcpiFieldDef<string, V> {
  return {
    key: `${list.keyPrefix}${i}`,
    name: list.name(i),
    offset: list.fixedSize + list.entrySize * i,
    length: list.entrySize,
    format: 'uint',
    decode: list.decode,
  };
}

/** Record Length of the structure carrying `count` entries. */
export function entryListLength(list: EntryList<unknown>, count: number): number {
  return list.fixedSize + list.entrySize * count;
}

/** How many whole entries a record of `byteLength` bytes has room for. */
export function entriesThatFit(list: EntryList<unknown>, byteLength: number): number {
  return Math.floor((byteLength - list.fixedSize) / list.entrySize);
}

/**
 * Reads entries 0 … count−1 of the structure at `offset`, then the record's bytes past them (Record
 * Length too long) as one opaque "Extra bytes" field, or null when there are none.
 */
export function readEntryList<V>(
  list: EntryList<V>,
  count: number,
  table: Uint8Array,
  offset: number,
  byteLength: number,
  findings: CedtFinding[],
  label: string,
): { entries: CedtField<V>[]; extra: CedtField<null> | null } {
  const entries: CedtField<V>[] = [];
  for (let i = 0; i < count; i++)
    entries.push(readField(entryField(list, i), table, offset, findings, label));
  const extra = readExtraBytes(table, offset, entryListLength(list, count), byteLength, findings, label);
  return { entries, extra };
}
