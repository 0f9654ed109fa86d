/**
 * DOC: interop with the tools CXL developers already use. `exportQemu` turns a lab into a
 * `qemu-system-x86_64` command line (and the `cxl create-region` commands for its regions);
 * `importQemu` reads a pasted QEMU command line back into a topology; `importCxlList` rebuilds a real
 * machine's topology and decoder programming from `cxl list -BDMPTERvvv` JSON; `encodeShareFragment`
 * / `decodeShareFragment` carry a whole lab file in a URL fragment. Pure: no DOM, no Node; input
 * from outside is bounded in size and never makes these functions throw.
 */

export {
  type CxlListImport,
  type CxlListImportOptions,
  importCxlList,
  MAX_CXL_LIST_CHARS,
  type UnplacedDevice,
} from './cxl-list-import.ts';
export {
  findLessonStep,
  type LessonLinkSource,
  LINK_PARAMS,
  type LinkState,
  type ShareAccess,
  type ShareView,
} from './link-state.ts';
export {
  escapeKeyval,
  isQemuId,
  type KeyvalPair,
  MAX_QEMU_TEXT,
  MAX_QEMU_WORDS,
  parseQemuBool,
  parseQemuInt,
  parseQemuSize,
  type ShellWord,
  shellQuote,
  sizeSuffixText,
  splitKeyvals,
  splitShellCommands,
} from './qemu-args.ts';
export {
  exportQemu,
  type QemuExport,
  type QemuExportOptions,
  type QemuRegionCommand,
  type QemuSyntax,
  type SharedBacking,
} from './qemu-export.ts';
export {
  exportQemuFabric,
  type QemuFabricExport,
  type QemuFabricExportOptions,
  type QemuHostExport,
  type QemuLimit,
} from './qemu-export-hosts.ts';
export { importQemu, type QemuImport, type QemuImportOptions, type QemuSkippedArg } from './qemu-import.ts';
export {
  firstWindowBase,
  memoryOptionText,
  QEMU_CHBCR_SIZE,
  QEMU_CXL_HOST_REG_SPACE,
  QEMU_DEFAULT_RAM,
  QEMU_MAX_HOST_BRIDGES,
  type QemuMemory,
  type QemuPlacement,
  q35RamSplit,
  qemuPlacement,
  solveQemuMemory,
} from './qemu-placement.ts';
export {
  DEFAULT_SHARE_MEMORY_BYTES,
  decodeShareFragment,
  decodeShareLink,
  encodeLessonLink,
  encodeShareFragment,
  MAX_SHARE_FRAGMENT_CHARS,
  MAX_SHARE_JSON_BYTES,
  type MemoryLeftOut,
  SHARE_FRAGMENT_KEY,
  type SharedLink,
  type ShareFragment,
  type ShareLinkOptions,
} from './share-link.ts';
