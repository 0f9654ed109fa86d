/**
 * The cxl_pci_probe phases that talk to the device register block (Linux v6.5 drivers/cxl/pci.c and
 * drivers/cxl/core/mbox.c): media ready, mailbox setup, command enumeration through the CEL, Set
 * Timestamp, poison state, Identify and the partition / range info. Each records its steps on the
 * shared `ProbeContext` and stops the replay (`ctx.failed`) where Linux would fail the probe.
 */
import * as D from '../../spec/device-regs.ts';
import { CEL_UUID, OPCODE, RC } from '../../spec/mailbox.ts';
import * as L from '../../spec/mailbox-payloads.ts';
import { hex } from '../../units.ts';
import { getU64, getUint, putU64, putUint, uuidBytes, uuidText } from '../bytes.ts';
import type { ProbeContext } from './context.ts';

const MEMDEV_STATUS = D.MEMDEV_STATUS_OFFSET;
const MBOX_CAPS = D.MAILBOX_OFFSET + D.MBOX.capabilities;
const MBOX_CONTROL = D.MAILBOX_OFFSET + D.MBOX.control;
const CORE_PCI = 'drivers/cxl/core/pci.c';
const PCI = 'drivers/cxl/pci.c';
const MBOX = 'drivers/cxl/core/mbox.c';

/** cxl_await_media_ready: after the DVSEC range polls (config space), Media Status must be Ready. */
export function mediaReady(ctx: ProbeContext): void {
  let status = 0n;
  ctx.mmio(
    'Read Memory Device Status (media ready?)',
    `${CORE_PCI} cxl_await_media_ready`,
    'After waiting for Memory_Info_Valid and Memory_Active in the DVSEC range registers (config space), Linux reads Memory Device Status and needs Media Status = Ready (CXL 2.0 §8.2.8.5.1.1).',
    (read) => {
      status = read(MEMDEV_STATUS, 8);
    },
  );
  const media = Number((status >> 2n) & 3n);
  if (media !== 1)
    ctx.note(
      'Media not active',
      `${PCI} cxl_pci_probe`,
      `Media Status is ${D.MEDIA_STATUS[media]}: Linux warns "Media not active" and later refuses to add the memory (cxl_mem).`,
    );
}

/** cxl_pci_setup_mailbox: capabilities, wait for Mailbox Interface Ready and an idle doorbell. */
export function setupMailbox(ctx: ProbeContext): void {
  let cap = 0n;
  let ready = false;
  ctx.mmio(
    'Mailbox setup: capabilities, ready, doorbell idle',
    `${PCI} cxl_pci_setup_mailbox`,
    'Linux reads Mailbox Capabilities (payload size = 2^bits 4:0), polls Memory Device Status until Mailbox Interface Ready (bit 4), then waits once for the doorbell to be clear in case a previous driver left a command running.',
    (read) => {
      cap = read(MBOX_CAPS, 4);
      ready = ((read(MEMDEV_STATUS, 8) >> 4n) & 1n) === 1n;
      if (ready) read(MBOX_CONTROL, 4);
    },
  );
  if (!ready) {
    ctx.failed = 'timeout awaiting mailbox ready: Memory Device Status bit 4 stays 0 (cxl_pci_setup_mailbox)';
    return;
  }
  ctx.payloadSize = Math.min(2 ** Number(cap & 0x1fn), 2 ** 20);
  if (ctx.payloadSize < 256) ctx.failed = `Mailbox is too small (${ctx.payloadSize} bytes; Linux needs 256)`;
  const irq = ((cap >> 6n) & 1n) === 1n;
  ctx.note(
    `Payload size ${ctx.payloadSize} bytes; ${irq ? 'background-command interrupt' : 'polling (no background-command interrupt)'}`,
    `${PCI} cxl_pci_setup_mailbox`,
    irq
      ? 'The capabilities offer a background-command-complete interrupt; Linux enables it in Mailbox Control when it gets the vector.'
      : 'Mailbox Capabilities bit 6 is 0, so Linux polls for background commands (sanitize polling work).',
  );
}

/** cxl_enumerate_cmds: Get Supported Logs, then the CEL through Get Log in payload-size chunks. */
export function enumerateCommands(ctx: ProbeContext): void {
  const gsl = ctx.mailbox(
    OPCODE.getSupportedLogs,
    new Uint8Array(0),
    `${MBOX} cxl_enumerate_cmds → cxl_get_gsl`,
    'Linux asks which logs the device keeps (it needs at least the 2-byte entry count back) to find the Command Effects Log.',
  );
  if (ctx.failed !== null || gsl.returnCode !== RC.success || gsl.output === undefined) {
    ctx.failed ??= `Get Supported Logs answered ${gsl.returnCodeName}: cxl_enumerate_cmds fails the probe`;
    return;
  }
  const out = gsl.output;
  const count = getUint(out, L.SUPPORTED_LOGS.count.at, 2);
  let found = false;
  for (
    let i = 0;
    i < count && L.SUPPORTED_LOGS.entries + (i + 1) * L.SUPPORTED_LOGS.entrySize <= out.length;
    i++
  ) {
    const at = L.SUPPORTED_LOGS.entries + i * L.SUPPORTED_LOGS.entrySize;
    if (uuidText(out, at) !== CEL_UUID) continue;
    found = true;
    readCel(ctx, getUint(out, at + L.SUPPORTED_LOGS.logSizeAt, 4));
    if (ctx.failed !== null) return;
  }
  if (!found)
    ctx.failed = 'no Command Effects Log among the supported logs: cxl_enumerate_cmds returns -ENOENT';
}

/** cxl_xfer_log: Get Log of the CEL, `min(remaining, payload size)` bytes at a time; cxl_walk_cel. */
function readCel(ctx: ProbeContext, size: number): void {
  for (let offset = 0; offset < size; ) {
    const length = Math.min(size - offset, ctx.payloadSize);
    const input = new Uint8Array(L.GET_LOG_SIZE);
    input.set(uuidBytes(CEL_UUID), L.GET_LOG.uuid.at);
    putUint(input, L.GET_LOG.offset.at, 4, offset);
    putUint(input, L.GET_LOG.length.at, 4, length);
    const s = ctx.mailbox(
      OPCODE.getLog,
      input,
      `${MBOX} cxl_xfer_log`,
      `Linux reads the Command Effects Log (${size} bytes) in chunks of at most the payload size; each 4-byte entry names an opcode the device implements, and cxl_walk_cel enables the ones the driver knows.`,
    );
    if (ctx.failed !== null || s.returnCode !== RC.success || s.output === undefined) {
      ctx.failed ??= `Get Log answered ${s.returnCodeName}: the probe fails`;
      return;
    }
    for (let at = 0; at + L.CEL_ENTRY_SIZE <= s.output.length; at += L.CEL_ENTRY_SIZE)
      ctx.celOpcodes.add(getUint(s.output, at, 2));
    offset += length;
  }
}

/** cxl_set_timestamp: optional; only a return code other than Unsupported fails the probe. */
export function setTimestamp(ctx: ProbeContext): void {
  const input = new Uint8Array(L.TIMESTAMP_SIZE);
  putU64(input, 0, ctx.options.timestampNs ?? 1_700_000_000_000_000_000n);
  const s = ctx.mailbox(
    OPCODE.setTimestamp,
    input,
    `${MBOX} cxl_set_timestamp`,
    'Linux gives the device the time (ktime_get_real_ns, ns since 1970) so its event and poison records carry real timestamps; Unsupported is accepted.',
  );
  if (ctx.failed === null && s.returnCode !== RC.success && s.returnCode !== RC.unsupported)
    ctx.failed = `Set Timestamp answered ${s.returnCodeName}: cxl_set_timestamp fails the probe`;
}

/** cxl_poison_state_init: no command, only a buffer when the CEL lists Get Poison List. */
export function poisonState(ctx: ProbeContext): void {
  const listed = ctx.celOpcodes.has(OPCODE.getPoisonList);
  ctx.note(
    listed ? 'Poison list enabled (buffer allocated)' : 'Poison commands not in the CEL',
    `${MBOX} cxl_poison_state_init`,
    listed
      ? 'The CEL lists Get Poison List (4300h), so Linux allocates a payload-size buffer for poison reads; nothing is sent now.'
      : 'Without Get Poison List in the CEL Linux leaves poison handling off; nothing is sent.',
  );
}

/** cxl_dev_state_identify: Identify Memory Device; capacities in 256 MiB units → bytes. */
export function identify(ctx: ProbeContext): void {
  const s = ctx.mailbox(
    OPCODE.identify,
    new Uint8Array(0),
    `${MBOX} cxl_dev_state_identify`,
    'Linux learns the capacities (total, volatile-only, persistent-only, partition alignment, in 256 MiB units), the LSA size and the firmware revision.',
  );
  const o = s.output;
  if (ctx.failed !== null || s.returnCode !== RC.success || o === undefined || o.length < L.IDENTIFY_SIZE) {
    ctx.failed ??= `Identify answered ${s.returnCodeName} (${o?.length ?? 0} bytes): the probe fails`;
    return;
  }
  const cap = (f: { at: number }) => Number(getU64(o, f.at)) * L.CAPACITY_UNIT;
  ctx.identified = {
    total: cap(L.IDENTIFY.totalCapacity),
    volatileOnly: cap(L.IDENTIFY.volatileOnly),
    persistentOnly: cap(L.IDENTIFY.persistentOnly),
    partitionAlign: cap(L.IDENTIFY.partitionAlign),
    lsaSize: getUint(o, L.IDENTIFY.lsaSize.at, 4),
    firmware: String.fromCharCode(...o.subarray(0, 16)).replace(/\0+$/, ''),
  };
}

/** Reads Get Partition Info when the device is partitionable (cxl_mem_create_range_info). */
export function partitionInfo(
  ctx: ProbeContext,
): { activeVolatile: number; activePersistent: number } | null {
  const id = ctx.identified;
  if (id === null) return null;
  if (id.partitionAlign === 0) {
    ctx.note(
      'Not partitionable: no Get Partition Info',
      `${MBOX} cxl_mem_create_range_info`,
      'Partition Alignment is 0, so Linux takes ram = [0, volatile-only) and pmem right after it (persistent-only long) without asking for the partition.',
    );
    return null;
  }
  const s = ctx.mailbox(
    OPCODE.getPartitionInfo,
    new Uint8Array(0),
    `${MBOX} cxl_mem_create_range_info → cxl_mem_get_partition_info`,
    `Partition Alignment is ${hex(id.partitionAlign)} bytes, so the split can move: Linux asks for the active volatile / persistent capacities.`,
  );
  const o = s.output;
  if (
    ctx.failed !== null ||
    s.returnCode !== RC.success ||
    o === undefined ||
    o.length < L.GET_PARTITION_SIZE
  ) {
    ctx.failed ??= `Get Partition Info answered ${s.returnCodeName}: "Failed to query partition information"`;
    return null;
  }
  return {
    activeVolatile: Number(getU64(o, L.GET_PARTITION.activeVolatile.at)) * L.CAPACITY_UNIT,
    activePersistent: Number(getU64(o, L.GET_PARTITION.activePersistent.at)) * L.CAPACITY_UNIT,
  };
}
