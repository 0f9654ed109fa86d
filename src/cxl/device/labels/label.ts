/**
 * One 256-byte label slot decoded by its type UUID: a Region Label (CXL 2.0 Table 211), a Namespace
 * Label (Table 212) or a label type the lab does not know (vendor-specific labels are allowed by
 * CXL 2.0 §9.13.2; their contents are not decoded). Checked as Linux checks a slot
 * (drivers/nvdimm/label.c slot_valid): the slot field names this slot, DPA and size are 4 KiB
 * aligned, and the Fletcher-64 checksum matches. Every failed check is named; nothing throws.
 */
import {
  NAMESPACE_LABEL,
  NAMESPACE_LABEL_UUID,
  REGION_LABEL,
  REGION_LABEL_UUID,
} from '../../spec/lsa-labels.ts';
import { formatBytes, hex } from '../../units.ts';
import { getU64, getUint, uuidText } from '../bytes.ts';
import type { PayloadField } from '../commands/types.ts';
import { fletcher64 } from './geometry.ts';

export type LabelKind = 'region' | 'namespace' | 'unknown';

export interface LabelView {
  slot: number;
  offset: number;
  size: number;
  kind: LabelKind;
  type: string;
  fields: PayloadField[];
  checksum: string;
  computed: string;
  valid: boolean;
  problems: string[];
}

type Layout = Record<string, { at: number; size: number }>;

const h64 = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;

function intField(b: Uint8Array, base: number, name: string, f: { at: number; size: number }): PayloadField {
  const v = f.size === 8 ? getU64(b, f.at) : BigInt(getUint(b, f.at, f.size));
  const out: PayloadField = { name, offset: base + f.at, size: f.size, value: `0x${v.toString(16)}` };
  if (name === 'DPA' || name === 'Raw Size' || name === 'HPA') out.meaning = formatBytes(Number(v));
  return out;
}

function uuidField(b: Uint8Array, base: number, name: string, f: { at: number }): PayloadField {
  return { name, offset: base + f.at, size: 16, value: uuidText(b, f.at) };
}

function regionFields(b: Uint8Array, base: number): PayloadField[] {
  const L = REGION_LABEL;
  const ig = getUint(b, L.ig.at, 4);
  const align = getUint(b, L.align.at, 4);
  return [
    uuidField(b, base, 'Type', L.type),
    uuidField(b, base, 'UUID', L.uuid),
    intField(b, base, 'Flags', L.flags),
    intField(b, base, 'NLabel', L.nlabel),
    intField(b, base, 'Position', L.position),
    intField(b, base, 'DPA', L.dpa),
    intField(b, base, 'Raw Size', L.rawsize),
    intField(b, base, 'HPA', L.hpa),
    intField(b, base, 'Slot', L.slot),
    {
      ...intField(b, base, 'Interleave Granularity', L.ig),
      meaning: ig < 24 ? `256 << ${ig} = ${formatBytes(256 * 2 ** ig)}` : 'out of range',
    },
    { ...intField(b, base, 'Alignment', L.align), meaning: `${align} × 256 MiB` },
    intField(b, base, 'Checksum', L.checksum),
  ];
}

function namespaceFields(b: Uint8Array, base: number): PayloadField[] {
  const L = NAMESPACE_LABEL;
  const nameBytes = b.subarray(L.name.at, L.name.at + L.name.size);
  const end = nameBytes.indexOf(0);
  const name = String.fromCharCode(
    ...[...nameBytes.subarray(0, end < 0 ? nameBytes.length : end)].map((c) =>
      c >= 0x20 && c < 0x7f ? c : 0x2e,
    ),
  );
  return [
    uuidField(b, base, 'Type', L.type),
    uuidField(b, base, 'UUID', L.uuid),
    { name: 'Name', offset: base + L.name.at, size: L.name.size, value: JSON.stringify(name) },
    intField(b, base, 'Flags', L.flags),
    intField(b, base, 'NRange', L.nrange),
    intField(b, base, 'Position', L.position),
    intField(b, base, 'DPA', L.dpa),
    intField(b, base, 'Raw Size', L.rawsize),
    intField(b, base, 'Slot', L.slot),
    { ...intField(b, base, 'Alignment', L.align), meaning: `${getUint(b, L.align.at, 4)} × 256 MiB` },
    uuidField(b, base, 'Region UUID', L.regionUuid),
    uuidField(b, base, 'Abstraction UUID', L.abstractionUuid),
    intField(b, base, 'LBA Size', L.lbaSize),
    intField(b, base, 'Checksum', L.checksum),
  ];
}

/** Decodes the label in `slot` (its bytes `b`, at LSA offset `offset`). */
export function decodeLabel(b: Uint8Array, slot: number, offset: number): LabelView {
  const type = uuidText(b, 0);
  const kind: LabelKind =
    type === REGION_LABEL_UUID ? 'region' : type === NAMESPACE_LABEL_UUID ? 'namespace' : 'unknown';
  const name = `slot ${slot} (${hex(offset)})`;
  const problems: string[] = [];
  if (kind === 'unknown')
    problems.push(
      `${name}: unknown label type ${type} (not a CXL 2.0 region or namespace label; vendor-specific labels are not decoded)`,
    );
  const L: Layout = kind === 'namespace' ? NAMESPACE_LABEL : REGION_LABEL;
  const stored = getU64(b, REGION_LABEL.checksum.at);
  const zeroed = b.slice(0, 256);
  zeroed.fill(0, REGION_LABEL.checksum.at, REGION_LABEL.checksum.at + 8);
  const computed = fletcher64(zeroed);
  if (kind !== 'unknown') {
    const slotField = getUint(b, (L.slot ?? REGION_LABEL.slot).at, 4);
    if (slotField !== slot)
      problems.push(`${name}: slot field says ${slotField}, but the label sits in slot ${slot}`);
    const dpa = Number(getU64(b, (L.dpa ?? REGION_LABEL.dpa).at));
    const raw = Number(getU64(b, (L.rawsize ?? REGION_LABEL.rawsize).at));
    if (dpa % 4096 !== 0 || raw % 4096 !== 0)
      problems.push(`${name}: DPA ${hex(dpa)} and raw size ${hex(raw)} must be multiples of 4 KiB`);
    if (stored !== computed)
      problems.push(`${name}: checksum ${h64(stored)} but content gives ${h64(computed)}`);
  }
  const fields =
    kind === 'region'
      ? regionFields(b, offset)
      : kind === 'namespace'
        ? namespaceFields(b, offset)
        : [uuidField(b, offset, 'Type', REGION_LABEL.type)];
  return {
    slot,
    offset,
    size: b.length,
    kind,
    type,
    fields,
    checksum: h64(stored),
    computed: h64(computed),
    valid: problems.length === 0,
    problems,
  };
}
