/**
 * Reading a command's `--in-json` object: named integer fields (numbers, or "0x…" / decimal / "256M"
 * strings), booleans and hex byte strings, each checked and range-limited, every failure a located
 * error saying which field and why.
 */
import { err, ok, type Result } from '../../result.ts';
import { parseSize } from '../../units.ts';

export type JsonObject = Record<string, unknown>;

export function asObject(json: unknown, command: string, keys: readonly string[]): Result<JsonObject> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return err('mbox.in-json', `${command}: --in-json must be a JSON object with ${keys.join(', ')}`);
  }
  const o = json as JsonObject;
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) {
      return err('mbox.in-json', `${command}: --in-json key "${k}" is not one of ${keys.join(', ')}`, {
        field: k,
      });
    }
  }
  return ok(o);
}

/** An integer field in [0, max]; `fallback` when absent (undefined fallback = required). */
export function intField(o: JsonObject, key: string, max: number, fallback?: number): Result<number> {
  const v = o[key];
  if (v === undefined) {
    if (fallback !== undefined) return ok(fallback);
    return err('mbox.in-json', `--in-json: "${key}" is required`, { field: key });
  }
  if (typeof v !== 'number' && typeof v !== 'string') {
    return err('mbox.in-json', `--in-json: "${key}" must be a number or a "0x…" string`, { field: key });
  }
  const r = parseSize(v, `--in-json "${key}"`);
  if (!r.ok) return r;
  if (r.value > max)
    return err('mbox.in-json', `--in-json: "${key}" ${r.value} exceeds ${max}`, { field: key });
  return r;
}

export function boolField(o: JsonObject, key: string): Result<boolean> {
  const v = o[key];
  if (v === undefined) return ok(false);
  if (typeof v !== 'boolean')
    return err('mbox.in-json', `--in-json: "${key}" must be true or false`, { field: key });
  return ok(v);
}

/** Hex text ("0a0b…", spaces and a 0x prefix allowed) → bytes, at most `max` bytes. */
export function parseHexBytes(text: string, what: string, max: number): Result<Uint8Array> {
  const clean = text.replace(/^0x/i, '').replace(/[\s:_-]/g, '');
  if (clean.length > 2 * max) return err('mbox.hex', `${what}: more than ${max} bytes`);
  if (clean.length % 2 !== 0) return err('mbox.hex', `${what}: odd number of hex digits (${clean.length})`);
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad !== null)
    return err('mbox.hex', `${what}: "${bad[0]}" at digit ${bad.index + 1} is not a hex digit`, {
      offset: bad.index,
    });
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return ok(out);
}

export function hexField(o: JsonObject, key: string, max: number): Result<Uint8Array> {
  const v = o[key];
  if (v === undefined) return ok(new Uint8Array(0));
  if (typeof v !== 'string')
    return err('mbox.in-json', `--in-json: "${key}" must be a hex string`, { field: key });
  return parseHexBytes(v, `--in-json "${key}"`, max);
}
