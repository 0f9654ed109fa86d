/**
 * `--in-json` for the FM API commands: named fields (numbers or "0x…" strings, checked and
 * range-limited) → the request payload, through the encoders of `spec/fm-*.ts`. Every failure says
 * which field and why.
 */
import { asObject, hexField, intField, type JsonObject } from '../device/commands/json-input.ts';
import { err, ok, type Result } from '../result.ts';
import * as F from '../spec/fm-api.ts';
import * as M from '../spec/fm-mld-payloads.ts';
import * as P from '../spec/fm-payloads.ts';
import { parseSize } from '../units.ts';

/** A list of one-byte IDs under `key` (at most 255, each 0–255). */
function idList(o: JsonObject, key: string): Result<number[]> {
  const v = o[key];
  if (v === undefined)
    return err('mbox.in-json', `--in-json: "${key}" is required (a list of IDs)`, { field: key });
  if (!Array.isArray(v) || v.length > 255)
    return err('mbox.in-json', `--in-json: "${key}" must be a list of at most 255 IDs`, { field: key });
  const out: number[] = [];
  for (const [i, x] of v.entries()) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255)
      return err('mbox.in-json', `--in-json: "${key}"[${i}] must be an integer 0–255`, {
        field: `${key}[${i}]`,
      });
    out.push(x);
  }
  return ok(out);
}

/** Reads the named integer fields, each with its maximum and default (undefined = required). */
function ints(
  o: JsonObject,
  spec: Record<string, [max: number, fallback?: number]>,
): Result<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, [max, fallback]] of Object.entries(spec)) {
    const r = intField(o, key, max, fallback);
    if (!r.ok) return r;
    out[key] = r.value;
  }
  return ok(out);
}

export function portStateJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'get-physical-port-state', ['ports']);
  if (!o.ok) return o;
  const ports = idList(o.value, 'ports');
  return ports.ok ? ok(P.encodeIdList(ports.value)) : ports;
}

export function vcsInfoJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'get-virtual-switch-info', ['vcs', 'start', 'limit']);
  if (!o.ok) return o;
  const ids = idList(o.value, 'vcs');
  if (!ids.ok) return ids;
  const n = ints(o.value, { start: [255, 0], limit: [255, 255] });
  if (!n.ok) return n;
  return ok(
    P.encodeVcsInfoRequest({
      startVppb: n.value.start ?? 0,
      vppbListLimit: n.value.limit ?? 0,
      vcsIds: ids.value,
    }),
  );
}

export function bindJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'bind-vppb', ['vcs', 'vppb', 'port', 'ld']);
  if (!o.ok) return o;
  const n = ints(o.value, { vcs: [255], vppb: [255], port: [255], ld: [0xffff, F.LD_ID_NONE] });
  if (!n.ok) return n;
  const v = n.value;
  return ok(
    P.encodeBindVppb({ vcsId: v.vcs ?? 0, vppbId: v.vppb ?? 0, portId: v.port ?? 0, ldId: v.ld ?? 0 }),
  );
}

export function unbindJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'unbind-vppb', ['vcs', 'vppb', 'option']);
  if (!o.ok) return o;
  const n = ints(o.value, { vcs: [255], vppb: [255], option: [15, 0] });
  if (!n.ok) return n;
  return ok(
    P.encodeUnbindVppb({ vcsId: n.value.vcs ?? 0, vppbId: n.value.vppb ?? 0, option: n.value.option ?? 0 }),
  );
}

export function getAllocJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'get-ld-allocations', ['start', 'limit']);
  if (!o.ok) return o;
  const n = ints(o.value, { start: [255, 0], limit: [255, F.MAX_LDS] });
  if (!n.ok) return n;
  return ok(M.encodeLdAllocRequest({ startLdId: n.value.start ?? 0, listLimit: n.value.limit ?? 0 }));
}

/** One multiplier: a non-negative integer (number or "0x…"/decimal string) below 2^53. */
function multiplier(v: unknown, where: string): Result<bigint> {
  if (typeof v !== 'number' && typeof v !== 'string')
    return err('mbox.in-json', `--in-json: ${where} must be a number or a "0x…" string`, { field: where });
  const r = parseSize(v, `--in-json ${where}`);
  return r.ok ? ok(BigInt(r.value)) : r;
}

/** `{"start":0,"allocations":[[r1, r2], …]}`: Range 1 and Range 2 multipliers of the granularity. */
export function setAllocJson(json: unknown): Result<Uint8Array> {
  const o = asObject(json, 'set-ld-allocations', ['start', 'allocations']);
  if (!o.ok) return o;
  const start = intField(o.value, 'start', 255, 0);
  if (!start.ok) return start;
  const a = o.value.allocations;
  if (!Array.isArray(a) || a.length > 255)
    return err(
      'mbox.in-json',
      '--in-json: "allocations" must be a list of [range1, range2] multiplier pairs',
      {
        field: 'allocations',
      },
    );
  const list: M.LdAllocation[] = [];
  for (const [i, pair] of a.entries()) {
    if (!Array.isArray(pair) || pair.length !== 2)
      return err('mbox.in-json', `--in-json: "allocations"[${i}] must be [range1, range2]`, {
        field: `allocations[${i}]`,
      });
    const r1 = multiplier(pair[0], `"allocations"[${i}][0]`);
    if (!r1.ok) return r1;
    const r2 = multiplier(pair[1], `"allocations"[${i}][1]`);
    if (!r2.ok) return r2;
    list.push({ range1: r1.value, range2: r2.value });
  }
  return ok(M.encodeSetLdAllocations({ startLdId: start.value, list }));
}

/** `{"port":2,"opcode":"0x5400","payload":"…hex…","tag":0}`: a request tunnelled to an MLD port. */
export function tunnelJson(
  json: unknown,
  wrap: (port: number, opcode: number, payload: Uint8Array, tag: number) => Uint8Array,
): Result<Uint8Array> {
  const o = asObject(json, 'tunnel-management', ['port', 'opcode', 'payload', 'tag']);
  if (!o.ok) return o;
  const n = ints(o.value, { port: [255], opcode: [0xffff], tag: [255, 0] });
  if (!n.ok) return n;
  const payload = hexField(o.value, 'payload', M.CCI_MAX_PAYLOAD);
  if (!payload.ok) return payload;
  return ok(wrap(n.value.port ?? 0, n.value.opcode ?? 0, payload.value, n.value.tag ?? 0));
}
