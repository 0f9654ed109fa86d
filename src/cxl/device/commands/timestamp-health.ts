/**
 * Get Timestamp (0300h), Set Timestamp (0301h) and Get Health Info (4200h), CXL 2.0 §8.2.9.3.1–.2 and
 * §8.2.9.5.3.1. The lab has no clock: Get Timestamp returns the value last set (0 before any Set, as
 * QEMU's cmd_timestamp_get does; QEMU adds the virtual time elapsed since). QEMU implements no Get
 * Health Info; the lab's device reports a healthy device: every status and counter 0.
 */
import { ok } from '../../result.ts';
import { EFFECT, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { getU64, putU64 } from '../bytes.ts';
import { field } from './decode.ts';
import { asObject } from './json-input.ts';
import { type CommandDef, outcome } from './types.ts';

const tsMeaning = (v: bigint) => (v === 0n ? 'not set' : new Date(Number(v / 1_000_000n)).toISOString());

export const getTimestamp: CommandDef = {
  opcode: OPCODE.getTimestamp,
  name: 'Get Timestamp',
  cli: 'get-timestamp',
  input: 0,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.3.1',
  run({ dev }) {
    const out = new Uint8Array(L.TIMESTAMP_SIZE);
    putU64(out, 0, dev.timestamp ?? 0n);
    return outcome(RC.success, out);
  },
  decodeOutput(o) {
    return [field(o, 'Timestamp', { at: 0, size: 8 }, tsMeaning)];
  },
};

export const setTimestamp: CommandDef = {
  opcode: OPCODE.setTimestamp,
  name: 'Set Timestamp',
  cli: 'set-timestamp',
  input: L.TIMESTAMP_SIZE,
  effects: EFFECT.immediatePolicyChange,
  spec: 'CXL 2.0 §8.2.9.3.2',
  run({ dev }, input) {
    dev.timestamp = getU64(input, 0);
    return outcome(RC.success);
  },
  decodeInput(i) {
    return [field(i, 'Timestamp', { at: 0, size: 8 }, tsMeaning)];
  },
  fromJson(json) {
    const o = asObject(json, 'set-timestamp', ['timestamp']);
    if (!o.ok) return o;
    const t = o.value.timestamp;
    const text = typeof t === 'number' && Number.isSafeInteger(t) ? String(t) : t;
    if (
      typeof text !== 'string' ||
      !/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.test(text) ||
      BigInt(text) >= 2n ** 64n
    ) {
      return {
        ok: false,
        error: {
          code: 'mbox.in-json',
          message: '--in-json: "timestamp" must be ns since 1970 as a 64-bit decimal or 0x… value',
          field: 'timestamp',
        },
      };
    }
    const out = new Uint8Array(L.TIMESTAMP_SIZE);
    putU64(out, 0, BigInt(text));
    return ok(out);
  },
};

export const getHealthInfo: CommandDef = {
  opcode: OPCODE.getHealthInfo,
  name: 'Get Health Info',
  cli: 'get-health-info',
  input: 0,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.3.1',
  run() {
    return outcome(RC.success, new Uint8Array(L.HEALTH_SIZE));
  },
  decodeOutput(o) {
    const H = L.HEALTH;
    return [
      field(o, 'Health Status', H.healthStatus, (v) =>
        v === 0n ? 'no maintenance needed, performance normal' : `bits 0x${v.toString(16)}`,
      ),
      field(o, 'Media Status', H.mediaStatus, (v) => (v === 0n ? 'Normal' : `status ${v}`)),
      field(o, 'Additional Status', H.additionalStatus),
      field(o, 'Life Used', H.lifeUsed, (v) => `${v} %`),
      field(o, 'Device Temperature', H.temperature),
      field(o, 'Dirty Shutdown Count', H.dirtyShutdowns),
      field(o, 'Corrected Volatile Error Count', H.correctedVolatile),
      field(o, 'Corrected Persistent Error Count', H.correctedPersistent),
    ];
  },
};
