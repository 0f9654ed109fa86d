/**
 * A device's LSA as the lab shows it (a window of bytes plus the decoded labels) and the label-set
 * writer run the way software does it: Set LSA (4103h, CXL 2.0 §8.2.9.5.2.4) commands through the
 * device's mailbox, each at most the payload size minus Set LSA's 8-byte header (what Linux's
 * cxl_pmem_get_config_size reports as max_xfer, drivers/cxl/pmem.c).
 */
import { err, ok, type Result } from '../../result.ts';
import * as D from '../../spec/device-regs.ts';
import { OPCODE, RC } from '../../spec/mailbox.ts';
import { SET_LSA } from '../../spec/mailbox-payloads.ts';
import type { Type3Spec } from '../../topology/model.ts';
import { putUint } from '../bytes.ts';
import type { MemoryDevice } from '../device.ts';
import { sendCommand } from '../mailbox.ts';
import { decodeLsa, type LsaDecode } from './decode.ts';
import { labelSetWrites } from './encode.ts';

/** Bytes of LSA handed to a viewer at once (the whole default 128 KiB LSA fits). */
export const LSA_WINDOW = 256 * 1024;

export interface DeviceLsa {
  device: string;
  size: number;
  /** First `bytes.length` bytes of the LSA (all of it when it is at most `LSA_WINDOW`). */
  bytes: Uint8Array;
  decode: LsaDecode;
}

/** The LSA of `device` (id `id`): its first window of bytes and its decoded labels. */
export function deviceLsa(id: string, device: MemoryDevice): DeviceLsa {
  const lsa = device.state.lsa;
  const size = lsa.size;
  return {
    device: id,
    size,
    bytes: lsa.read(0, Math.min(size, LSA_WINDOW)),
    decode: decodeLsa(size, (offset, length) => {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(length);
      if (n > 0 && offset >= 0) out.set(lsa.read(offset, n));
      return out;
    }),
  };
}

/** Set LSA data bytes per command: payload size − the 8-byte Set LSA header. */
export const SET_LSA_CHUNK = D.MAILBOX_PAYLOAD_SIZE - SET_LSA.data;

/**
 * Writes the lab's label set (index pair, region and namespace label over the persistent capacity)
 * into the device's LSA with Set LSA commands; returns how many commands it sent.
 */
export function writeLabelSet(
  spec: Type3Spec,
  device: MemoryDevice,
  name?: string,
): Result<{ commands: number }> {
  const opts = {
    lsaSize: device.state.lsa.size,
    serial: spec.serial,
    dpa: device.state.volatile,
    size: device.state.persistent,
  };
  const writes = labelSetWrites(name === undefined ? opts : { ...opts, name });
  if (!writes.ok) return writes;
  let commands = 0;
  for (const w of writes.value) {
    for (let at = 0; at < w.bytes.length; at += SET_LSA_CHUNK) {
      const chunk = w.bytes.subarray(at, at + SET_LSA_CHUNK);
      const input = new Uint8Array(SET_LSA.data + chunk.length);
      putUint(input, SET_LSA.offset.at, 4, w.offset + at);
      input.set(chunk, SET_LSA.data);
      const r = sendCommand(device, OPCODE.setLsa, input);
      commands += 1;
      if (!r.ok) return r;
      if (r.value.returnCode !== RC.success)
        return err(
          'lsa.set-failed',
          `Set LSA at ${w.offset + at} (${w.what}) answered ${r.value.returnCodeName}`,
        );
    }
  }
  return ok({ commands });
}
