/**
 * Get Poison List (4300h), Inject Poison (4301h) and Clear Poison (4302h), CXL 2.0 §8.2.9.5.4.1–.3,
 * with QEMU's rules (hw/cxl/cxl-mailbox-utils.c cmd_media_get_poison_list, cmd_media_inject_poison,
 * cmd_media_clear_poison): a query start not 64-byte aligned is Invalid Input; records overlapping the
 * query are clipped to it; injecting an already poisoned line succeeds without a new record; a full
 * list (Poison List Maximum Media Error Records) answers Inject Poison Limit Reached; clearing past the
 * capacity is Invalid Physical Address, clearing clean memory succeeds and the 64 write-data bytes are
 * written. Where QEMU checks nothing the lab follows the spec: an inject past the capacity is Invalid
 * Physical Address and an unaligned inject or clear DPA is Invalid Input.
 */
import { ok } from '../../result.ts';
import { OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import type { PoisonRecordSpec } from '../../topology/model.ts';
import { getUint, putU64, putUint } from '../bytes.ts';
import type { DeviceState } from '../state.ts';
import { bytesMeaning, field } from './decode.ts';
import { asObject, hexField, intField } from './json-input.ts';
import { type CommandDef, outcome, type PayloadField } from './types.ts';

const LINE = L.POISON_UNIT;
const MAX_DPA = 2 ** 52 - 1;

/** Records overlapping [start, end), clipped to it, in DPA order. */
export function poisonIn(dev: DeviceState, start: number, end: number): PoisonRecordSpec[] {
  return dev.poison
    .filter((p) => p.dpa < end && start < p.dpa + p.length)
    .map((p) => {
      const s = Math.max(p.dpa, start);
      return { dpa: s, length: Math.min(p.dpa + p.length, end) - s, source: p.source };
    })
    .sort((a, b) => a.dpa - b.dpa);
}

export const getPoisonList: CommandDef = {
  opcode: OPCODE.getPoisonList,
  name: 'Get Poison List',
  cli: 'get-poison-list',
  input: L.POISON_IN_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.4.1',
  run({ dev, payloadSize }, input) {
    const start = getUint(input, L.POISON_IN.address.at, 7);
    const lines = getUint(input, L.POISON_IN.length.at, 7);
    if (start % LINE !== 0 || input[7] !== 0 || input[15] !== 0) return outcome(RC.invalidInput);
    const found = poisonIn(dev, start, start + lines * LINE);
    const P = L.POISON_OUT;
    const fit = Math.floor((payloadSize - P.records) / P.recordSize);
    const shown = found.slice(0, fit);
    const out = new Uint8Array(P.records + shown.length * P.recordSize);
    out[P.flags.at] =
      (found.length > fit ? L.POISON_MORE : 0) | (dev.poisonOverflow !== null ? L.POISON_OVERFLOW : 0);
    if (dev.poisonOverflow !== null) putU64(out, P.overflowTimestamp.at, dev.poisonOverflow);
    putUint(out, P.count.at, 2, shown.length);
    shown.forEach((p, i) => {
      const at = P.records + i * P.recordSize;
      putUint(out, at, 8, p.dpa + p.source); // DPA bits 63:6, source in bits 2:0
      putUint(out, at + P.recordLengthAt, 4, p.length / LINE);
    });
    return outcome(RC.success, out);
  },
  decodeInput(i) {
    return [
      field(i, 'Get Poison List Physical Address', L.POISON_IN.address),
      field(i, 'Get Poison List Physical Address Length', L.POISON_IN.length, (v) => `${v} × 64 B`),
    ];
  },
  decodeOutput(o) {
    const P = L.POISON_OUT;
    const fields: PayloadField[] = [
      field(
        o,
        'Poison List Flags',
        P.flags,
        (v) => [v & 1n ? 'More' : '', v & 2n ? 'Overflow' : ''].filter(Boolean).join(', ') || 'none',
      ),
      field(o, 'Overflow Timestamp', P.overflowTimestamp),
      field(o, 'Media Error Record Count', P.count),
    ];
    for (let at = P.records; at + P.recordSize <= o.length; at += P.recordSize) {
      const address = getUint(o, at, 7);
      const lines = getUint(o, at + P.recordLengthAt, 4);
      fields.push({
        name: `Media Error Record ${(at - P.records) / P.recordSize}`,
        offset: at,
        size: P.recordSize,
        value: `DPA 0x${(address - (address % 64)).toString(16)} length ${lines} × 64 B`,
        meaning: L.POISON_SOURCES[address % 8] ?? 'Reserved',
      });
    }
    return fields;
  },
  fromJson(json) {
    const o = asObject(json, 'get-poison-list', ['dpa', 'length']);
    if (!o.ok) return o;
    const dpa = intField(o.value, 'dpa', MAX_DPA, 0);
    const length = intField(o.value, 'length', MAX_DPA);
    if (!dpa.ok) return dpa;
    if (!length.ok) return length;
    if (length.value % LINE !== 0) {
      return {
        ok: false,
        error: {
          code: 'mbox.in-json',
          message: '--in-json: "length" (bytes) must be a multiple of 64',
          field: 'length',
        },
      };
    }
    const out = new Uint8Array(L.POISON_IN_SIZE);
    putUint(out, L.POISON_IN.address.at, 8, dpa.value);
    putUint(out, L.POISON_IN.length.at, 8, length.value / LINE);
    return ok(out);
  },
};

function dpaJson(command: string, size: number, withData: boolean) {
  return (json: unknown) => {
    const o = asObject(json, command, withData ? ['dpa', 'data'] : ['dpa']);
    if (!o.ok) return o;
    const dpa = intField(o.value, 'dpa', MAX_DPA);
    if (!dpa.ok) return dpa;
    const data = hexField(o.value, 'data', LINE);
    if (!data.ok) return data;
    const out = new Uint8Array(size);
    putUint(out, 0, 8, dpa.value);
    out.set(data.value, 8);
    return ok(out);
  };
}

export const injectPoison: CommandDef = {
  opcode: OPCODE.injectPoison,
  name: 'Inject Poison',
  cli: 'inject-poison',
  input: L.INJECT_POISON_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.4.2',
  run({ dev }, input) {
    const dpa = getUint(input, 0, 7);
    if (input[7] !== 0 || dpa % LINE !== 0) return outcome(RC.invalidInput);
    if (dpa + LINE > dev.total) return outcome(RC.invalidPhysicalAddress);
    if (poisonIn(dev, dpa, dpa + LINE).length > 0) return outcome(RC.success);
    const injected = dev.poison.filter((p) => p.source === L.POISON_SOURCE_INJECTED).length;
    const limit = dev.props.injectPoisonLimit;
    if (dev.poison.length >= dev.props.poisonMaxRecords || (limit > 0 && injected >= limit)) {
      return outcome(RC.injectPoisonLimit);
    }
    dev.poison.push({ dpa, length: LINE, source: L.POISON_SOURCE_INJECTED });
    return outcome(RC.success);
  },
  decodeInput(i) {
    return [field(i, 'Inject Poison Physical Address', { at: 0, size: 8 })];
  },
  fromJson: dpaJson('inject-poison', L.INJECT_POISON_SIZE, false),
};

export const clearPoison: CommandDef = {
  opcode: OPCODE.clearPoison,
  name: 'Clear Poison',
  cli: 'clear-poison',
  input: L.CLEAR_POISON_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.4.3',
  run({ dev, writeMemory }, input) {
    const dpa = getUint(input, 0, 7);
    if (input[7] !== 0 || dpa % LINE !== 0) return outcome(RC.invalidInput);
    if (dpa + LINE > dev.total) return outcome(RC.invalidPhysicalAddress);
    const kept: PoisonRecordSpec[] = [];
    for (const p of dev.poison) {
      if (!(p.dpa < dpa + LINE && dpa < p.dpa + p.length)) {
        kept.push(p);
        continue;
      }
      if (p.dpa < dpa) kept.push({ dpa: p.dpa, length: dpa - p.dpa, source: p.source });
      if (p.dpa + p.length > dpa + LINE)
        kept.push({ dpa: dpa + LINE, length: p.dpa + p.length - dpa - LINE, source: p.source });
    }
    dev.poison.splice(0, dev.poison.length, ...kept);
    writeMemory?.(dpa, input.slice(8, 8 + LINE));
    return outcome(RC.success);
  },
  decodeInput(i) {
    return [
      field(i, 'Clear Poison Physical Address', { at: 0, size: 8 }),
      {
        name: 'Clear Poison Write Data',
        offset: 8,
        size: LINE,
        value: `${Math.max(0, i.length - 8)} bytes`,
        meaning: bytesMeaning(64n),
      },
    ];
  },
  fromJson: dpaJson('clear-poison', L.CLEAR_POISON_SIZE, true),
};
