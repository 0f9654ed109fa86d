/**
 * Forgiving CEDT import: every usable subtable becomes part of the topology, and each unusable one is
 * one finding naming its byte offset and reason, as Linux never fails the whole CEDT for one window
 * (drivers/cxl/acpi.c cxl_parse_cfmws: "never fail cxl_acpi load for a single window failure").
 * Only a table that is not a whole CEDT (no header, wrong signature, cut off) is refused.
 */
import { checkImported } from '../accept.ts';
import { joinNotes } from '../limits.ts';
import type { CxlError, Result } from '../result.ts';
import type { TopologySpec } from '../topology/model.ts';
import { hex } from '../units.ts';
import type { CedtSubtable, CedtTable } from './cedt.ts';
import { SPEC_CEDT } from './decoders.ts';
import type { CedtFinding } from './field.ts';
import { topologyFromCedt } from './import.ts';

/** What a forgiving import gives: the topology and one finding per part of the table left out. */
export interface CedtImport {
  spec: TopologySpec;
  /** Subtables (and unwalkable bytes) not imported, with offsets and reasons; then table warnings. */
  findings: CedtFinding[];
}

const SPEC_LINUX_CFMWS =
  'linux drivers/cxl/acpi.c cxl_parse_cfmws (one window failing never fails the table)';

/** Table-level errors after which nothing in the table can be trusted. */
const FATAL_CODES: ReadonlySet<string> = new Set([
  'cedt.truncated-header',
  'cedt.signature',
  'cedt.length-too-small',
  'cedt.truncated',
]);

/** Bound on the skip-and-retry rounds (each round drops at least one window). */
const MAX_ROUNDS = 4;

/** Imports every usable subtable of a decoded CEDT; refuses only a table that is not a whole CEDT. */
export function importCedt(table: CedtTable): Result<CedtImport, CxlError[]> {
  const fatal = table.findings.filter((f) => f.severity === 'error' && FATAL_CODES.has(f.code));
  if (table.header === null || fatal.length > 0) {
    const error: CxlError[] = fatal.length > 0 ? fatal : [];
    if (table.header === null) {
      error.push({
        code: 'import.no-header',
        message: 'the table has no ACPI header',
        field: 'header',
        offset: 0,
        spec: SPEC_CEDT,
      });
    }
    return { ok: false, error };
  }
  const { reasons, loose } = attributeErrors(table);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const usable = table.subtables.filter((s) => !reasons.has(s));
    const imported = topologyFromCedt({ ...table, subtables: usable, findings: [] });
    if (imported.ok) {
      const value = withFindings(imported.value, table, reasons, loose);
      // The one acceptance rule (issue 13): the import must load as a lab file (64 windows, no overlaps…).
      const accepted = checkImported(value.spec, 'the CEDT');
      return accepted.ok ? { ok: true, value } : accepted;
    }
    // Windows whose targets have no usable host bridge (or that are not decodable): skip them too.
    let dropped = false;
    for (const e of imported.error) {
      const s = usable.find((x) => x.kind === 'cfmws' && `cfmw${x.index}` === e.component);
      if (s === undefined) return { ok: false, error: imported.error };
      addReason(reasons, s, e.message.replace(/^[^:]*: /, ''));
      dropped = true;
    }
    if (!dropped) return { ok: false, error: imported.error };
  }
  return {
    ok: false,
    error: [
      { code: 'import.rounds', message: `CEDT import did not settle in ${MAX_ROUNDS} rounds`, field: 'cedt' },
    ],
  };
}

function addReason(reasons: Map<CedtSubtable, string[]>, s: CedtSubtable, reason: string): void {
  const list = reasons.get(s) ?? [];
  if (!list.includes(reason)) list.push(reason);
  reasons.set(s, list);
}

/** Each error finding goes to the subtable whose bytes contain its offset; the rest stay loose. */
function attributeErrors(table: CedtTable): {
  reasons: Map<CedtSubtable, string[]>;
  loose: CedtFinding[];
} {
  const reasons = new Map<CedtSubtable, string[]>();
  const loose: CedtFinding[] = [];
  for (const f of table.findings) {
    if (f.severity !== 'error') continue;
    const s = table.subtables.find((x) => f.offset >= x.offset && f.offset < x.offset + x.byteLength);
    if (s === undefined) loose.push(f);
    else addReason(reasons, s, `${f.code}: ${f.message}`);
  }
  return { reasons, loose };
}

/** The topology with its notes extended, and the findings: skipped subtables, loose errors, warnings. */
function withFindings(
  spec: TopologySpec,
  table: CedtTable,
  reasons: ReadonlyMap<CedtSubtable, string[]>,
  loose: readonly CedtFinding[],
): CedtImport {
  const findings: CedtFinding[] = [];
  for (const s of table.subtables) {
    const why = reasons.get(s);
    if (why === undefined) continue;
    const linux = s.kind === 'cfmws' ? '; Linux likewise skips this window and loads the others' : '';
    findings.push({
      severity: 'warning',
      code: 'import.subtable-skipped',
      message: `${s.label} at offset ${hex(s.offset)} (${s.byteLength} bytes) not imported: ${why.join('; ')}${linux}`,
      component: 'cedt',
      offset: s.offset,
      length: s.byteLength,
      spec: s.kind === 'cfmws' ? SPEC_LINUX_CFMWS : SPEC_CEDT,
    });
  }
  for (const f of loose) {
    findings.push({ ...f, severity: 'warning', message: `${f.message} (not imported)` });
  }
  // The lab's notes keep what was left out; table warnings stay findings only.
  // Bounded to the lab file's string limit (issue 13): whole lines, then "… and N more notes".
  const notes = joinNotes(
    [...(spec.notes?.split('\n') ?? []), ...findings.map((f) => f.message)].filter((l) => l !== ''),
  );
  for (const f of table.findings) if (f.severity === 'warning') findings.push(f);
  return { spec: notes === '' ? spec : { ...spec, notes }, findings };
}
