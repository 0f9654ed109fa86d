/**
 * A readable listing of a decoded CEDT: one line per field with its offset, length, name, raw value and
 * decoded value, grouped by structure, then the findings. Lines carrying a finding are marked `!`.
 * (In the spirit of `iasl -d` output, in the lab's own layout.)
 */
import { capFindings, LIMIT_FINDINGS, limitText } from '../limits.ts';
import type { CedtSubtable, CedtTable } from './cedt.ts';
import { cedtFieldList, subtableFieldList } from './cedt.ts';
import type { CedtField, CedtFinding } from './field.ts';
import { ACPI_HEADER_SIZE } from './header.ts';

const TITLES: Readonly<Record<CedtSubtable['kind'], string>> = {
  chbs: 'CHBS  CXL Host Bridge Structure',
  cfmws: 'CFMWS CXL Fixed Memory Window Structure',
  cxims: 'CXIMS CXL XOR Interleave Math Structure',
  rdpas: 'RDPAS RCEC Downstream Port Association Structure',
  unknown: 'Subtable (not decoded)',
};

/** Longest raw value shown in full; longer byte runs are cut with an ellipsis. */
const RAW_WIDTH = 23;

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/**
 * Which byte ranges carry a finding, as sorted, merged intervals: marking a field is then a binary
 * search instead of a scan of every finding (fields × findings was quadratic on hostile tables).
 */
function findingRanges(findings: readonly CedtFinding[]): [start: number, end: number][] {
  const sorted = findings
    .map((x): [number, number] => [x.offset, x.offset + Math.max(x.length, 1)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** True when some range in `ranges` (sorted, disjoint) overlaps the field. */
function marked(f: CedtField, ranges: readonly [number, number][]): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[mid]?.[1] ?? 0) <= f.offset) lo = mid + 1;
    else hi = mid;
  }
  const r = ranges[lo];
  return r !== undefined && r[0] < f.offset + f.length;
}

function fieldLine(f: CedtField, ranges: readonly [number, number][]): string {
  const mark = marked(f, ranges) ? '!' : ' ';
  const raw = f.raw.length > RAW_WIDTH ? `${f.raw.slice(0, RAW_WIDTH - 1)}…` : f.raw;
  return `${mark} ${hex4(f.offset)} ${String(f.length).padStart(4)}  ${f.name.padEnd(24)} ${raw.padEnd(RAW_WIDTH)}  ${f.text}`;
}

function heading(s: CedtSubtable): string {
  const title = s.kind === 'unknown' ? `${TITLES.unknown}, type ${s.typeCode}` : TITLES[s.kind];
  return `${title}  [${s.label}]  @${hex4(s.offset)}, ${s.byteLength} bytes`;
}

/** The listing, one string with a trailing newline. */
export function cedtListing(table: CedtTable): string {
  const lines: string[] = [];
  const ranges = findingRanges(table.findings);
  const errors = table.findings.filter((f) => f.severity === 'error').length;
  const warnings = table.findings.length - errors;
  lines.push(
    `CEDT: ${table.byteLength} bytes, ${table.subtables.length} subtable${table.subtables.length === 1 ? '' : 's'}, ` +
      `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
  );
  lines.push('');
  lines.push(`  offset  len  ${'field'.padEnd(24)} ${'raw'.padEnd(RAW_WIDTH)}  value`);
  if (table.header !== null) {
    lines.push('');
    lines.push(`ACPI table header  @0x0000, ${ACPI_HEADER_SIZE} bytes`);
    for (const f of Object.values(table.header)) lines.push(fieldLine(f, ranges));
  }
  for (const s of table.subtables) {
    lines.push('');
    lines.push(heading(s));
    for (const f of subtableFieldList(s)) lines.push(fieldLine(f, ranges));
  }
  if (table.unparsed.length > 0) {
    lines.push('');
    lines.push('Not decoded');
    for (const f of table.unparsed) lines.push(fieldLine(f, ranges));
  }
  if (table.findings.length > 0) {
    lines.push('');
    lines.push('Findings');
    const shown = capFindings(
      table.findings.map((f) => `  ${f.severity.padEnd(7)} ${hex4(f.offset)}  ${f.code}: ${f.message}`),
      (rest) => `  … and ${rest} more (${limitText(LIMIT_FINDINGS)})`,
    );
    lines.push(...shown);
  }
  return `${lines.join('\n')}\n`;
}

/** The field (if any) covering byte `offset`: for a UI that maps a clicked byte to its field. */
export function cedtFieldAt(table: CedtTable, offset: number): CedtField | null {
  return cedtFieldList(table).find((f) => offset >= f.offset && offset < f.offset + f.length) ?? null;
}
