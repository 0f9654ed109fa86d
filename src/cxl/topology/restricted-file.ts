/**
 * The `cxl-lab/1` file fields of CXL 1.1 hosts and devices: `"restricted": true` on a host bridge and
 * `"dvsec": { "memEnable", "ranges": [{ "base", "size" }] }` on a restricted device (rules: restricted.ts).
 */
import { DVSEC_MAX_RANGES } from '../spec/dvsec-range.ts';
import { hex } from '../units.ts';
import type { DvsecRangeSpec, DvsecSpec, HostBridgeSpec, Type3Spec } from './model.ts';

/** The subset of the file reader these fields use (file.ts's reader satisfies it). */
export interface RestrictedFieldReader {
  fail(code: string, path: string, message: string): void;
  object(
    v: never,
    path: string,
    keys: readonly string[],
    required: readonly string[],
  ): Record<string, unknown> | null;
  array(v: never, path: string, max: number): unknown[] | null;
  boolean(v: never, path: string): boolean | null;
  address(v: never, path: string): number | null;
  size(v: never, path: string): number | null;
}

/** Host-bridge key. */
export const RESTRICTED_HB_KEY = 'restricted';
/** Type 3 key. */
export const DVSEC_KEY = 'dvsec';

/** `{ restricted: true }` when the object says so (false/absent: nothing); bad values are reported. */
export function readRestricted(
  r: RestrictedFieldReader,
  o: Record<string, unknown>,
  path: string,
): { restricted?: true } {
  if (o.restricted === undefined) return {};
  return r.boolean(o.restricted as never, `${path}.restricted`) === true ? { restricted: true } : {};
}

/** `{ dvsec }` when present and well-formed as JSON (value rules are validation's). */
export function readDvsec(
  r: RestrictedFieldReader,
  o: Record<string, unknown>,
  path: string,
): { dvsec?: DvsecSpec } {
  if (o.dvsec === undefined) return {};
  const p = `${path}.dvsec`;
  const d = r.object(o.dvsec as never, p, ['memEnable', 'ranges'], ['ranges']);
  if (d === null) return {};
  const memEnable =
    d.memEnable === undefined ? true : (r.boolean(d.memEnable as never, `${p}.memEnable`) ?? true);
  const list = r.array(d.ranges as never, `${p}.ranges`, DVSEC_MAX_RANGES) ?? [];
  const ranges: DvsecRangeSpec[] = [];
  list.forEach((v, i) => {
    const rp = `${p}.ranges[${i}]`;
    const range = r.object(v as never, rp, ['base', 'size'], ['base', 'size']);
    if (range === null) return;
    const base = r.address(range.base as never, `${rp}.base`);
    const size = r.size(range.size as never, `${rp}.size`);
    if (base !== null && size !== null) ranges.push({ base, size });
  });
  return { dvsec: { memEnable, ranges } };
}

/** JSON fields written for a host bridge (only when restricted, so CXL 2.0 files stay unchanged). */
export function restrictedJson(hb: HostBridgeSpec): Record<string, boolean> {
  return hb.restricted === true ? { restricted: true } : {};
}

/** JSON fields written for a Type 3 device with DVSEC ranges. */
export function dvsecJson(
  dev: Type3Spec,
): Record<string, { memEnable: boolean; ranges: { base: string; size: string }[] }> {
  if (dev.dvsec === undefined) return {};
  return {
    dvsec: {
      memEnable: dev.dvsec.memEnable,
      ranges: dev.dvsec.ranges.map((x) => ({ base: hex(x.base), size: hex(x.size) })),
    },
  };
}
