/**
 * The driver side of the primary mailbox: sends one command through the device registers exactly as
 * Linux's __cxl_pci_mbox_send_cmd does (drivers/cxl/pci.c, after CXL 2.0 §8.2.8.4): check the doorbell
 * is clear, copy the input into the payload area, write the Command register (opcode | length << 16)
 * in one 64-bit write, set Doorbell, poll Control until the device clears it, read the return code
 * from the Status register and, on success, the output length from the Command register and the
 * output from the payload area. The access sequence comes back with the result.
 */
import { err, ok, type Result } from '../result.ts';
import * as D from '../spec/device-regs.ts';
import { RC, returnCodeName } from '../spec/mailbox.ts';
import { hex } from '../units.ts';
import type { MemoryDevice } from './device.ts';
import type { MmioAccess } from './device-registers.ts';

const CONTROL = D.MAILBOX_OFFSET + D.MBOX.control;
const COMMAND = D.MAILBOX_OFFSET + D.MBOX.command;
const STATUS = D.MAILBOX_OFFSET + D.MBOX.status;
/** The Command register's Payload Length is 21 bits (CXL 2.0 §8.2.8.4.5). */
export const MAX_PAYLOAD_LENGTH = 2 ** 21 - 1;

export interface MailboxResult {
  opcode: number;
  returnCode: number;
  returnCodeName: string;
  input: Uint8Array;
  output: Uint8Array;
  trace: MmioAccess[];
}

function read(dev: MemoryDevice, offset: number, size: number): bigint {
  const r = dev.regs.read(offset, size);
  return r.ok ? r.value : 0n;
}

/**
 * Runs `opcode` with `input` on `dev`. An input longer than the payload area is still announced with
 * its true length (only the area's bytes are copied), so the device answers Invalid Payload Length;
 * a length the 21-bit field cannot hold is refused before anything is written.
 */
export function sendCommand(dev: MemoryDevice, opcode: number, input: Uint8Array): Result<MailboxResult> {
  if (!Number.isInteger(opcode) || opcode < 0 || opcode > 0xffff) {
    return err('mbox.opcode', `opcode ${opcode} is not a 16-bit value (0x0000–0xffff)`);
  }
  if (input.length > MAX_PAYLOAD_LENGTH) {
    return err(
      'mbox.too-long',
      `input of ${input.length} bytes does not fit the 21-bit Payload Length field (max ${MAX_PAYLOAD_LENGTH})`,
    );
  }
  const trace: MmioAccess[] = [];
  dev.regs.trace = trace;
  try {
    if ((read(dev, CONTROL, 4) & 1n) === 1n) {
      return err('mbox.busy', 'the doorbell is still set: the mailbox is busy (Linux answers -EBUSY)');
    }
    dev.regs.writePayload(input);
    dev.regs.write(COMMAND, 8, BigInt(opcode) | (BigInt(input.length) << 16n));
    dev.regs.write(CONTROL, 4, 1n);
    if ((read(dev, CONTROL, 4) & 1n) !== 0n)
      return err('mbox.timeout', 'the device did not clear the doorbell');
    const returnCode = Number((read(dev, STATUS, 8) >> 32n) & 0xffffn);
    let output: Uint8Array = new Uint8Array(0);
    if (returnCode === RC.success) {
      const length = Number((read(dev, COMMAND, 8) >> 16n) & BigInt(MAX_PAYLOAD_LENGTH));
      output = dev.regs.readPayload(length);
    }
    return ok({ opcode, returnCode, returnCodeName: returnCodeName(returnCode), input, output, trace });
  } finally {
    dev.regs.trace = null;
  }
}

/** One trace line: "write 8 @ 0x090 Command Register = 0x0000000000004000". */
export function formatAccess(a: MmioAccess): string {
  const value = a.register.includes('block copy')
    ? `${a.size} bytes`
    : `0x${a.value.toString(16).padStart(2 * a.size, '0')}`;
  return `${a.op.padEnd(5)} ${String(a.size).padStart(4)} @ ${hex(a.offset).padEnd(6)} ${a.register} = ${value}`;
}
