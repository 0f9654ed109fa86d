/**
 * The CEDT panel's view of a decoded table (from the worker): its structures as a tree, every
 * field with its byte range, and which field covers a byte. Pure; each subtable's
 * field list comes from the worker (the core's `subtableFieldList`).
 */
import type { CedtField, CedtTable, CedtView } from '../../worker/inspect-types.ts';

type Subtable = CedtTable['subtables'][number];

export interface CedtNode {
  /** Stable key: `header`, `cfmws0`, `unparsed`. */
  key: string;
  title: string;
  /** "@0x44 · 40 bytes". */
  where: string;
  offset: number;
  length: number;
  fields: CedtField[];
}

const TITLES: Record<Subtable['kind'], string> = {
  chbs: 'CHBS · Host Bridge',
  cfmws: 'CFMWS · Fixed Memory Window',
  cxims: 'CXIMS · XOR Interleave Math',
  rdpas: 'RDPAS · RCEC Downstream Port Association',
  unknown: 'Subtable (not decoded)',
};

function where(offset: number, length: number): string {
  return `@0x${offset.toString(16).padStart(4, '0')} · ${length} bytes`;
}

/** The table as a tree: header, each subtable, then bytes nothing decoded. */
export function cedtTree({ table, subtableFields }: CedtView): CedtNode[] {
  const out: CedtNode[] = [];
  if (table.header !== null) {
    const fields = (Object.values(table.header) as CedtField[]).sort((a, b) => a.offset - b.offset);
    out.push({
      key: 'header',
      title: 'ACPI table header',
      where: where(0, 36),
      offset: 0,
      length: 36,
      fields,
    });
  }
  for (const [i, s] of table.subtables.entries()) {
    const title = s.kind === 'unknown' ? `${TITLES.unknown}, type ${s.typeCode}` : TITLES[s.kind];
    out.push({
      key: s.label,
      title: `${title} [${s.label}]`,
      where: where(s.offset, s.byteLength),
      offset: s.offset,
      length: s.byteLength,
      fields: [...(subtableFields[i] ?? [])].sort((a, b) => a.offset - b.offset),
    });
  }
  if (table.unparsed.length > 0) {
    const first = table.unparsed[0];
    out.push({
      key: 'unparsed',
      title: 'Not decoded',
      where: first === undefined ? '' : where(first.offset, first.length),
      offset: first?.offset ?? 0,
      length: table.unparsed.reduce((n, f) => n + f.length, 0),
      fields: [...table.unparsed],
    });
  }
  return out;
}

/** Every field's id: `<node key>:<offset>` (offsets are unique within a table). */
export function fieldId(node: CedtNode, field: CedtField): string {
  return `${node.key}:${field.offset}`;
}

/** For each byte offset, the field covering it and its node (null where nothing does). */
export function byteOwners(
  tree: readonly CedtNode[],
  byteLength: number,
): ({ node: number; field: CedtField } | null)[] {
  const out: ({ node: number; field: CedtField } | null)[] = new Array(byteLength).fill(null);
  tree.forEach((node, n) => {
    for (const f of node.fields) {
      for (let i = f.offset; i < f.offset + f.length && i < byteLength; i++) out[i] = { node: n, field: f };
    }
  });
  return out;
}
