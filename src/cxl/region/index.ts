/**
 * DOC: region assembly the way Linux does it (drivers/cxl/core/region.c, hdm.c; cxl-cli's
 * `create-region`). `createRegion` validates a request rule by rule and returns a plan: every decoder
 * on every member's path with the values Linux derives, and the MMIO writes in Linux's commit order.
 * `applyPlan` performs the writes through the lab's `mmioWrite32` and verifies each commit, rolling
 * back like Linux on failure. `destroyRegion` resets in Linux's order. The registry names regions
 * (`regionN`) and rediscovers them from committed decoders; `linuxNames` gives every component its
 * Linux name; `cxlList` renders the lab as `cxl list -BDMPTERvvv` JSON. Pure: no DOM, no Node.
 */
export { type AppliedPlan, type ApplyFailure, applyPlan, destroyRegion, planDestroyRegion } from './apply.ts';
export { createRegion, rootGranularity, usedRanges, windowCaps } from './create.ts';
export {
  type CxlListOptions,
  cxlList,
  formatCxlJson,
  type JsonObject,
  type JsonValue,
  regionMappings,
} from './cxl-list.ts';
export { allocateDpa, type DeviceDpa, type DpaReservation, deviceDpa } from './dpa.ts';
export { firstFit, freeExtents, maxAvailableExtent } from './hpa.ts';
export {
  hostBridgesInUidOrder,
  type LinuxNames,
  type LinuxPort,
  type LinuxPortKind,
  linuxNames,
  type3InFileOrder,
  upstreamHops,
} from './names.ts';
export { formatPlan, formatRefusal } from './plan-text.ts';
export { type HdmCaps, interleaveSupported, readCaps } from './registers.ts';
export { listRegions, nextRegionName, type RegionInfo } from './registry.ts';
export type {
  LinuxErrno,
  MmioWrite,
  PlannedDecoder,
  PlannedDecoderKind,
  RegionLab,
  RegionMode,
  RegionPlan,
  RegionRefusal,
  RegionRequest,
  RegionTarget,
  RegionType,
} from './types.ts';
