/**
 * Reading one `cxl list` value: the JSON types, number and size fields (plain or `-u` human form,
 * ndctl util/json.c `util_json_object_size` / `util_json_object_hex`), and the import's findings list.
 */
import type { CxlError } from '../../result.ts';
import { HDM_ALIGNMENT } from '../../spec/hdm-constants.ts';
import { hex } from '../../units.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where the listing's keys are defined: every finding cites it. */
export const SPEC = 'ndctl cxl/json.c (cxl list JSON)';
/** Findings kept per import; one more line says how many were dropped. */
export const MAX_FINDINGS = 500;

export class Findings {
  readonly list: CxlError[] = [];
  private dropped = 0;
  add(code: string, message: string, component?: string): void {
    if (this.list.length >= MAX_FINDINGS) {
      this.dropped++;
      return;
    }
    const e: CxlError = { code, message, spec: SPEC };
    if (component !== undefined) e.component = component;
    this.list.push(e);
  }
  /** The list, with one closing "and N more" entry when the cap was reached. */
  done(): CxlError[] {
    if (this.dropped === 0) return this.list;
    return [
      ...this.list,
      { code: 'cxl-list.more', message: `and ${this.dropped} more findings`, spec: SPEC },
    ];
  }
}

export function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** An own property of a listed object (never one inherited from `Object.prototype`). */
export function field(o: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function str(v: Json | undefined): string | null {
  return typeof v === 'string' && v.length <= 256 ? v : null;
}

const UNIT_BYTES: ReadonlyMap<string, number> = new Map([
  ['B', 1],
  ['KiB', 2 ** 10],
  ['MiB', 2 ** 20],
  ['GiB', 2 ** 30],
  ['TiB', 2 ** 40],
  ['PiB', 2 ** 50],
]);

/** A listed number: JSON integer, `"0x…"`, decimal text, or `-u` size text (with its uncertainty). */
export function numberOf(v: Json | undefined): { value: number; uncertainty: number } | null {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && v >= 0 ? { value: v, uncertainty: 0 } : null;
  }
  if (typeof v !== 'string' || v.length > 64) return null;
  const t = v.trim();
  if (/^0x[0-9a-fA-F]{1,13}$/.test(t)) return { value: Number.parseInt(t.slice(2), 16), uncertainty: 0 };
  if (/^[0-9]{1,15}$/.test(t)) return { value: Number(t), uncertainty: 0 };
  const m = /^([0-9]{1,16}(?:\.[0-9]{1,8})?)\s*(B|KiB|MiB|GiB|TiB|PiB)\b/.exec(t);
  if (m === null) return null;
  const unit = UNIT_BYTES.get(m[2] ?? 'B') ?? 1;
  const decimals = (m[1] ?? '').split('.')[1]?.length ?? 0;
  const value = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(value)) return null;
  return { value, uncertainty: (unit * 0.5) / 10 ** decimals };
}

export function intOf(v: Json | undefined): number | null {
  const n = numberOf(v);
  return n === null || n.uncertainty > 0 ? null : n.value;
}

export function nameId(name: string, re: RegExp): number | null {
  const m = re.exec(name);
  if (m === null) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** A size field rounded to 256 MiB units when `-u` printed it approximately. */
export function sizeField(
  v: Json | undefined,
  what: string,
  findings: Findings,
  component?: string,
): number | null {
  const n = numberOf(v);
  if (n === null) return null;
  if (n.uncertainty === 0) return n.value;
  const rounded = Math.round(n.value / HDM_ALIGNMENT) * HDM_ALIGNMENT;
  if (n.uncertainty >= HDM_ALIGNMENT / 2) {
    findings.add(
      'cxl-list.imprecise',
      `${what}: "${String(v)}" is printed too coarsely to know the exact size; ${hex(rounded)} assumed (list without -u for exact values)`,
      component,
    );
  }
  return rounded;
}

export function roundUpCount(n: number, allowed: readonly number[]): number {
  return allowed.find((a) => a >= n) ?? allowed[allowed.length - 1] ?? n;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
