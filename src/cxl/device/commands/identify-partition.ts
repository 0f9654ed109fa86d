/**
 * Identify Memory Device (4000h), Get Partition Info (4100h) and Set Partition Info (4101h):
 * CXL 2.0 §8.2.9.5.1.1, §8.2.9.5.2.1, §8.2.9.5.2.2. Values mirror QEMU's cmd_identify_memory_device
 * (hw/cxl/cxl-mailbox-utils.c: firmware revision "BWFW VERSION 00", capacities in 256 MiB units);
 * QEMU implements no Set Partition Info, so that follows the spec and ndctl's use of it
 * (cxl/memdev.c validate_partition: the value is the volatile share of the partitionable capacity,
 * total − volatile-only − persistent-only, in multiples of the Partition Alignment).
 */
import { err, ok } from '../../result.ts';
import { EFFECT, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { getU64, putUint } from '../bytes.ts';
import { EVENT_LOG_CAPACITY } from '../props.ts';
import { bytesMeaning, capacityMeaning, field } from './decode.ts';
import { asObject, boolField, intField } from './json-input.ts';
import { type CommandDef, outcome } from './types.ts';

const FW_REVISION = 'BWFW VERSION 00';
const units = (bytes: number) => bytes / L.CAPACITY_UNIT;

export const identify: CommandDef = {
  opcode: OPCODE.identify,
  name: 'Identify Memory Device',
  cli: 'identify',
  input: 0,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.1.1',
  run({ dev }) {
    const out = new Uint8Array(L.IDENTIFY_SIZE);
    for (let i = 0; i < FW_REVISION.length; i++)
      out[L.IDENTIFY.fwRevision.at + i] = FW_REVISION.charCodeAt(i);
    const p = dev.props;
    const put = (f: { at: number; size: number }, v: number) => putUint(out, f.at, f.size, v);
    put(L.IDENTIFY.totalCapacity, units(dev.total));
    put(L.IDENTIFY.volatileOnly, units(p.partitionAlign === 0 ? dev.volatile : p.volatileOnly));
    put(L.IDENTIFY.persistentOnly, units(p.partitionAlign === 0 ? dev.persistent : p.persistentOnly));
    put(L.IDENTIFY.partitionAlign, units(p.partitionAlign));
    for (const f of [
      L.IDENTIFY.infoLogSize,
      L.IDENTIFY.warningLogSize,
      L.IDENTIFY.failureLogSize,
      L.IDENTIFY.fatalLogSize,
    ]) {
      put(f, EVENT_LOG_CAPACITY);
    }
    put(L.IDENTIFY.lsaSize, p.lsaSize);
    put(L.IDENTIFY.poisonMaxRecords, p.poisonMaxRecords);
    put(L.IDENTIFY.injectPoisonLimit, p.injectPoisonLimit);
    return outcome(RC.success, out);
  },
  decodeOutput(o) {
    const I = L.IDENTIFY;
    const fw = String.fromCharCode(...o.subarray(0, 16)).replace(/\0+$/, '');
    return [
      { name: 'FW Revision', offset: 0, size: 16, value: JSON.stringify(fw) },
      field(o, 'Total Capacity', I.totalCapacity, capacityMeaning),
      field(o, 'Volatile Only Capacity', I.volatileOnly, capacityMeaning),
      field(o, 'Persistent Only Capacity', I.persistentOnly, capacityMeaning),
      field(o, 'Partition Alignment', I.partitionAlign, capacityMeaning),
      field(o, 'Informational Event Log Size', I.infoLogSize),
      field(o, 'Warning Event Log Size', I.warningLogSize),
      field(o, 'Failure Event Log Size', I.failureLogSize),
      field(o, 'Fatal Event Log Size', I.fatalLogSize),
      field(o, 'LSA Size', I.lsaSize, bytesMeaning),
      field(o, 'Poison List Maximum Media Error Records', I.poisonMaxRecords),
      field(o, 'Inject Poison Limit', I.injectPoisonLimit),
      field(o, 'Poison Handling Capabilities', I.poisonCaps),
      field(o, 'QoS Telemetry Capabilities', I.qosCaps),
    ];
  },
};

export const getPartitionInfo: CommandDef = {
  opcode: OPCODE.getPartitionInfo,
  name: 'Get Partition Info',
  cli: 'get-partition-info',
  input: 0,
  effects: 0,
  spec: 'CXL 2.0 §8.2.9.5.2.1',
  run({ dev }) {
    const out = new Uint8Array(L.GET_PARTITION_SIZE);
    const G = L.GET_PARTITION;
    putUint(out, G.activeVolatile.at, 8, units(dev.volatile));
    putUint(out, G.activePersistent.at, 8, units(dev.persistent));
    if (dev.nextVolatile !== null) {
      putUint(out, G.nextVolatile.at, 8, units(dev.nextVolatile));
      putUint(out, G.nextPersistent.at, 8, units(dev.total - dev.nextVolatile));
    }
    return outcome(RC.success, out);
  },
  decodeOutput(o) {
    const G = L.GET_PARTITION;
    return [
      field(o, 'Active Volatile Capacity', G.activeVolatile, capacityMeaning),
      field(o, 'Active Persistent Capacity', G.activePersistent, capacityMeaning),
      field(o, 'Next Volatile Capacity', G.nextVolatile, capacityMeaning),
      field(o, 'Next Persistent Capacity', G.nextPersistent, capacityMeaning),
    ];
  },
};

/**
 * Not partitionable (alignment 0) → Unsupported. The requested volatile share must be a multiple
 * of the alignment within the partitionable capacity, else Invalid Input. Immediate applies it now;
 * otherwise it becomes the "next" partition (reported by Get Partition Info until a cold reset).
 */
export const setPartitionInfo: CommandDef = {
  opcode: OPCODE.setPartitionInfo,
  name: 'Set Partition Info',
  cli: 'set-partition-info',
  input: L.SET_PARTITION_SIZE,
  effects: EFFECT.configChangeColdReset | EFFECT.immediateConfigChange | EFFECT.immediateDataChange,
  spec: 'CXL 2.0 §8.2.9.5.2.2',
  run({ dev }, input) {
    const p = dev.props;
    if (p.partitionAlign === 0) return outcome(RC.unsupported);
    const share = Number(getU64(input, L.SET_PARTITION.volatile.at)) * L.CAPACITY_UNIT;
    const partitionable = dev.total - p.volatileOnly - p.persistentOnly;
    if (!Number.isSafeInteger(share) || share > partitionable || share % p.partitionAlign !== 0) {
      return outcome(RC.invalidInput);
    }
    const volatile = p.volatileOnly + share;
    if (((input[L.SET_PARTITION.flags.at] ?? 0) & L.SET_PARTITION_IMMEDIATE) !== 0) {
      dev.persistent = dev.total - volatile;
      dev.volatile = volatile;
      dev.nextVolatile = null;
    } else {
      dev.nextVolatile = volatile;
    }
    return outcome(RC.success);
  },
  decodeInput(i) {
    return [
      field(i, 'Volatile Capacity', L.SET_PARTITION.volatile, capacityMeaning),
      field(i, 'Flags', L.SET_PARTITION.flags, (v) => ((v & 1n) === 1n ? 'Immediate' : 'next cold reset')),
    ];
  },
  fromJson(json) {
    const o = asObject(json, 'set-partition-info', ['volatile', 'immediate']);
    if (!o.ok) return o;
    const v = intField(o.value, 'volatile', 2 ** 52 - 1);
    const imm = boolField(o.value, 'immediate');
    if (!v.ok) return v;
    if (!imm.ok) return imm;
    if (v.value % L.CAPACITY_UNIT !== 0) {
      return err(
        'mbox.in-json',
        `--in-json: "volatile" ${v.value} is not a multiple of 256 MiB (the payload's unit)`,
        {
          field: 'volatile',
        },
      );
    }
    const out = new Uint8Array(L.SET_PARTITION_SIZE);
    putUint(out, 0, 8, v.value / L.CAPACITY_UNIT);
    out[L.SET_PARTITION.flags.at] = imm.value ? L.SET_PARTITION_IMMEDIATE : 0;
    return ok(out);
  },
};
