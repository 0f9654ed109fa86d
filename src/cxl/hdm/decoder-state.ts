/**
 * One HDM decoder's state, decoded from its registers (CXL r3.1 §8.2.4.20.3–.11).
 * This is a read-only *view*: the registers are the source of truth and every change is an MMIO write.
 */
export interface DecoderState {
  index: number;
  /** Decoder n Base (High:Low), bytes. */
  base: number;
  /** Decoder n Size (High:Low), bytes. */
  size: number;
  /** Control IW field, raw encoding. */
  eiw: number;
  /** Control IG field, raw encoding. */
  eig: number;
  /** Decoded ways, or null when `eiw` is a reserved encoding. */
  ways: number | null;
  /** Decoded granularity in bytes, or null when `eig` is a reserved encoding. */
  granularity: number | null;
  lockOnCommit: boolean;
  commit: boolean;
  committed: boolean;
  errorNotCommitted: boolean;
  /** Control bit 12: 0 device-coherent, 1 host-only (HDM-H). */
  targetRangeType: 0 | 1;
  /** Host bridge / switch: Target List bytes 0..7 (port numbers for ways 0..7); empty for Type 3. */
  targets: number[];
  /** Type 3: DPA Skip (High:Low), bytes; 0 for host bridge / switch. */
  skip: number;
  /** Type 3: DPA base of this decoder per the spec's DPABase accumulation; 0 for ports. */
  dpaBase: number;
  /** The lab's reason for Error Not Committed (which check failed), when set. */
  errorReason?: string;
  /** True when the component's registers are locked (Lock On Commit took effect). */
  locked: boolean;
}
