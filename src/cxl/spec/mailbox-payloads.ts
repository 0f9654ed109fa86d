/**
 * Byte layouts of the mailbox payloads the lab implements: offsets and sizes of each field, from the
 * CXL 2.0 payload tables (§8.2.9.1–§8.2.9.5) as Linux declares them (drivers/cxl/cxlmem.h
 * struct cxl_mbox_identify, cxl_mbox_get_partition_info, cxl_mbox_set_partition_info,
 * cxl_mbox_get_lsa, cxl_mbox_set_lsa, cxl_mbox_get_supported_logs, cxl_mbox_get_log,
 * cxl_get_event_payload, cxl_mbox_clear_event_payload, cxl_mbox_health_info, cxl_mbox_poison_in,
 * cxl_mbox_poison_out, cxl_mbox_inject_poison, cxl_mbox_clear_poison; include/cxl/event.h).
 * Every multi-byte field is little-endian. Capacities are in units of 256 MiB.
 */

/** Capacity fields count 256 MiB units (Linux drivers/cxl/cxlmem.h CXL_CAPACITY_MULTIPLIER). */
export const CAPACITY_UNIT = 256 * 2 ** 20;
/** Poison addresses and lengths count 64-byte cache lines (CXL 2.0 §8.2.9.5.4.1). */
export const POISON_UNIT = 64;

/** Identify Memory Device output (CXL 2.0 §8.2.9.5.1.1, Table 175): 0x43 bytes. */
export const IDENTIFY = {
  fwRevision: { at: 0x00, size: 16 },
  totalCapacity: { at: 0x10, size: 8 },
  volatileOnly: { at: 0x18, size: 8 },
  persistentOnly: { at: 0x20, size: 8 },
  partitionAlign: { at: 0x28, size: 8 },
  infoLogSize: { at: 0x30, size: 2 },
  warningLogSize: { at: 0x32, size: 2 },
  failureLogSize: { at: 0x34, size: 2 },
  fatalLogSize: { at: 0x36, size: 2 },
  lsaSize: { at: 0x38, size: 4 },
  poisonMaxRecords: { at: 0x3c, size: 3 },
  injectPoisonLimit: { at: 0x3f, size: 2 },
  poisonCaps: { at: 0x41, size: 1 },
  qosCaps: { at: 0x42, size: 1 },
} as const;
export const IDENTIFY_SIZE = 0x43;

/** Get Partition Info output (CXL 2.0 §8.2.9.5.2.1): four capacities, 0x20 bytes. */
export const GET_PARTITION = {
  activeVolatile: { at: 0x00, size: 8 },
  activePersistent: { at: 0x08, size: 8 },
  nextVolatile: { at: 0x10, size: 8 },
  nextPersistent: { at: 0x18, size: 8 },
} as const;
export const GET_PARTITION_SIZE = 0x20;

/** Set Partition Info input (CXL 2.0 §8.2.9.5.2.2): volatile capacity, flags ([0] Immediate), 0x0A bytes. */
export const SET_PARTITION = { volatile: { at: 0x00, size: 8 }, flags: { at: 0x08, size: 1 } } as const;
export const SET_PARTITION_SIZE = 0x0a;
export const SET_PARTITION_IMMEDIATE = 0x1;

/** Get LSA input (CXL 2.0 §8.2.9.5.2.3): offset, length; the output is the bytes. */
export const GET_LSA = { offset: { at: 0x0, size: 4 }, length: { at: 0x4, size: 4 } } as const;
export const GET_LSA_SIZE = 0x8;
/** Set LSA input (CXL 2.0 §8.2.9.5.2.4): offset, reserved, data from 0x08. */
export const SET_LSA = { offset: { at: 0x0, size: 4 }, data: 0x8 } as const;

/** Get Supported Logs output (CXL 2.0 §8.2.9.4.1): count, 6 reserved, 0x14-byte entries (UUID, size). */
export const SUPPORTED_LOGS = {
  count: { at: 0x0, size: 2 },
  entries: 0x8,
  entrySize: 0x14,
  logSizeAt: 0x10,
} as const;
/** Get Log input (CXL 2.0 §8.2.9.4.2, Table 170): UUID, offset, length. */
export const GET_LOG = {
  uuid: { at: 0x00, size: 16 },
  offset: { at: 0x10, size: 4 },
  length: { at: 0x14, size: 4 },
} as const;
export const GET_LOG_SIZE = 0x18;
/** One CEL entry: opcode, command effect (CXL 2.0 §8.2.9.4.2.1). */
export const CEL_ENTRY_SIZE = 4;

/** Get/Set Timestamp payload (CXL 2.0 §8.2.9.3): nanoseconds since midnight 1 Jan 1970 UTC, 8 bytes. */
export const TIMESTAMP_SIZE = 8;

/** Get Event Records input: the log (1 byte); output header 0x20 bytes then records (CXL 2.0 §8.2.9.1.2). */
export const GET_EVENTS_IN_SIZE = 1;
export const GET_EVENTS = {
  flags: { at: 0x00, size: 1 },
  overflowCount: { at: 0x02, size: 2 },
  firstOverflow: { at: 0x04, size: 8 },
  lastOverflow: { at: 0x0c, size: 8 },
  recordCount: { at: 0x14, size: 2 },
  records: 0x20,
} as const;
/** Get Event Records flags: [0] Overflow, [1] More Event Records. */
export const EVENTS_OVERFLOW = 0x1;
export const EVENTS_MORE = 0x2;
/** Clear Event Records input (CXL 2.0 §8.2.9.1.3): log, flags ([0] Clear All), count, 3 reserved, handles. */
export const CLEAR_EVENTS = { log: 0x0, flags: 0x1, count: 0x2, handles: 0x6 } as const;
export const CLEAR_ALL_EVENTS = 0x1;

/** Common Event Record (CXL 2.0 §8.2.9.1.1): 0x80 bytes; General Media data from 0x30. */
export const EVENT_RECORD_SIZE = 0x80;
export const EVENT_RECORD = {
  uuid: 0x00,
  length: 0x10,
  flags: 0x11,
  handle: 0x14,
  relatedHandle: 0x16,
  timestamp: 0x18,
  data: 0x30,
} as const;
/** General Media Event Record fields (CXL 2.0 §8.2.9.1.1.1; Linux include/cxl/event.h cxl_event_gen_media). */
export const GENERAL_MEDIA = {
  physicalAddress: 0x30,
  descriptor: 0x38,
  type: 0x39,
  transactionType: 0x3a,
  validity: 0x3b,
} as const;

/** Get Health Info output (CXL 2.0 §8.2.9.5.3.1): 0x12 bytes. */
export const HEALTH = {
  healthStatus: { at: 0x00, size: 1 },
  mediaStatus: { at: 0x01, size: 1 },
  additionalStatus: { at: 0x02, size: 1 },
  lifeUsed: { at: 0x03, size: 1 },
  temperature: { at: 0x04, size: 2 },
  dirtyShutdowns: { at: 0x06, size: 4 },
  correctedVolatile: { at: 0x0a, size: 4 },
  correctedPersistent: { at: 0x0e, size: 4 },
} as const;
export const HEALTH_SIZE = 0x12;

/** Get Poison List input (CXL 2.0 §8.2.9.5.4.1): DPA start, length in 64-byte units. */
export const POISON_IN = { address: { at: 0x0, size: 8 }, length: { at: 0x8, size: 8 } } as const;
export const POISON_IN_SIZE = 0x10;
/** Get Poison List output: flags, overflow timestamp, count, 0x14 reserved, 16-byte records from 0x20. */
export const POISON_OUT = {
  flags: { at: 0x00, size: 1 },
  overflowTimestamp: { at: 0x02, size: 8 },
  count: { at: 0x0a, size: 2 },
  records: 0x20,
  recordSize: 0x10,
  recordLengthAt: 0x8,
} as const;
/** Poison List flags: [0] More Media Error Records, [1] Poison List Overflow, [2] Scan Media in Progress. */
export const POISON_MORE = 0x1;
export const POISON_OVERFLOW = 0x2;
/** Media error record sources, address bits [2:0] (CXL 2.0 §8.2.9.5.4.1). */
export const POISON_SOURCES = [
  'Unknown',
  'External',
  'Internal',
  'Injected',
  'Reserved',
  'Reserved',
  'Reserved',
  'Vendor Specific',
] as const;
export const POISON_SOURCE_INJECTED = 3;
/** Inject Poison input: DPA (8); Clear Poison input: DPA (8) and 64 bytes of write data (CXL 2.0 §8.2.9.5.4.2, .3). */
export const INJECT_POISON_SIZE = 0x8;
export const CLEAR_POISON_SIZE = 0x48;
