/**
 * Get Supported Logs (0400h) and Get Log (0401h), CXL 2.0 §8.2.9.4.1–.2. Like QEMU
 * (hw/cxl/cxl-mailbox-utils.c cmd_logs_get_supported, cmd_logs_get_log) the device lists one log, the
 * Command Effects Log, whose 4-byte entries name exactly the commands it implements with their
 * effects. A Get Log longer than the payload area or past the log's end is Invalid Input; an unknown
 * UUID is Unsupported (CXL 2.0 has no "Invalid Log" code; QEMU ≈8.x answered Unsupported too).
 */
import { ok } from '../../result.ts';
import { CEL_UUID, EFFECT_NAMES, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { getUint, putUint, uuidBytes, uuidText } from '../bytes.ts';
import { bytesMeaning, field } from './decode.ts';
import { asObject, intField } from './json-input.ts';
import { type CommandContext, type CommandDef, outcome, type PayloadField } from './types.ts';

function celBytes(ctx: CommandContext): Uint8Array {
  const out = new Uint8Array(ctx.cel.length * L.CEL_ENTRY_SIZE);
  ctx.cel.forEach((c, i) => {
    putUint(out, i * L.CEL_ENTRY_SIZE, 2, c.opcode);
    putUint(out, i * L.CEL_ENTRY_SIZE + 2, 2, c.effects);
  });
  return out;
}

export const getSupportedLogs: CommandDef = {
  opcode: OPCODE.getSupportedLogs,
  name: 'Get Supported Logs',
  cli: 'get-supported-logs',
  input: 0,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.4.1',
  run(ctx) {
    const S = L.SUPPORTED_LOGS;
    const out = new Uint8Array(S.entries + S.entrySize);
    putUint(out, S.count.at, 2, 1);
    out.set(uuidBytes(CEL_UUID), S.entries);
    putUint(out, S.entries + S.logSizeAt, 4, ctx.cel.length * L.CEL_ENTRY_SIZE);
    return outcome(RC.success, out);
  },
  decodeOutput(o) {
    const S = L.SUPPORTED_LOGS;
    const count = getUint(o, S.count.at, 2);
    const fields: PayloadField[] = [field(o, 'Number of Supported Log Entries', S.count)];
    for (let i = 0; i < count && S.entries + (i + 1) * S.entrySize <= o.length; i++) {
      const at = S.entries + i * S.entrySize;
      const uuid = uuidText(o, at);
      fields.push({
        name: `Log ${i} Identifier`,
        offset: at,
        size: 16,
        value: uuid,
        meaning: uuid === CEL_UUID ? 'Command Effects Log' : 'unknown log',
      });
      fields.push(field(o, `Log ${i} Size`, { at: at + S.logSizeAt, size: 4 }, bytesMeaning));
    }
    return fields;
  },
};

export const getLog: CommandDef = {
  opcode: OPCODE.getLog,
  name: 'Get Log',
  cli: 'get-log',
  input: L.GET_LOG_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.4.2',
  run(ctx, input) {
    if (uuidText(input, L.GET_LOG.uuid.at) !== CEL_UUID) return outcome(RC.unsupported);
    const offset = getUint(input, L.GET_LOG.offset.at, 4);
    const length = getUint(input, L.GET_LOG.length.at, 4);
    const log = celBytes(ctx);
    if (length > ctx.payloadSize || offset + length > log.length) return outcome(RC.invalidInput);
    return outcome(RC.success, log.slice(offset, offset + length));
  },
  decodeInput(i) {
    return [
      { name: 'Log Identifier', offset: 0, size: 16, value: uuidText(i, 0) },
      field(i, 'Offset', L.GET_LOG.offset),
      field(i, 'Length', L.GET_LOG.length, bytesMeaning),
    ];
  },
  decodeOutput(o) {
    const fields: PayloadField[] = [];
    for (let at = 0; at + L.CEL_ENTRY_SIZE <= o.length; at += L.CEL_ENTRY_SIZE) {
      const effects = getUint(o, at + 2, 2);
      const names = EFFECT_NAMES.filter((_, b) => (effects & (1 << b)) !== 0);
      fields.push({
        name: `CEL entry ${at / L.CEL_ENTRY_SIZE}`,
        offset: at,
        size: L.CEL_ENTRY_SIZE,
        value: `opcode 0x${getUint(o, at, 2).toString(16).padStart(4, '0')} effect 0x${effects.toString(16)}`,
        meaning: names.length === 0 ? 'no effects' : names.join(', '),
      });
    }
    return fields;
  },
  fromJson(json) {
    const o = asObject(json, 'get-log', ['uuid', 'offset', 'length']);
    if (!o.ok) return o;
    const uuid = o.value.uuid ?? CEL_UUID;
    if (
      typeof uuid !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)
    ) {
      return {
        ok: false,
        error: {
          code: 'mbox.in-json',
          message: '--in-json: "uuid" must be a UUID (8-4-4-4-12 hex)',
          field: 'uuid',
        },
      };
    }
    const offset = intField(o.value, 'offset', 0xffff_ffff, 0);
    const length = intField(o.value, 'length', 0xffff_ffff);
    if (!offset.ok) return offset;
    if (!length.ok) return length;
    const out = new Uint8Array(L.GET_LOG_SIZE);
    out.set(uuidBytes(uuid.toLowerCase()), 0);
    putUint(out, L.GET_LOG.offset.at, 4, offset.value);
    putUint(out, L.GET_LOG.length.at, 4, length.value);
    return ok(out);
  },
};
