import { describe, expect, it } from 'vitest';
import { cfmwsLength, cfmwsTargetField } from '../../src/cxl/acpi/cfmws.ts';
import { cximsLength, cximsXormapField } from '../../src/cxl/acpi/cxims.ts';
import { decodeUint } from '../../src/cxl/acpi/decoders.ts';
import {
  type EntryList,
  entriesThatFit,
  entryField,
  entryListLength,
  readEntryList,
} from '../../src/cxl/acpi/entry-list.ts';
import type { CedtFinding } from '../../src/cxl/acpi/field.ts';

const LIST: EntryList<number> = {
  fixedSize: 8,
  entrySize: 4,
  keyPrefix: 'entry',
  name: (i) => `Entry ${i}`,
  decode: decodeUint,
};

describe('CEDT entry lists', () => {
  it('places entry i at fixed + size·i', () => {
    expect(entryField(LIST, 2)).toMatchObject({ key: 'entry2', name: 'Entry 2', offset: 16, length: 4 });
    expect(entryListLength(LIST, 3)).toBe(20);
    expect(entriesThatFit(LIST, 8)).toBe(0);
    expect(entriesThatFit(LIST, 19)).toBe(2);
  });

  it('CFMWS targets and CXIMS XORMAPs keep their spec layout (§9.18.1.3, §9.18.1.4)', () => {
    expect(cfmwsTargetField(3)).toMatchObject({ key: 'target3', name: 'Target 3 (HB UID)', offset: 48 });
    expect(cfmwsLength(4)).toBe(36 + 4 * 4);
    expect(cximsXormapField(1)).toMatchObject({ key: 'xormap1', name: 'XORMAP 1', offset: 16, length: 8 });
    expect(cximsLength(2)).toBe(8 + 8 * 2);
  });

  it('reads the entries, then the bytes past them as one extra field', () => {
    // A structure at offset 4 of the table: 8 fixed bytes, entries 0x11 and 0x22, 3 extra bytes.
    const table = Uint8Array.of(0, 0, 0, 0, ...new Array(8).fill(0), 0x11, 0, 0, 0, 0x22, 0, 0, 0, 7, 8, 9);
    const findings: CedtFinding[] = [];
    const { entries, extra } = readEntryList(LIST, 2, table, 4, 19, findings, 'thing0');
    expect(entries.map((e) => [e.key, e.offset, e.value])).toEqual([
      ['entry0', 12, 0x11],
      ['entry1', 16, 0x22],
    ]);
    expect(extra).toMatchObject({ offset: 20, length: 3 });
    const exact = readEntryList(LIST, 2, table, 4, 16, findings, 'thing0');
    expect(exact.extra).toBeNull();
  });
});
