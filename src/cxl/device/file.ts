/**
 * The `cxl-lab/1` file's `"device"` entry on a Type 3 device: its device-side properties and, when
 * commands changed anything, its saved state.
 *
 * ```
 * "device": { "partitionAlign": "256M", "volatileOnly": 0, "persistentOnly": 0, "lsaSize": "128K",
 *             "poisonMaxRecords": 256, "injectPoisonLimit": 0,
 *             "state": { "lsa": [ { "offset": "0x0", "data": "<base64 of ≤ 2 KiB>" } ],
 *                        "poison": [ { "dpa": "0x1000", "length": 64, "source": 3 } ],
 *                        "events": [ { "log": 2, "handle": 1, "record": "<base64 of 128 bytes>" } ],
 *                        "nextEventHandle": 2, "timestamp": "1700000000000000000", "nextVolatile": "1G" } }
 * ```
 * Every key is optional; a file without `device` loads as before and is written back unchanged.
 * Value rules (alignment, ranges) are `props.ts`'s, checked by topology validation.
 */
import { decodeBase64 } from '../base64.ts';
import { LIMIT_EVENT_RECORDS, LIMIT_LSA_CHUNKS } from '../limits.ts';
import { EVENT_RECORD_SIZE } from '../spec/mailbox-payloads.ts';
import type {
  DeviceSavedState,
  DeviceSpec,
  EventRecordSpec,
  PoisonRecordSpec,
  Type3Spec,
} from '../topology/model.ts';
import { hex } from '../units.ts';
import { MAX_POISON_RECORDS } from './props.ts';
import { LSA_SAVE_CHUNK } from './state.ts';

export const DEVICE_KEY = 'device';
/** Saved LSA chunks a file may hold (limit `lsa-chunks`, docs/limits.md). */
export const MAX_LSA_CHUNKS = LIMIT_LSA_CHUNKS.value;
const MAX_EVENTS = LIMIT_EVENT_RECORDS.value;

/** The subset of file.ts's reader these fields use. */
export interface DeviceFieldReader {
  fail(code: string, path: string, message: string): void;
  object(
    v: unknown,
    path: string,
    keys: readonly string[],
    required: readonly string[],
  ): Record<string, unknown> | null;
  array(v: unknown, path: string, max: number): unknown[] | null;
  string(v: unknown, path: string): string | null;
  integer(v: unknown, path: string, min: number, max: number): number | null;
  size(v: unknown, path: string): number | null;
}

const PROPS = [
  'partitionAlign',
  'volatileOnly',
  'persistentOnly',
  'lsaSize',
  'poisonMaxRecords',
  'injectPoisonLimit',
] as const;

function bytesOf(r: DeviceFieldReader, v: unknown, path: string, max: number): Uint8Array | null {
  const text = r.string(v, path);
  if (text === null) return null;
  const b = decodeBase64(text);
  if (!b.ok) {
    r.fail('file.base64', path, b.error.message);
    return null;
  }
  if (b.value.length > max) {
    r.fail('file.too-long', path, `${b.value.length} bytes (at most ${max})`);
    return null;
  }
  return b.value;
}

function readPoison(r: DeviceFieldReader, v: unknown, path: string): PoisonRecordSpec[] {
  return (r.array(v, path, MAX_POISON_RECORDS) ?? []).flatMap((x, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(x, p, ['dpa', 'length', 'source'], ['dpa', 'length']);
    if (o === null) return [];
    const dpa = r.size(o.dpa, `${p}.dpa`);
    const length = r.size(o.length, `${p}.length`);
    const source = o.source === undefined ? 3 : r.integer(o.source, `${p}.source`, 0, 7);
    if (dpa === null || length === null || source === null) return [];
    if (dpa % 64 !== 0 || length % 64 !== 0 || length === 0) {
      r.fail(
        'file.poison',
        p,
        'dpa and length must be non-zero multiples of 64 bytes (CXL 2.0 §8.2.9.5.4.1)',
      );
      return [];
    }
    return [{ dpa, length, source }];
  });
}

function readEvents(r: DeviceFieldReader, v: unknown, path: string): EventRecordSpec[] {
  return (r.array(v, path, MAX_EVENTS) ?? []).flatMap((x, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(x, p, ['log', 'handle', 'record'], ['log', 'handle', 'record']);
    if (o === null) return [];
    const log = r.integer(o.log, `${p}.log`, 0, 3);
    const handle = r.integer(o.handle, `${p}.handle`, 1, 0xffff);
    const bytes = bytesOf(r, o.record, `${p}.record`, EVENT_RECORD_SIZE);
    if (log === null || handle === null || bytes === null) return [];
    return [{ log, handle, record: o.record as string }];
  });
}

function readState(r: DeviceFieldReader, v: unknown, path: string): DeviceSavedState | undefined {
  const keys = ['lsa', 'poison', 'events', 'nextEventHandle', 'timestamp', 'nextVolatile'];
  const o = r.object(v, path, keys, []);
  if (o === null) return undefined;
  const lsa = (o.lsa === undefined ? [] : (r.array(o.lsa, `${path}.lsa`, MAX_LSA_CHUNKS) ?? [])).flatMap(
    (x, i) => {
      const p = `${path}.lsa[${i}]`;
      const e = r.object(x, p, ['offset', 'data'], ['offset', 'data']);
      const offset = e === null ? null : r.size(e.offset, `${p}.offset`);
      const bytes = e === null ? null : bytesOf(r, e.data, `${p}.data`, LSA_SAVE_CHUNK);
      if (offset === null || bytes === null) return [];
      if (offset % LSA_SAVE_CHUNK !== 0) r.fail('file.lsa', `${p}.offset`, 'must be a multiple of 2 KiB');
      return [{ offset, data: e?.data as string }];
    },
  );
  const s: DeviceSavedState = {
    lsa,
    poison: o.poison === undefined ? [] : readPoison(r, o.poison, `${path}.poison`),
    events: o.events === undefined ? [] : readEvents(r, o.events, `${path}.events`),
    nextEventHandle:
      o.nextEventHandle === undefined
        ? 1
        : (r.integer(o.nextEventHandle, `${path}.nextEventHandle`, 1, 0xffff) ?? 1),
  };
  if (o.timestamp !== undefined) {
    const t = r.string(o.timestamp, `${path}.timestamp`);
    if (t !== null && /^[0-9]{1,20}$/.test(t) && BigInt(t) < 2n ** 64n) s.timestamp = t;
    else if (t !== null)
      r.fail('file.timestamp', `${path}.timestamp`, 'expected decimal nanoseconds below 2^64');
  }
  if (o.nextVolatile !== undefined) {
    const n = r.size(o.nextVolatile, `${path}.nextVolatile`);
    if (n !== null) s.nextVolatile = n;
  }
  return s;
}

/** `{ device }` when the component has a well-formed `device` entry (value rules are validation's). */
export function readDevice(
  r: DeviceFieldReader,
  o: Record<string, unknown>,
  path: string,
): { device?: DeviceSpec } {
  if (o.device === undefined) return {};
  const p = `${path}.device`;
  const d = r.object(o.device, p, [...PROPS, 'state'], []);
  if (d === null) return {};
  const device: DeviceSpec = {};
  for (const k of PROPS) {
    if (d[k] === undefined) continue;
    const v = r.size(d[k], `${p}.${k}`);
    if (v !== null) device[k] = v;
  }
  if (d.state !== undefined) {
    const s = readState(r, d.state, `${p}.state`);
    if (s !== undefined) device.state = s;
  }
  return { device };
}

function stateJson(s: DeviceSavedState): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (s.lsa.length > 0) o.lsa = s.lsa.map((e) => ({ offset: hex(e.offset), data: e.data }));
  if (s.poison.length > 0)
    o.poison = s.poison.map((p) => ({ dpa: hex(p.dpa), length: p.length, source: p.source }));
  if (s.events.length > 0)
    o.events = s.events.map((e) => ({ log: e.log, handle: e.handle, record: e.record }));
  if (s.nextEventHandle !== 1) o.nextEventHandle = s.nextEventHandle;
  if (s.timestamp !== undefined) o.timestamp = s.timestamp;
  if (s.nextVolatile !== undefined) o.nextVolatile = hex(s.nextVolatile);
  return o;
}

/** JSON fields written for a Type 3 device with a `device` entry (none without, so old files round-trip). */
export function deviceJson(dev: Pick<Type3Spec, 'device'>): Record<string, Record<string, unknown>> {
  if (dev.device === undefined) return {};
  const o: Record<string, unknown> = {};
  for (const k of PROPS) {
    const v = dev.device[k];
    if (v !== undefined) o[k] = k === 'poisonMaxRecords' || k === 'injectPoisonLimit' ? v : hex(v);
  }
  if (dev.device.state !== undefined) o.state = stateJson(dev.device.state);
  return { [DEVICE_KEY]: o };
}
