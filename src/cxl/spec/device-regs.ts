/**
 * The CXL memory device register block (the block a Register Locator entry with Block Identifier 3
 * points at): the Device Capabilities Array, Device Status, the Primary Mailbox and Memory Device
 * Status (CXL 2.0 §8.2.8). Offsets are chained from sizes the way QEMU places them
 * (include/hw/cxl/cxl_device.h CXL_DEVICE_STATUS_REGISTERS_OFFSET …; hw/cxl/cxl-device-utils.c);
 * software finds each through the capability headers. 64-bit registers are declared as two 32-bit
 * halves (`…Low` at +0, `…High` at +4).
 */
import { defineReg } from '../regs/field.ts';

/** Device Capabilities Array Register and each capability header: 16 bytes (CXL 2.0 §8.2.8.1, §8.2.8.2). */
export const DEVICE_CAP_ENTRY_BYTES = 0x10;
/** Capability IDs (CXL 2.0 §8.2.8.2.1; Linux drivers/cxl/cxl.h CXLDEV_CAP_CAP_ID_*). */
export const DEVICE_CAP_ID = { deviceStatus: 0x0001, primaryMailbox: 0x0002, memoryDevice: 0x4000 } as const;
export const DEVICE_CAP_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0000, 'Device Capabilities Array'],
  [0x0001, 'Device Status Registers'],
  [0x0002, 'Primary Mailbox Registers'],
  [0x0003, 'Secondary Mailbox Registers'],
  [0x4000, 'Memory Device Status Registers'],
]);

/** Register sets, in QEMU's order from 0x80 (it reserves 0x00–0x7F for the array and headers). */
export const DEVICE_STATUS_OFFSET = 0x80;
export const DEVICE_STATUS_LENGTH = 0x8;
export const MAILBOX_OFFSET = DEVICE_STATUS_OFFSET + DEVICE_STATUS_LENGTH;
/** Mailbox registers before the payload (CXL 2.0 §8.2.8.4, Figure 139). */
export const MAILBOX_REGS_SIZE = 0x20;
/** QEMU's payload: 2^11 = 2048 bytes (CXL_MAILBOX_PAYLOAD_SHIFT). The spec allows 256 B – 1 MiB. */
export const MAILBOX_PAYLOAD_SHIFT = 11;
export const MAILBOX_PAYLOAD_SIZE = 2 ** MAILBOX_PAYLOAD_SHIFT;
export const MAILBOX_LENGTH = MAILBOX_REGS_SIZE + MAILBOX_PAYLOAD_SIZE;
export const MEMDEV_STATUS_OFFSET = MAILBOX_OFFSET + MAILBOX_LENGTH;
export const MEMDEV_STATUS_LENGTH = 0x8;
/** The block's BAR size: the registers (0x8B0 bytes) rounded up to a power of two. */
export const DEVICE_BLOCK_BAR_SIZE = 0x1000;

/** Offsets inside the mailbox register set (CXL 2.0 §8.2.8.4.3–§8.2.8.4.8). */
export const MBOX = {
  capabilities: 0x00,
  control: 0x04,
  command: 0x08,
  status: 0x10,
  backgroundStatus: 0x18,
  payload: 0x20,
} as const;

/** The capability headers in order: ID, version (QEMU's), offset, length. */
export const DEVICE_CAPABILITIES = [
  { id: DEVICE_CAP_ID.deviceStatus, version: 2, offset: DEVICE_STATUS_OFFSET, length: DEVICE_STATUS_LENGTH },
  { id: DEVICE_CAP_ID.primaryMailbox, version: 1, offset: MAILBOX_OFFSET, length: MAILBOX_LENGTH },
  { id: DEVICE_CAP_ID.memoryDevice, version: 1, offset: MEMDEV_STATUS_OFFSET, length: MEMDEV_STATUS_LENGTH },
] as const;

/** 0x00, low half: Device Capabilities Array Register (CXL 2.0 §8.2.8.1). */
export const capArrayLow = defineReg('Device Capabilities Array Register (low)', 0x0, [
  { name: 'capId', bit: 0, width: 16, access: 'RO', title: 'Capability ID' },
  { name: 'version', bit: 16, width: 8, access: 'RO', title: 'Version' },
  { name: 'rsvd', bit: 24, width: 8, access: 'RsvdP' },
]);
export const capArrayHigh = defineReg('Device Capabilities Array Register (high)', 0x4, [
  { name: 'count', bit: 0, width: 16, access: 'RO', title: 'Capabilities Count' },
  { name: 'rsvd', bit: 16, width: 16, access: 'RsvdP' },
]);
/** 0x10·n: Device Capability Header n (CXL 2.0 §8.2.8.2): ID/version, offset, length, reserved. */
export const capHeaderId = defineReg('Device Capability Header', 0x0, [
  { name: 'capId', bit: 0, width: 16, access: 'RO', title: 'Capability ID' },
  { name: 'version', bit: 16, width: 8, access: 'RO', title: 'Version' },
  { name: 'rsvd', bit: 24, width: 8, access: 'RsvdP' },
]);
export const capHeaderOffset = defineReg('Device Capability Header Offset', 0x4, [
  { name: 'offset', bit: 0, width: 32, access: 'RO', title: 'Offset' },
]);
export const capHeaderLength = defineReg('Device Capability Header Length', 0x8, [
  { name: 'length', bit: 0, width: 32, access: 'RO', title: 'Length' },
]);

/** Device Status: Event Status, bits 3:0 one per event log (CXL 2.0 §8.2.8.3.1). */
export const eventStatus = defineReg('Event Status Register', 0x0, [
  { name: 'info', bit: 0, width: 1, access: 'RO', title: 'Informational Event Log' },
  { name: 'warning', bit: 1, width: 1, access: 'RO', title: 'Warning Event Log' },
  { name: 'failure', bit: 2, width: 1, access: 'RO', title: 'Failure Event Log' },
  { name: 'fatal', bit: 3, width: 1, access: 'RO', title: 'Fatal Event Log' },
  { name: 'rsvd', bit: 4, width: 28, access: 'RsvdP' },
]);

/** Mailbox Capabilities (CXL 2.0 §8.2.8.4.3). */
export const mailboxCapabilities = defineReg('Mailbox Capabilities Register', MBOX.capabilities, [
  { name: 'payloadSize', bit: 0, width: 5, access: 'RO', title: 'Payload Size' },
  { name: 'doorbellIrq', bit: 5, width: 1, access: 'RO', title: 'MB Doorbell Interrupt Capable' },
  { name: 'bgIrq', bit: 6, width: 1, access: 'RO', title: 'Background Command Complete Interrupt Capable' },
  { name: 'msgNumber', bit: 7, width: 4, access: 'RO', title: 'Interrupt Message Number' },
  { name: 'rsvd', bit: 11, width: 21, access: 'RsvdP' },
]);
/** Mailbox Control (CXL 2.0 §8.2.8.4.4): software sets Doorbell; the device clears it when done. */
export const mailboxControl = defineReg('Mailbox Control Register', MBOX.control, [
  { name: 'doorbell', bit: 0, width: 1, access: 'RW', title: 'Doorbell' },
  { name: 'doorbellIrq', bit: 1, width: 1, access: 'RW', title: 'MB Doorbell Interrupt' },
  { name: 'bgIrq', bit: 2, width: 1, access: 'RW', title: 'Background Command Complete Interrupt' },
  { name: 'rsvd', bit: 3, width: 29, access: 'RsvdP' },
]);
/** Command Register (CXL 2.0 §8.2.8.4.5): opcode [15:0], payload length [36:16] (21 bits). */
export const mailboxCommandLow = defineReg('Command Register (low)', MBOX.command, [
  { name: 'opcode', bit: 0, width: 16, access: 'RW', title: 'Command Opcode' },
  { name: 'lengthLow', bit: 16, width: 16, access: 'RW', title: 'Payload Length [15:0]' },
]);
export const mailboxCommandHigh = defineReg('Command Register (high)', MBOX.command + 4, [
  { name: 'lengthHigh', bit: 0, width: 5, access: 'RW', title: 'Payload Length [20:16]' },
  { name: 'rsvd', bit: 5, width: 27, access: 'RsvdP' },
]);
/** Mailbox Status (CXL 2.0 §8.2.8.4.6): Background Operation [0], Return Code [47:32]. */
export const mailboxStatusLow = defineReg('Mailbox Status Register (low)', MBOX.status, [
  { name: 'background', bit: 0, width: 1, access: 'RO', title: 'Background Operation' },
  { name: 'rsvd', bit: 1, width: 31, access: 'RsvdP' },
]);
export const mailboxStatusHigh = defineReg('Mailbox Status Register (high)', MBOX.status + 4, [
  { name: 'returnCode', bit: 0, width: 16, access: 'RO', title: 'Return Code' },
  { name: 'vendorStatus', bit: 16, width: 16, access: 'RO', title: 'Vendor Specific Extended Status' },
]);
/** Background Command Status (CXL 2.0 §8.2.8.4.7). */
export const bgStatusLow = defineReg('Background Command Status Register (low)', MBOX.backgroundStatus, [
  { name: 'opcode', bit: 0, width: 16, access: 'RO', title: 'Command Opcode' },
  { name: 'percent', bit: 16, width: 7, access: 'RO', title: 'Percentage Complete' },
  { name: 'rsvd', bit: 23, width: 9, access: 'RsvdP' },
]);
export const bgStatusHigh = defineReg(
  'Background Command Status Register (high)',
  MBOX.backgroundStatus + 4,
  [
    { name: 'returnCode', bit: 0, width: 16, access: 'RO', title: 'Return Code' },
    { name: 'vendorStatus', bit: 16, width: 16, access: 'RO', title: 'Vendor Specific Extended Status' },
  ],
);

/** Memory Device Status (CXL 2.0 §8.2.8.5.1.1). */
export const memdevStatus = defineReg('Memory Device Status Register', 0x0, [
  { name: 'fatal', bit: 0, width: 1, access: 'RO', title: 'Device Fatal' },
  { name: 'fwHalt', bit: 1, width: 1, access: 'RO', title: 'FW Halt' },
  { name: 'mediaStatus', bit: 2, width: 2, access: 'RO', title: 'Media Status' },
  { name: 'mailboxReady', bit: 4, width: 1, access: 'RO', title: 'Mailbox Interface Ready' },
  { name: 'resetNeeded', bit: 5, width: 3, access: 'RO', title: 'Reset Needed' },
  { name: 'rsvd', bit: 8, width: 24, access: 'RsvdP' },
]);
/** Media Status values (CXL 2.0 §8.2.8.5.1.1). */
export const MEDIA_STATUS = ['Not Ready', 'Ready', 'Error', 'Disabled'] as const;
/** Media ready and mailbox ready: what QEMU reports (include/hw/cxl/cxl_device.h cxl_dev_enable_media). */
export const MEMDEV_STATUS_READY = 0b1_01_00;
