/**
 * Linux object names for a lab topology: what `ls /sys/bus/cxl/devices` and `cxl list` would call each
 * component if the topology booted under Linux (Linux drivers/cxl/core/port.c __devm_cxl_add_port,
 * region.c devm_cxl_add_region, drivers/cxl/acpi.c).
 *
 * Deterministic enumeration order used by the lab (Linux's real order follows ACPI and PCI probe
 * order, which changes between boots — so match real machines by serial number):
 *
 * 1. `root0`: the CXL root (ACPI0017), port id 0.
 * 2. Host-bridge ports, one per host bridge in ascending ACPI `_UID` order: `port1`, `port2`, …
 *    (cxl_acpi adds every host-bridge port before any memdev probes).
 * 3. Memdevs are numbered `mem0`, `mem1`, … in the order the Type 3 devices appear in the topology
 *    file (the lab's stand-in for PCI probe order).
 * 4. Each memdev then probes in that order: every switch on its path that has no port yet gets the
 *    next id, top-down (`portN`), then the device's own endpoint port (`endpointN`). Switch ports and
 *    endpoints share the one id allocator with the root and the host bridges.
 * 5. Decoders are `decoder<port id>.<index>`: root decoders `decoder0.k` (k = window index, table
 *    order), host-bridge / switch / endpoint decoders by HDM decoder index. A passthrough host bridge
 *    (no HDM decoder capability) gets one software-only decoder, `decoder<port id>.0`.
 *
 * PCI names (`pci0000:bb`, `0000:bb:dd.f`) are synthesized QEMU-style: a host bridge's root bus is its
 * UID (QEMU `bus_nr`) when no earlier bridge used that bus, else the next free one; bridges get
 * secondary buses depth-first in port-number order, and the n-th root port / downstream port on a
 * bus sits at device n, function 0. Every name is unique in the machine. Real machines differ.
 */
import { HOST_ID, type Topology } from '../topology/model.ts';
import { isRch, rchAbove } from '../topology/restricted.ts';

/** The Linux `cxl_port` flavours the lab has. */
export type LinuxPortKind = 'root' | 'host-bridge' | 'switch' | 'endpoint';

export interface LinuxPort {
  /** Global port id: `root0` → 0, `port3` → 3, `endpoint5` → 5. */
  id: number;
  /** `root0`, `portN` or `endpointN`. */
  name: string;
  kind: LinuxPortKind;
  /** Lab component that owns the port (host bridge, switch, Type 3); `host` for the root. */
  componentId: string;
}

export interface LinuxNames {
  readonly root: LinuxPort;
  /** Host bridge, switch and Type 3 component id → its Linux port (endpoint port for a Type 3). */
  readonly ports: ReadonlyMap<string, LinuxPort>;
  /** Every port in id order. */
  readonly portList: readonly LinuxPort[];
  /** Type 3 component id → `memN`. */
  readonly memdevs: ReadonlyMap<string, string>;
  /** `memN` → Type 3 component id. */
  readonly memdevIds: ReadonlyMap<string, string>;
  /** Synthesized PCI names: host bridge → `pci0000:bb`; root / downstream port, switch, Type 3 → BDF. */
  readonly pci: ReadonlyMap<string, string>;
  /** Host bridge id → its ACPI device name, `ACPI0016:0n`. */
  readonly acpi: ReadonlyMap<string, string>;
  /** `decoder0.k` for window index k. */
  rootDecoderName(windowIndex: number): string;
  /** `decoderX.Y` for a host bridge, switch or Type 3 component's decoder `index`. */
  decoderName(componentId: string, index: number): string;
  /** `portN` / `endpointN` of a component, or the component id itself when it has no port. */
  portName(componentId: string): string;
  /** `memN` of a Type 3, or its component id when it is not a Type 3. */
  memdevName(componentId: string): string;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** `SSSS:bb:dd.0`: bus numbers past 0xff continue in the next PCI segment. */
function bdf(bus: number, device: number): string {
  return `${segment(bus)}:${hex2(bus % 256)}:${hex2(device)}.0`;
}

function segment(bus: number): string {
  return Math.floor(bus / 256)
    .toString(16)
    .padStart(4, '0');
}

/** A host bridge's ACPI PCI root name, `pciSSSS:bb`. */
function hostName(bus: number): string {
  return `pci${segment(bus)}:${hex2(bus % 256)}`;
}

/** Host bridges (`host-bridge` components) in ascending UID order. */
export function hostBridgesInUidOrder(topology: Topology): string[] {
  return [...topology.hostBridgeByUid.entries()].sort((a, b) => a[0] - b[0]).map(([, id]) => id);
}

/** Type 3 component ids in topology-file order. */
export function type3InFileOrder(topology: Topology): string[] {
  return topology.spec.components.filter((c) => c.kind === 'type3').map((c) => c.id);
}

/**
 * The Linux ports a Type 3 device sits under, from the host bridge down to the last switch: each hop's
 * port component (host bridge or switch) and the downstream port (root port / switch downstream
 * port) that leads toward the device. Empty when the device is not attached under a host bridge.
 */
export function upstreamHops(topology: Topology, type3Id: string): { port: string; dport: string }[] {
  const hops: { port: string; dport: string }[] = [];
  let current = topology.byId.get(type3Id);
  const seen = new Set<string>();
  while (current !== undefined && current.kind !== 'host-bridge') {
    if (seen.has(current.id)) return [];
    seen.add(current.id);
    if (current.kind === 'root-port' || current.kind === 'downstream-port') {
      const owner = topology.byId.get(current.parent);
      if (owner === undefined) return [];
      hops.unshift({ port: owner.id, dport: current.id });
      current = owner;
    } else if (current.kind === 'type3' || current.kind === 'switch') {
      current = topology.byId.get(current.parent);
    } else {
      return [];
    }
  }
  return current === undefined ? [] : hops;
}

export function linuxNames(topology: Topology): LinuxNames {
  const root: LinuxPort = { id: 0, name: 'root0', kind: 'root', componentId: HOST_ID };
  const ports = new Map<string, LinuxPort>();
  const portList: LinuxPort[] = [root];
  let nextId = 1;
  const addPort = (componentId: string, kind: LinuxPortKind): void => {
    if (ports.has(componentId)) return;
    const id = nextId++;
    const name = kind === 'endpoint' ? `endpoint${id}` : `port${id}`;
    const port: LinuxPort = { id, name, kind, componentId };
    ports.set(componentId, port);
    portList.push(port);
  };

  const hostBridges = hostBridgesInUidOrder(topology);
  // An RCH gets no portN (drivers/cxl/acpi.c add_host_bridge_uport: "host supports CXL (restricted)").
  for (const hb of hostBridges) if (!isRch(topology.byId.get(hb))) addPort(hb, 'host-bridge');

  const memdevs = new Map<string, string>();
  const memdevIds = new Map<string, string>();
  const type3s = type3InFileOrder(topology);
  type3s.forEach((id, n) => {
    memdevs.set(id, `mem${n}`);
    memdevIds.set(`mem${n}`, id);
  });
  for (const id of type3s) {
    const hops = upstreamHops(topology, id);
    // Not under a host bridge: no endpoint port. An RCD's endpoint is a direct child of root0
    // (drivers/cxl/core/port.c: its parent dport is the RCH dport on the root).
    if (hops.length === 0 && rchAbove(topology, id) === undefined) continue;
    for (const hop of hops) {
      const c = topology.byId.get(hop.port);
      if (c?.kind === 'switch') addPort(c.id, 'switch');
    }
    addPort(id, 'endpoint');
  }

  // Synthesized PCI names, depth-first bus numbering under each host bridge. Bus numbers are
  // allocated once for the whole machine, so no two bridges share a bus (and so no two ports list the
  // same dport name, as on Linux); past bus 0xff the next PCI segment (domain) is used.
  const pci = new Map<string, string>();
  const acpi = new Map<string, string>();
  let nextBus = 0;
  hostBridges.forEach((hb, n) => {
    const spec = topology.byId.get(hb);
    if (spec?.kind !== 'host-bridge') return;
    acpi.set(hb, `ACPI0016:${hex2(n)}`);
    // QEMU's pxb-cxl bus_nr: the lab uses the UID when it is free, else the next free bus.
    const rootBus = spec.uid >= nextBus && spec.uid <= 0xff && nextBus >> 8 === 0 ? spec.uid : nextBus;
    pci.set(hb, hostName(rootBus));
    let lastBus = rootBus;
    const walkBus = (parentId: string, bus: number): void => {
      const kids = topology.children.get(parentId) ?? [];
      kids.forEach((kid, device) => {
        const c = topology.byId.get(kid);
        if (c === undefined) return;
        pci.set(kid, bdf(bus, device));
        if (c.kind === 'root-port' || c.kind === 'downstream-port') {
          lastBus += 1;
          const secondary = lastBus;
          for (const below of topology.children.get(kid) ?? []) {
            const b = topology.byId.get(below);
            if (b === undefined) continue;
            pci.set(below, bdf(secondary, 0));
            if (b.kind === 'switch') {
              lastBus += 1;
              walkBus(below, lastBus);
            }
          }
        }
      });
    };
    walkBus(hb, rootBus);
    nextBus = lastBus + 1;
  });

  const decoderName = (componentId: string, index: number): string => {
    const port = ports.get(componentId);
    return port === undefined ? `${componentId}.decoder${index}` : `decoder${port.id}.${index}`;
  };
  return {
    root,
    ports,
    portList,
    memdevs,
    memdevIds,
    pci,
    acpi,
    rootDecoderName: (k) => `decoder0.${k}`,
    decoderName,
    portName: (componentId) => ports.get(componentId)?.name ?? componentId,
    memdevName: (componentId) => memdevs.get(componentId) ?? componentId,
  };
}
