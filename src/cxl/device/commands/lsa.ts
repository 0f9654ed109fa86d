/**
 * Get LSA (4102h) and Set LSA (4103h), CXL 2.0 §8.2.9.5.2.3–.4. As in QEMU (hw/cxl/cxl-mailbox-utils.c
 * cmd_ccls_get_lsa / cmd_ccls_set_lsa): a range past the LSA is Invalid Input; Set LSA shorter than
 * its 8-byte header is Invalid Payload Length. The lab also refuses a Get LSA longer than the payload
 * area (Invalid Input), which QEMU does not check.
 */
import { ok } from '../../result.ts';
import { EFFECT, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { getUint, putUint } from '../bytes.ts';
import { bytesMeaning, field } from './decode.ts';
import { asObject, hexField, intField } from './json-input.ts';
import { type CommandDef, outcome } from './types.ts';

const U32 = 0xffff_ffff;

export const getLsa: CommandDef = {
  opcode: OPCODE.getLsa,
  name: 'Get LSA',
  cli: 'get-lsa',
  input: L.GET_LSA_SIZE,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.2.3',
  run({ dev, payloadSize }, input) {
    const offset = getUint(input, L.GET_LSA.offset.at, 4);
    const length = getUint(input, L.GET_LSA.length.at, 4);
    if (!dev.lsa.contains(offset, length) || length > payloadSize) return outcome(RC.invalidInput);
    return outcome(RC.success, dev.lsa.read(offset, length));
  },
  decodeInput(i) {
    return [field(i, 'Offset', L.GET_LSA.offset), field(i, 'Length', L.GET_LSA.length, bytesMeaning)];
  },
  fromJson(json) {
    const o = asObject(json, 'get-lsa', ['offset', 'length']);
    if (!o.ok) return o;
    const offset = intField(o.value, 'offset', U32);
    const length = intField(o.value, 'length', U32);
    if (!offset.ok) return offset;
    if (!length.ok) return length;
    const out = new Uint8Array(L.GET_LSA_SIZE);
    putUint(out, L.GET_LSA.offset.at, 4, offset.value);
    putUint(out, L.GET_LSA.length.at, 4, length.value);
    return ok(out);
  },
};

export const setLsa: CommandDef = {
  opcode: OPCODE.setLsa,
  name: 'Set LSA',
  cli: 'set-lsa',
  input: 'variable',
  effects: EFFECT.immediateConfigChange | EFFECT.immediateDataChange,
  spec: 'CXL 2.0 §8.2.9.5.2.4',
  run({ dev }, input) {
    if (input.length < L.SET_LSA.data) return outcome(RC.invalidPayloadLength);
    const offset = getUint(input, L.SET_LSA.offset.at, 4);
    const data = input.subarray(L.SET_LSA.data);
    if (!dev.lsa.contains(offset, data.length)) return outcome(RC.invalidInput);
    dev.lsa.write(offset, data);
    return outcome(RC.success);
  },
  decodeInput(i) {
    return [
      field(i, 'Offset', L.SET_LSA.offset),
      {
        name: 'Data',
        offset: L.SET_LSA.data,
        size: Math.max(0, i.length - L.SET_LSA.data),
        value: `${Math.max(0, i.length - L.SET_LSA.data)} bytes`,
      },
    ];
  },
  fromJson(json) {
    const o = asObject(json, 'set-lsa', ['offset', 'data']);
    if (!o.ok) return o;
    const offset = intField(o.value, 'offset', U32);
    const data = hexField(o.value, 'data', 2 ** 21);
    if (!offset.ok) return offset;
    if (!data.ok) return data;
    const out = new Uint8Array(L.SET_LSA.data + data.value.length);
    putUint(out, L.SET_LSA.offset.at, 4, offset.value);
    out.set(data.value, L.SET_LSA.data);
    return ok(out);
  },
};
