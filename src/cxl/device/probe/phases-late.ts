/**
 * The late probe phases (Linux v6.5): event-log setup in cxl_pci_probe (only with native CXL error
 * control) and, for a device with pmem, what the nvdimm side sends when cxl_mem adds an nvdimm:
 * Get Security State from __nvdimm_create (drivers/nvdimm/dimm_devs.c, via drivers/cxl/security.c
 * cxl_pmem_get_security_flags) and the label reads of nd_label_data_init (drivers/nvdimm/label.c)
 * through nvdimm_get_config_data (drivers/nvdimm/dimm_devs.c) → cxl_pmem_get_config_data → Get LSA.
 */
import { INDEX, INDEX_FREE } from '../../spec/lsa-labels.ts';
import { OPCODE, RC } from '../../spec/mailbox.ts';
import { GET_LSA, GET_LSA_SIZE, SET_LSA } from '../../spec/mailbox-payloads.ts';
import { formatBytes } from '../../units.ts';
import { getU64, getUint, putUint } from '../bytes.ts';
import { decodeLsa } from '../labels/decode.ts';
import { lsaGeometry } from '../labels/geometry.ts';
import type { ProbeContext } from './context.ts';

/** Get LSA commands replayed at most (the rest are summarised). */
export const MAX_LSA_READS = 256;
/** Opcode of Get Event Interrupt Policy (CXL 2.0 §8.2.9.1.4; Linux CXL_MBOX_OP_GET_EVT_INT_POLICY). */
const GET_EVENT_INTERRUPT_POLICY = 0x0102;
/** Opcode of Get Security State (CXL 2.0 §8.2.9.5.6.1; Linux CXL_MBOX_OP_GET_SECURITY_STATE). */
const GET_SECURITY_STATE = 0x4500;

/** cxl_event_config: only when the host bridge grants native CXL error control. */
export function eventConfig(ctx: ProbeContext): void {
  if (ctx.options.nativeErrors !== true) {
    ctx.note(
      'Event logs left to firmware',
      'drivers/cxl/pci.c cxl_event_config',
      'The host bridge does not grant native CXL error control (_OSC), so Linux does not touch the event logs at probe; firmware owns them.',
    );
    return;
  }
  const s = ctx.mailbox(
    GET_EVENT_INTERRUPT_POLICY,
    new Uint8Array(0),
    'drivers/cxl/pci.c cxl_event_config → cxl_event_get_int_policy',
    'With native error control Linux reads the event interrupt policy, sets MSI/MSI-X for all four logs, then drains them with Get / Clear Event Records.',
    'Get Event Interrupt Policy',
  );
  if (ctx.failed === null && s.returnCode !== RC.success)
    ctx.failed = `Get Event Interrupt Policy answered ${s.returnCodeName} (the lab does not implement it): cxl_event_config fails, so cxl_pci_probe fails`;
}

/** __nvdimm_create asks the security ops for the user, then the master passphrase state. */
function securityState(ctx: ProbeContext): void {
  for (const who of ['user', 'master']) {
    const s = ctx.mailbox(
      GET_SECURITY_STATE,
      new Uint8Array(0),
      'drivers/nvdimm/dimm_devs.c __nvdimm_create → drivers/cxl/security.c cxl_pmem_get_security_flags',
      `Creating the nvdimm, libnvdimm asks for the ${who} security flags; an error here just means "no security flags" (0).`,
      'Get Security State',
    );
    if (ctx.failed !== null) return;
    if (s.returnCode !== RC.success) s.why += ` The device answered ${s.returnCodeName}: flags 0.`;
  }
}

/** nvdimm_get_config_data: Get LSA in commands of at most max_xfer bytes. */
function getConfigData(
  ctx: ProbeContext,
  offset: number,
  length: number,
  maxXfer: number,
  why: string,
): boolean {
  const per = Math.min(length, maxXfer);
  for (let done = 0; done < length; done += per) {
    if (ctx.steps.filter((s) => s.opcode === OPCODE.getLsa).length >= MAX_LSA_READS) {
      ctx.note(
        `More Get LSA reads not replayed`,
        'drivers/nvdimm/label.c nd_label_data_init',
        `The lab replays at most ${MAX_LSA_READS} Get LSA commands.`,
      );
      return false;
    }
    const input = new Uint8Array(GET_LSA_SIZE);
    putUint(input, GET_LSA.offset.at, 4, offset + done);
    putUint(input, GET_LSA.length.at, 4, Math.min(per, length - done));
    const s = ctx.mailbox(
      OPCODE.getLsa,
      input,
      'drivers/nvdimm/dimm_devs.c nvdimm_get_config_data → drivers/cxl/pmem.c cxl_pmem_get_config_data',
      why,
    );
    if (ctx.failed !== null) return false;
    if (s.returnCode !== RC.success) {
      ctx.note(
        'Label read failed',
        'drivers/nvdimm/label.c nd_label_data_init',
        `Get LSA answered ${s.returnCodeName}: the nvdimm gets no labels.`,
      );
      return false;
    }
  }
  return true;
}

/** The first read size and transfer size nd_label_data_init computes (with 128-byte labels first). */
function firstRead(config: number, maxXferIn: number): { readSize: number; maxXfer: number } | null {
  const geo128 = lsaGeometry(config, 128);
  if (geo128 === null) return null;
  let readSize = 2 * geo128.indexSize;
  let maxXfer = Math.min(maxXferIn, config);
  if (readSize < maxXfer) {
    const chunks = Math.ceil(config / maxXfer);
    maxXfer -= Math.floor((maxXfer - 1 - ((config - 1) % maxXfer)) / chunks);
    if (maxXfer < readSize) maxXfer = readSize;
  }
  readSize = Math.min(Math.ceil(readSize / maxXfer) * maxXfer, config);
  return { readSize, maxXfer };
}

/** cxl_nvdimm → nvdimm_probe: security flags, then the label reads of nd_label_data_init. */
export function nvdimmLabels(ctx: ProbeContext, pmemSize: number): void {
  if (pmemSize === 0 || ctx.options.pmem === false) return;
  ctx.note(
    'cxl_mem adds an nvdimm for the pmem',
    'drivers/cxl/mem.c cxl_mem_probe → drivers/cxl/pmem.c cxl_nvdimm_probe',
    `The device has ${formatBytes(pmemSize)} of pmem: with CONFIG_CXL_PMEM and an nvdimm bridge, cxl_mem registers an nvdimm so libnvdimm can read its labels.`,
  );
  securityState(ctx);
  if (ctx.failed !== null) return;
  const config = ctx.identified?.lsaSize ?? 0;
  const maxXferIn = ctx.payloadSize - SET_LSA.data;
  const plan = firstRead(config, maxXferIn);
  if (plan === null) {
    ctx.note(
      'No label area',
      'drivers/nvdimm/label.c nd_label_data_init',
      `LSA Size is ${config}: too small for two index blocks, so Linux reads no labels ("failed to init config data area").`,
    );
    return;
  }
  const why = `nd_label_data_init reads the two index blocks first (${plan.readSize} bytes, rounded to its transfer size ${plan.maxXfer}; cxl_pmem_get_config_size gives max_xfer = payload − 8 = ${maxXferIn}).`;
  if (!getConfigData(ctx, 0, plan.readSize, maxXferIn, why)) return;
  labelReads(ctx, config, plan.readSize, plan.maxXfer, maxXferIn);
}

/** After validating the index, the used slots past what was read are fetched in max_xfer multiples. */
function labelReads(
  ctx: ProbeContext,
  config: number,
  readSize0: number,
  maxXfer: number,
  maxXferIn: number,
): void {
  const lsa = ctx.device.state.lsa;
  const decode = decodeLsa(config, (o, n) => {
    const out = new Uint8Array(n);
    const m = Math.max(0, Math.min(n, config - o));
    if (m > 0) out.set(lsa.read(o, m));
    return out;
  });
  if (decode.current === null || decode.geometry === null) {
    ctx.note(
      'No valid index block',
      'drivers/nvdimm/label.c nd_label_validate',
      'Neither index block validates, so Linux stops: the device has no labels (namespaces can still be created later).',
    );
    return;
  }
  const geo = decode.geometry;
  const block = lsa.read(decode.current * geo.indexSize, geo.indexSize);
  const labelOff = Number(getU64(block, INDEX.labelOffset.at));
  const nslot = Math.min(getUint(block, INDEX.nslot.at, 4), geo.nslot);
  let readSize = readSize0;
  for (let i = 0, offset = labelOff; i < nslot && offset < config; i++, offset += geo.labelSize) {
    const free = ((block[INDEX_FREE + (i >> 3)] ?? 0xff) >> (i & 7)) & 1;
    if (free === 1 || offset + geo.labelSize <= readSize) continue;
    if (readSize < offset) readSize = offset;
    let n = Math.ceil((offset + geo.labelSize - readSize) / maxXfer) * maxXfer;
    if (readSize + n > config) n = config - readSize;
    if (
      !getConfigData(
        ctx,
        readSize,
        n,
        maxXferIn,
        `Slot ${i} is in use and lies past the ${readSize} bytes read so far: nd_label_data_init reads on (a multiple of ${maxXfer} bytes).`,
      )
    )
      return;
    readSize += n;
  }
  ctx.note(
    `Index block ${decode.current} current; ${decode.labels.length} label(s)`,
    'drivers/nvdimm/label.c nd_label_validate',
    `${decode.summary}.`,
  );
}
