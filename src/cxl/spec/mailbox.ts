/**
 * Mailbox command vocabulary: return codes (CXL 2.0 §8.2.8.4.5.1; QEMU
 * include/hw/cxl/cxl_device.h CXLRetCode; Linux drivers/cxl/cxlmem.h CMD_CMD_RC_TABLE), the opcodes
 * the lab implements (CXL 2.0 §8.2.9), the Command Effects bits of a CEL entry (CXL 2.0 §8.2.9.4.2)
 * and the log UUIDs.
 */

/** Return codes, value = index (CXL 2.0 §8.2.8.4.5.1). */
export const RETURN_CODES = [
  'Success',
  'Background Command Started',
  'Invalid Input',
  'Unsupported',
  'Internal Error',
  'Retry Required',
  'Busy',
  'Media Disabled',
  'FW Transfer in Progress',
  'FW Transfer Out of Order',
  'FW Authentication Failed',
  'Invalid Slot',
  'Activation Failed, FW Rolled Back',
  'Activation Failed, Cold Reset Required',
  'Invalid Handle',
  'Invalid Physical Address',
  'Inject Poison Limit Reached',
  'Permanent Media Failure',
  'Aborted',
  'Invalid Security State',
  'Incorrect Passphrase',
  'Unsupported Mailbox or CCI',
  'Invalid Payload Length',
] as const;

export const RC = {
  success: 0x00,
  backgroundStarted: 0x01,
  invalidInput: 0x02,
  unsupported: 0x03,
  internalError: 0x04,
  busy: 0x06,
  invalidHandle: 0x0e,
  invalidPhysicalAddress: 0x0f,
  injectPoisonLimit: 0x10,
  invalidPayloadLength: 0x16,
} as const;

/** "Success (0x00)" / "code 0x42 (not defined by CXL 2.0)". */
export function returnCodeName(code: number): string {
  const name = RETURN_CODES[code];
  const h = `0x${code.toString(16).padStart(2, '0')}`;
  return name === undefined ? `code ${h} (not defined by CXL 2.0)` : `${name} (${h})`;
}

/** Opcodes = command set << 8 | command (CXL 2.0 §8.2.9; Linux drivers/cxl/cxlmem.h enum cxl_opcode). */
export const OPCODE = {
  getEventRecords: 0x0100,
  clearEventRecords: 0x0101,
  getTimestamp: 0x0300,
  setTimestamp: 0x0301,
  getSupportedLogs: 0x0400,
  getLog: 0x0401,
  identify: 0x4000,
  getPartitionInfo: 0x4100,
  setPartitionInfo: 0x4101,
  getLsa: 0x4102,
  setLsa: 0x4103,
  getHealthInfo: 0x4200,
  getPoisonList: 0x4300,
  injectPoison: 0x4301,
  clearPoison: 0x4302,
} as const;

/** Command Effects bits of a CEL entry (CXL 2.0 §8.2.9.4.2; QEMU hw/cxl/cxl-mailbox-utils.c
 * IMMEDIATE_CONFIG_CHANGE … use the same bits). */
export const EFFECT = {
  configChangeColdReset: 1 << 0,
  immediateConfigChange: 1 << 1,
  immediateDataChange: 1 << 2,
  immediatePolicyChange: 1 << 3,
  immediateLogChange: 1 << 4,
  securityStateChange: 1 << 5,
  backgroundOperation: 1 << 6,
} as const;

export const EFFECT_NAMES: readonly string[] = [
  'Configuration Change after Cold Reset',
  'Immediate Configuration Change',
  'Immediate Data Change',
  'Immediate Policy Change',
  'Immediate Log Change',
  'Security State Change',
  'Background Operation',
];

/** Command Effects Log UUID (CXL 2.0 §8.2.9.4; Linux drivers/cxl/cxlmem.h DEFINE_CXL_CEL_UUID). */
export const CEL_UUID = '0da9c0b5-bf41-4b78-8f79-96b1623b3f17';
/** Vendor Debug Log UUID (same tables): listed by some devices, not by QEMU nor the lab. */
export const VENDOR_DEBUG_UUID = '5e1819d9-11a9-400c-811f-d60719403d86';
/** General Media Event Record UUID (CXL r3.0 §8.2.9.2.1.1 Table 8-43; Linux include/cxl/event.h). */
export const GENERAL_MEDIA_UUID = 'fbcd0a77-c260-417f-85a9-088b1621eba6';

/** Event logs, by Get Event Records' Event Log value (CXL 2.0 §8.2.9.1.2; Linux drivers/cxl/cxlmem.h
 * enum cxl_event_log_type). */
export const EVENT_LOGS = ['Informational', 'Warning', 'Failure', 'Fatal'] as const;
