/**
 * The CXL memory device register block as bytes at their real offsets (CXL 2.0 §8.2.8; QEMU's layout,
 * `spec/device-regs.ts`), reached only through `read` / `write` of 1, 2, 4 or 8 naturally aligned
 * bytes (the sizes CXL 2.0 §8.2.8 allows). Writable: Mailbox Control bits 2:0, the Command register
 * (opcode and 21-bit length) and the payload area; everything else is read-only (QEMU also stores
 * writes to Mailbox Capabilities; the lab follows the spec). Writing Control with Doorbell set runs
 * the command synchronously, as QEMU's mailbox_reg_write does. Every access is recorded.
 */
import { err, ok, type Result } from '../result.ts';
import * as D from '../spec/device-regs.ts';
import { hex } from '../units.ts';
import { getU64, putU64 } from './bytes.ts';

export interface MmioAccess {
  op: 'read' | 'write';
  offset: number;
  size: number;
  /** The value (up to 8 bytes); payload block transfers carry their byte count in `size`. */
  value: bigint;
  /** The register the access hits (its spec name) or "Command Payload +0x…". */
  register: string;
}

const PAYLOAD = D.MAILBOX_OFFSET + D.MBOX.payload;
const CONTROL = D.MAILBOX_OFFSET + D.MBOX.control;
const COMMAND = D.MAILBOX_OFFSET + D.MBOX.command;

function buildWriteMask(): Uint8Array {
  const m = new Uint8Array(D.DEVICE_BLOCK_BAR_SIZE);
  m[CONTROL] = 0x07;
  m.fill(0xff, COMMAND, COMMAND + 4);
  m[COMMAND + 4] = 0x1f; // Payload Length bits 20:16
  m.fill(0xff, PAYLOAD, PAYLOAD + D.MAILBOX_PAYLOAD_SIZE);
  return m;
}
const WRITE_MASK = buildWriteMask();

/** The register an offset falls in, by name. */
export function deviceRegisterName(offset: number): string {
  if (offset < D.DEVICE_CAP_ENTRY_BYTES) return 'Device Capabilities Array Register';
  if (offset < D.DEVICE_STATUS_OFFSET)
    return `Device Capability Header ${Math.floor(offset / D.DEVICE_CAP_ENTRY_BYTES)}`;
  if (offset < D.MAILBOX_OFFSET) return 'Event Status Register';
  const m = offset - D.MAILBOX_OFFSET;
  if (m < D.MBOX.control) return 'Mailbox Capabilities Register';
  if (m < D.MBOX.command) return 'Mailbox Control Register';
  if (m < D.MBOX.status) return 'Command Register';
  if (m < D.MBOX.backgroundStatus) return 'Mailbox Status Register';
  if (m < D.MBOX.payload) return 'Background Command Status Register';
  if (offset < D.MEMDEV_STATUS_OFFSET) return `Command Payload +${hex(offset - PAYLOAD)}`;
  if (offset < D.MEMDEV_STATUS_OFFSET + D.MEMDEV_STATUS_LENGTH) return 'Memory Device Status Register';
  return 'reserved';
}

export class DeviceRegisterBlock {
  readonly bytes = new Uint8Array(D.DEVICE_BLOCK_BAR_SIZE);
  /** Called when software rings the doorbell; the device executes and clears it. */
  onDoorbell: () => void = () => {};
  /** Reads the Event Status the device's logs imply (refreshed before each read of it). */
  eventStatus: () => number = () => 0;
  trace: MmioAccess[] | null = null;

  constructor() {
    putU64(this.bytes, 0, (1n << 16n) | (BigInt(D.DEVICE_CAPABILITIES.length) << 32n)); // ID 0, version 1, count
    D.DEVICE_CAPABILITIES.forEach((c, i) => {
      const at = D.DEVICE_CAP_ENTRY_BYTES * (i + 1);
      this.put32(at, c.id + c.version * 2 ** 16);
      this.put32(at + 4, c.offset);
      this.put32(at + 8, c.length);
    });
    this.put32(D.MAILBOX_OFFSET + D.MBOX.capabilities, D.MAILBOX_PAYLOAD_SHIFT);
    putU64(this.bytes, D.MEMDEV_STATUS_OFFSET, BigInt(D.MEMDEV_STATUS_READY));
  }

  put32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.bytes[at + i] = Math.floor(v / 2 ** (8 * i)) % 256;
  }

  #check(offset: number, size: number): Result<true> {
    if (size !== 1 && size !== 2 && size !== 4 && size !== 8) {
      return err('device-regs.bad-size', `device register access of ${size} bytes: only 1, 2, 4 or 8`);
    }
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.bytes.length || offset % size !== 0) {
      return err(
        'device-regs.bad-offset',
        `device register access at ${hex(offset)} (${size} bytes) is outside the block or unaligned`,
        { offset },
      );
    }
    return ok(true);
  }

  #get(offset: number, size: number): bigint {
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.bytes[offset + i] ?? 0);
    return v;
  }

  read(offset: number, size: number): Result<bigint> {
    const c = this.#check(offset, size);
    if (!c.ok) return c;
    this.put32(D.DEVICE_STATUS_OFFSET, this.eventStatus());
    const value = this.#get(offset, size);
    this.trace?.push({ op: 'read', offset, size, value, register: deviceRegisterName(offset) });
    return ok(value);
  }

  write(offset: number, size: number, value: bigint): Result<bigint> {
    const c = this.#check(offset, size);
    if (!c.ok) return c;
    if (value < 0n || value >= 1n << BigInt(8 * size))
      return err('device-regs.bad-value', `${value} does not fit ${size} bytes`, { offset });
    this.trace?.push({ op: 'write', offset, size, value, register: deviceRegisterName(offset) });
    const busy = ((this.bytes[CONTROL] ?? 0) & 1) === 1;
    for (let i = 0; i < size; i++) {
      const at = offset + i;
      // While the doorbell is set the Command register and payload belong to the device (CXL 2.0 §8.2.8.4.4).
      const mask = busy && at !== CONTROL ? 0 : (WRITE_MASK[at] ?? 0);
      const b = Number((value >> BigInt(8 * i)) & 0xffn);
      this.bytes[at] = ((this.bytes[at] ?? 0) & ~mask) | (b & mask);
    }
    if (!busy && ((this.bytes[CONTROL] ?? 0) & 1) === 1) this.onDoorbell();
    return ok(this.#get(offset, size));
  }

  /** Software copying a payload into the payload area (recorded as one block write). */
  writePayload(data: Uint8Array): void {
    const n = Math.min(data.length, D.MAILBOX_PAYLOAD_SIZE);
    this.bytes.set(data.subarray(0, n), PAYLOAD);
    this.trace?.push({
      op: 'write',
      offset: PAYLOAD,
      size: n,
      value: BigInt(n),
      register: 'Command Payload (block copy)',
    });
  }

  /** Software copying `n` payload bytes out (recorded as one block read). */
  readPayload(n: number): Uint8Array {
    const count = Math.min(n, D.MAILBOX_PAYLOAD_SIZE);
    this.trace?.push({
      op: 'read',
      offset: PAYLOAD,
      size: count,
      value: BigInt(count),
      register: 'Command Payload (block copy)',
    });
    return this.bytes.slice(PAYLOAD, PAYLOAD + count);
  }

  /** A 64-bit register as the device sees it (no trace). */
  peek64(offset: number): bigint {
    return getU64(this.bytes, offset);
  }
}
