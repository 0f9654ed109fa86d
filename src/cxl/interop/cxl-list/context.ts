/**
 * The shared state of the `cxl list` import phases (`cxl-list-import.ts` runs them in order): what
 * was collected, what has been built so far, and where each listed name landed in the lab.
 */
import type { ComponentSpec, Type3Spec, WindowSpec } from '../../topology/model.ts';
import type { Collected, RawBus, RawDecoder, RawEndpoint, RawPort } from './collect.ts';
import type { PlacementIndex, PlacementVerdict } from './placement.ts';
import type { Findings } from './values.ts';

/** The lab file's component limit (src/cxl/topology/file.ts `MAX_COMPONENTS`): never written past. */
export const MAX_IMPORT_COMPONENTS = 4096;
/** The lab file's window limit (src/cxl/topology/file.ts `MAX_WINDOWS`). */
export const MAX_IMPORT_WINDOWS = 256;

/** A device the listing does not attach anywhere: the user places it (the UI's "unplaced" tray). */
export interface UnplacedDevice {
  /** The Type 3 device with its decoders as listed; `parent` is empty until it is placed. */
  device: Type3Spec;
  /** Why it was not placed, naming what is missing. */
  reason: string;
  /** Its Linux endpoint port (`endpoint5`), or null for an anonymous memdev. */
  endpoint: string | null;
  /** Root or downstream ports (component ids) of the port it was listed below, if known. */
  candidates: string[];
}

export interface HostBridgeInfo {
  port: RawPort;
  uid: number;
  alias: string | null;
}

export interface DportComponent {
  id: string;
  /** Component id of the host bridge or switch owning it. */
  owner: string;
  port: number;
}

export interface ImportContext {
  readonly c: Collected;
  readonly findings: Findings;
  /** Ids of the CXL roots (`rootN` buses, else the owners of root decoders). */
  rootIds: Set<number>;
  buses: RawBus[];
  rootDecoders: RawDecoder[];
  hostBridges: HostBridgeInfo[];
  /** Switch ports (everything that is not a host-bridge port). */
  switchPorts: RawPort[];
  components: ComponentSpec[];
  /** dport name → its root port / downstream port component. */
  dportComponent: Map<string, DportComponent>;
  /** Nesting owner → the `parent_dport` names of its children (built on first use). */
  childDports: Map<string, Set<string>> | null;
  /** dport component id → its listed name. */
  dportNames: Map<string, string>;
  /** Linux port or endpoint name → lab component id. */
  ownerComponent: Map<string, string>;
  /** Lab component → port number → dport component id. */
  ownerDports: Map<string, Map<number, string>>;
  /** dport component id → the component placed below it. */
  occupied: Map<string, string>;
  placementIndex: PlacementIndex;
  placements: Map<string, PlacementVerdict>;
  type3s: { t: Type3Spec; ep: RawEndpoint; order: number }[];
  /** memdev names attached (placed or in the tray). */
  attached: Set<string>;
  unplaced: UnplacedDevice[];
  windows: WindowSpec[];
  /** Set when a phase refuses the whole listing. */
  refusal: { code: string; message: string } | null;
}

/** Components built so far plus `more`; refuses (sets `refusal`) past the lab-file limit. */
export function roomFor(ctx: ImportContext, more: number): boolean {
  const total = ctx.components.length + ctx.type3s.length + ctx.unplaced.length + more;
  if (total <= MAX_IMPORT_COMPONENTS) return true;
  ctx.refusal ??= {
    code: 'cxl-list.too-many-components',
    message: `the listing describes more than ${MAX_IMPORT_COMPONENTS} components (host bridges, ports, switches, devices); a lab file holds at most ${MAX_IMPORT_COMPONENTS}`,
  };
  return false;
}
