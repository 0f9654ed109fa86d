/**
 * A Type 3 device's device-side properties resolved from its `device` file entry and defaults, and
 * the rules they obey (checked by `checkDeviceProps`, called from topology validation).
 *
 * Defaults follow QEMU (hw/cxl/cxl-mailbox-utils.c cmd_identify_memory_device): Partition Alignment 0
 * (not partitionable), so volatile-only = the volatile capacity and persistent-only = the persistent
 * capacity; Poison List Maximum Media Error Records 256 (include/hw/cxl/cxl_device.h
 * CXL_POISON_LIST_LIMIT); Inject Poison Limit 0. QEMU needs an `lsa` backend for persistent memory
 * (hw/mem/cxl_type3.c cxl_setup_memory) and reports its size; the lab's default is 128 KiB with
 * persistent capacity, 0 without.
 */

import { LIMIT_LSA_BYTES, LIMIT_POISON_RECORDS } from '../limits.ts';
import type { CxlError } from '../result.ts';
import { CAPACITY_UNIT } from '../spec/mailbox-payloads.ts';
import type { Type3Spec } from '../topology/model.ts';
import { formatBytes, isAligned } from '../units.ts';

export const DEFAULT_LSA_SIZE = 128 * 1024;
export const DEFAULT_POISON_MAX_RECORDS = 256;
/** Largest LSA the lab accepts (limit `lsa-size`, docs/limits.md). */
export const MAX_LSA_SIZE = LIMIT_LSA_BYTES.value;
/** Most poison records a device keeps (limit `poison-records`, docs/limits.md). */
export const MAX_POISON_RECORDS = LIMIT_POISON_RECORDS.value;
/** Event records kept per log (QEMU keeps 8 before counting overflows: cxl-events.c CXL_TEST_EVENT_OVERFLOW). */
export const EVENT_LOG_CAPACITY = 8;

export interface DeviceProps {
  partitionAlign: number;
  volatileOnly: number;
  persistentOnly: number;
  lsaSize: number;
  poisonMaxRecords: number;
  injectPoisonLimit: number;
}

export function deviceProps(dev: Type3Spec): DeviceProps {
  const d = dev.device ?? {};
  const align = d.partitionAlign ?? 0;
  return {
    partitionAlign: align,
    volatileOnly: align === 0 ? dev.volatile : (d.volatileOnly ?? 0),
    persistentOnly: align === 0 ? dev.persistent : (d.persistentOnly ?? 0),
    lsaSize: d.lsaSize ?? (dev.persistent > 0 ? DEFAULT_LSA_SIZE : 0),
    poisonMaxRecords: d.poisonMaxRecords ?? DEFAULT_POISON_MAX_RECORDS,
    injectPoisonLimit: d.injectPoisonLimit ?? 0,
  };
}

function problem(dev: Type3Spec, field: string, message: string): CxlError {
  return {
    code: `device.${field}`,
    message: `${dev.id}: device.${field}: ${message}`,
    component: dev.id,
    field: `device.${field}`,
    spec: 'CXL 2.0 §8.2.9.5.1.1',
  };
}

/** Every rule a device's properties break (empty when fine). */
export function checkDeviceProps(dev: Type3Spec): CxlError[] {
  const d = dev.device;
  if (d === undefined) return [];
  const p = deviceProps(dev);
  const out: CxlError[] = [];
  const units = (name: 'partitionAlign' | 'volatileOnly' | 'persistentOnly', v: number) => {
    if (!isAligned(v, 28)) out.push(problem(dev, name, `${formatBytes(v)} is not a multiple of 256 MiB`));
  };
  units('partitionAlign', p.partitionAlign);
  if (p.partitionAlign === 0 && (d.volatileOnly !== undefined || d.persistentOnly !== undefined)) {
    out.push(
      problem(
        dev,
        'volatileOnly',
        'volatile-/persistent-only capacities need a partitionAlign (0 = not partitionable)',
      ),
    );
  }
  if (p.partitionAlign > 0) {
    units('volatileOnly', p.volatileOnly);
    units('persistentOnly', p.persistentOnly);
    if (p.volatileOnly > dev.volatile) {
      out.push(
        problem(
          dev,
          'volatileOnly',
          `${formatBytes(p.volatileOnly)} exceeds the volatile capacity ${formatBytes(dev.volatile)}`,
        ),
      );
    }
    if (p.persistentOnly > dev.persistent) {
      out.push(
        problem(
          dev,
          'persistentOnly',
          `${formatBytes(p.persistentOnly)} exceeds the persistent capacity ${formatBytes(dev.persistent)}`,
        ),
      );
    }
    if ((dev.volatile - p.volatileOnly) % p.partitionAlign !== 0) {
      out.push(
        problem(
          dev,
          'partitionAlign',
          `the partitioned volatile part ${formatBytes(dev.volatile - p.volatileOnly)} is not a multiple of ${formatBytes(p.partitionAlign)}`,
        ),
      );
    }
  }
  if (!Number.isInteger(p.lsaSize) || p.lsaSize < 0 || p.lsaSize > MAX_LSA_SIZE) {
    out.push(problem(dev, 'lsaSize', `${p.lsaSize} is not a size from 0 to 1 GiB`));
  }
  if (
    !Number.isInteger(p.poisonMaxRecords) ||
    p.poisonMaxRecords < 1 ||
    p.poisonMaxRecords > MAX_POISON_RECORDS
  ) {
    out.push(
      problem(dev, 'poisonMaxRecords', `${p.poisonMaxRecords} is not from 1 to ${MAX_POISON_RECORDS}`),
    );
  }
  if (!Number.isInteger(p.injectPoisonLimit) || p.injectPoisonLimit < 0 || p.injectPoisonLimit > 0xffff) {
    out.push(
      problem(dev, 'injectPoisonLimit', `${p.injectPoisonLimit} is not from 0 to 65535 (a 2-byte field)`),
    );
  }
  return out;
}

/** Capacity in the Identify / partition payloads' unit (256 MiB). */
export function toCapacityUnits(bytes: number): number {
  return bytes / CAPACITY_UNIT;
}
