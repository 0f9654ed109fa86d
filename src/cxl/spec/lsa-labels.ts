/**
 * Byte layouts of the CXL labels in a Label Storage Area (CXL 2.0 §9.13.2): the Label Index Block,
 * the Region Label (Table 211) and the Namespace Label (Table 212), as Linux declares them
 * (drivers/nvdimm/label.h struct nd_namespace_index, struct cxl_region_label, struct nvdimm_cxl_label)
 * and sizes them (drivers/nvdimm/label.c sizeof_namespace_index, nvdimm_num_label_slots).
 * Every multi-byte field is little-endian; UUIDs are stored in RFC 4122 byte order.
 */

/** "NAMESPACE_INDEX\0" (drivers/nvdimm/nd.h NSINDEX_SIGNATURE; label.h NSINDEX_SIG_LEN 16). */
export const INDEX_SIGNATURE = 'NAMESPACE_INDEX\0';
/** Index blocks are a multiple of 256 bytes (label.h NSINDEX_ALIGN). */
export const INDEX_ALIGN = 256;
/** The sequence number's two live bits (label.h NSINDEX_SEQ_MASK): 1 → 2 → 3 → 1, 0 = invalid. */
export const INDEX_SEQ_MASK = 0x3;
/** CXL labels are 256 bytes (CXL 2.0 §9.13.2; label.h struct cxl_region_label / nvdimm_cxl_label). */
export const CXL_LABEL_SIZE = 256;

/** Label Index Block fields (label.h struct nd_namespace_index); the free bitmap starts at 0x48. */
export const INDEX = {
  signature: { at: 0x00, size: 16 },
  flags: { at: 0x10, size: 3 },
  labelSize: { at: 0x13, size: 1 },
  seq: { at: 0x14, size: 4 },
  myOffset: { at: 0x18, size: 8 },
  mySize: { at: 0x20, size: 8 },
  otherOffset: { at: 0x28, size: 8 },
  labelOffset: { at: 0x30, size: 8 },
  nslot: { at: 0x38, size: 4 },
  major: { at: 0x3c, size: 2 },
  minor: { at: 0x3e, size: 2 },
  checksum: { at: 0x40, size: 8 },
} as const;
/** Offset of the free-slot bitmap (bit set = slot free), = sizeof(struct nd_namespace_index). */
export const INDEX_FREE = 0x48;

/** Region Label (CXL 2.0 Table 211; label.h struct cxl_region_label). */
export const REGION_LABEL = {
  type: { at: 0x00, size: 16 },
  uuid: { at: 0x10, size: 16 },
  flags: { at: 0x20, size: 4 },
  nlabel: { at: 0x24, size: 2 },
  position: { at: 0x26, size: 2 },
  dpa: { at: 0x28, size: 8 },
  rawsize: { at: 0x30, size: 8 },
  hpa: { at: 0x38, size: 8 },
  slot: { at: 0x40, size: 4 },
  ig: { at: 0x44, size: 4 },
  align: { at: 0x48, size: 4 },
  checksum: { at: 0xf8, size: 8 },
} as const;

/** Namespace Label (CXL 2.0 Table 212; label.h struct nvdimm_cxl_label). */
export const NAMESPACE_LABEL = {
  type: { at: 0x00, size: 16 },
  uuid: { at: 0x10, size: 16 },
  name: { at: 0x20, size: 64 },
  flags: { at: 0x60, size: 4 },
  nrange: { at: 0x64, size: 2 },
  position: { at: 0x66, size: 2 },
  dpa: { at: 0x68, size: 8 },
  rawsize: { at: 0x70, size: 8 },
  slot: { at: 0x78, size: 4 },
  align: { at: 0x7c, size: 4 },
  regionUuid: { at: 0x80, size: 16 },
  abstractionUuid: { at: 0x90, size: 16 },
  lbaSize: { at: 0xa0, size: 2 },
  checksum: { at: 0xf8, size: 8 },
} as const;

/** Label type UUIDs (label.h CXL_REGION_UUID, CXL_NAMESPACE_UUID). */
export const REGION_LABEL_UUID = '529d7c61-da07-47c4-a93f-ecdf2c06f444';
export const NAMESPACE_LABEL_UUID = '68bb2c0a-5a77-4937-9f85-3caf41a0f93c';
/** Label flag: the label is being updated (label.h NSLABEL_FLAG_UPDATING; the only CXL flag). */
export const LABEL_FLAG_UPDATING = 0x8;
