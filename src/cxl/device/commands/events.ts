/**
 * Get Event Records (0100h) and Clear Event Records (0101h), CXL 2.0 §8.2.9.1.2–.3, over the four
 * event logs, and the General Media event record a poisoned read adds (CXL 2.0 §8.2.9.1.1.1).
 * A log keeps 8 records, then counts overflows (QEMU hw/cxl/cxl-events.c). Clearing a handle the
 * log does not hold is Invalid Handle as the spec says; QEMU (which demands the handles in queue
 * order) answers Invalid Input instead. Clear Event Records' length must match its handle count.
 */
import { ok } from '../../result.ts';
import { EFFECT, EVENT_LOGS, GENERAL_MEDIA_UUID, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { getUint, putU64, putUint, uuidBytes, uuidText } from '../bytes.ts';
import { EVENT_LOG_CAPACITY } from '../props.ts';
import type { DeviceState } from '../state.ts';
import { field } from './decode.ts';
import { asObject, boolField, intField } from './json-input.ts';
import { type CommandDef, outcome, type PayloadField } from './types.ts';

/** Appends a record to `log`: a new handle (never 0), or an overflow when the log is full. */
export function addEventRecord(dev: DeviceState, log: number, record: Uint8Array): void {
  const l = dev.logs[log];
  if (l === undefined) return;
  const now = dev.timestamp ?? 0n;
  if (l.records.length >= EVENT_LOG_CAPACITY) {
    if (l.overflowCount === 0) l.firstOverflow = now;
    l.overflowCount++;
    l.lastOverflow = now;
    return;
  }
  const handle = dev.nextEventHandle;
  dev.nextEventHandle = handle >= 0xffff ? 1 : handle + 1;
  const bytes = record.slice(0, L.EVENT_RECORD_SIZE);
  putUint(bytes, L.EVENT_RECORD.handle, 2, handle);
  putU64(bytes, L.EVENT_RECORD.timestamp, now);
  l.records.push({ handle, bytes });
}

/** Failure-log General Media record for a host read of poison at `dpa`: uncorrectable, host read. */
export function generalMediaPoisonRead(dpa: number, volatile: boolean): Uint8Array {
  const r = new Uint8Array(L.EVENT_RECORD_SIZE);
  r.set(uuidBytes(GENERAL_MEDIA_UUID), L.EVENT_RECORD.uuid);
  r[L.EVENT_RECORD.length] = L.EVENT_RECORD_SIZE;
  r[L.EVENT_RECORD.flags] = 2; // severity: Failure
  putUint(r, L.GENERAL_MEDIA.physicalAddress, 8, dpa - (dpa % 64) + (volatile ? 1 : 0));
  r[L.GENERAL_MEDIA.descriptor] = 0x1; // Uncorrectable Event
  r[L.GENERAL_MEDIA.type] = 0x0; // ECC Error
  r[L.GENERAL_MEDIA.transactionType] = 0x1; // Host Read
  return r;
}

export const getEventRecords: CommandDef = {
  opcode: OPCODE.getEventRecords,
  name: 'Get Event Records',
  cli: 'get-event-records',
  input: L.GET_EVENTS_IN_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.1.2',
  run({ dev, payloadSize }, input) {
    const l = dev.logs[input[0] ?? 0xff];
    if (l === undefined) return outcome(RC.invalidInput);
    const G = L.GET_EVENTS;
    const fit = Math.floor((payloadSize - G.records) / L.EVENT_RECORD_SIZE);
    const n = Math.min(fit, l.records.length);
    const out = new Uint8Array(G.records + n * L.EVENT_RECORD_SIZE);
    const flags = (l.overflowCount > 0 ? L.EVENTS_OVERFLOW : 0) | (n < l.records.length ? L.EVENTS_MORE : 0);
    out[G.flags.at] = flags;
    putUint(out, G.overflowCount.at, 2, Math.min(l.overflowCount, 0xffff));
    putU64(out, G.firstOverflow.at, l.firstOverflow);
    putU64(out, G.lastOverflow.at, l.lastOverflow);
    putUint(out, G.recordCount.at, 2, n);
    for (const [i, r] of l.records.slice(0, n).entries())
      out.set(r.bytes, G.records + i * L.EVENT_RECORD_SIZE);
    return outcome(RC.success, out);
  },
  decodeOutput(o) {
    const G = L.GET_EVENTS;
    const fields: PayloadField[] = [
      field(
        o,
        'Flags',
        G.flags,
        (v) =>
          [v & 1n ? 'Overflow' : '', v & 2n ? 'More Event Records' : ''].filter(Boolean).join(', ') || 'none',
      ),
      field(o, 'Overflow Error Count', G.overflowCount),
      field(o, 'First Overflow Event Timestamp', G.firstOverflow),
      field(o, 'Last Overflow Event Timestamp', G.lastOverflow),
      field(o, 'Event Record Count', G.recordCount),
    ];
    for (let i = 0; G.records + (i + 1) * L.EVENT_RECORD_SIZE <= o.length; i++) {
      const at = G.records + i * L.EVENT_RECORD_SIZE;
      const uuid = uuidText(o, at);
      const kind = uuid === GENERAL_MEDIA_UUID ? 'General Media Event Record' : `record ${uuid}`;
      const dpa = getUint(o, at + L.GENERAL_MEDIA.physicalAddress, 7);
      fields.push({
        name: `Event Record ${i}`,
        offset: at,
        size: L.EVENT_RECORD_SIZE,
        value: `handle 0x${getUint(o, at + L.EVENT_RECORD.handle, 2).toString(16)}`,
        meaning: uuid === GENERAL_MEDIA_UUID ? `${kind}, DPA 0x${(dpa - (dpa % 64)).toString(16)}` : kind,
      });
    }
    return fields;
  },
  decodeInput(i) {
    // Input: Event Log, 1 byte (CXL 2.0 §8.2.9.1.2): 00h Informational … 03h Fatal.
    return [field(i, 'Event Log', { at: 0, size: 1 }, (v) => EVENT_LOGS[Number(v)] ?? 'not a log')];
  },
  fromJson(json) {
    const o = asObject(json, 'get-event-records', ['log']);
    if (!o.ok) return o;
    const log = logField(o.value.log);
    return log.ok ? ok(Uint8Array.of(log.value)) : log;
  },
};

function logField(v: unknown) {
  const i = typeof v === 'string' ? EVENT_LOGS.findIndex((n) => n.toLowerCase() === v.toLowerCase()) : -1;
  if (i >= 0) return ok(i);
  return intField({ log: v }, 'log', 0xff);
}

export const clearEventRecords: CommandDef = {
  opcode: OPCODE.clearEventRecords,
  name: 'Clear Event Records',
  cli: 'clear-event-records',
  input: 'variable',
  effects: EFFECT.immediateLogChange,
  spec: 'CXL 2.0 §8.2.9.1.3',
  run({ dev }, input) {
    const C = L.CLEAR_EVENTS;
    if (input.length < C.handles) return outcome(RC.invalidPayloadLength);
    const count = input[C.count] ?? 0;
    const all = ((input[C.flags] ?? 0) & L.CLEAR_ALL_EVENTS) !== 0;
    if (input.length !== C.handles + (all ? 0 : 2 * count)) return outcome(RC.invalidPayloadLength);
    const l = dev.logs[input[C.log] ?? 0xff];
    if (l === undefined) return outcome(RC.invalidInput);
    if (all) {
      l.records.length = 0;
      l.overflowCount = 0;
      return outcome(RC.success);
    }
    const handles = Array.from({ length: count }, (_, i) => getUint(input, C.handles + 2 * i, 2));
    if (handles.some((h) => !l.records.some((r) => r.handle === h))) return outcome(RC.invalidHandle);
    const keep = l.records.filter((r) => !handles.includes(r.handle));
    l.records.splice(0, l.records.length, ...keep);
    if (l.records.length === 0) l.overflowCount = 0;
    return outcome(RC.success);
  },
  decodeInput(i) {
    const C = L.CLEAR_EVENTS;
    const fields: PayloadField[] = [
      field(i, 'Event Log', { at: C.log, size: 1 }, (v) => EVENT_LOGS[Number(v)] ?? 'not a log'),
      field(i, 'Clear Event Flags', { at: C.flags, size: 1 }, (v) =>
        v & 1n ? 'Clear All Events' : 'by handle',
      ),
      field(i, 'Number of Event Record Handles', { at: C.count, size: 1 }),
    ];
    for (let at = C.handles; at + 2 <= i.length; at += 2)
      fields.push(field(i, 'Event Record Handle', { at, size: 2 }));
    return fields;
  },
  fromJson(json) {
    const o = asObject(json, 'clear-event-records', ['log', 'handles', 'all']);
    if (!o.ok) return o;
    const log = logField(o.value.log);
    const all = boolField(o.value, 'all');
    if (!log.ok) return log;
    if (!all.ok) return all;
    const list = o.value.handles ?? [];
    if (!Array.isArray(list) || list.length > 255) {
      return {
        ok: false,
        error: {
          code: 'mbox.in-json',
          message: '--in-json: "handles" must be an array of at most 255 handles',
          field: 'handles',
        },
      };
    }
    const out = new Uint8Array(L.CLEAR_EVENTS.handles + 2 * list.length);
    out[L.CLEAR_EVENTS.log] = log.value;
    out[L.CLEAR_EVENTS.flags] = all.value ? L.CLEAR_ALL_EVENTS : 0;
    out[L.CLEAR_EVENTS.count] = list.length;
    for (const [i, h] of list.entries()) {
      const r = intField({ h }, 'h', 0xffff);
      if (!r.ok) return r;
      putUint(out, L.CLEAR_EVENTS.handles + 2 * i, 2, r.value);
    }
    return ok(out);
  },
};
