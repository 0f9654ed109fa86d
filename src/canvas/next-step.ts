/**
 * The next step of building a lab from scratch, stated on the canvas: a pure function of the lab
 * (topology, drafts, regions, whether memory was written), so each state is unit-tested.
 */
import { KIND_PHRASE, PARENT_KINDS } from '../cxl/topology/kinds.ts';
import type { ComponentKind, ComponentSpec, TopologySpec } from '../cxl/topology/model.ts';
import { formatHex } from '../lib/format';

/** What the hint's button does (the canvas maps each to an edit or a panel). */
export type NextAction =
  | { kind: 'add-host-bridge' }
  | { kind: 'add-window'; hostBridge: string }
  | { kind: 'add-child'; parent: string; child: ComponentKind }
  | { kind: 'connect'; child: string }
  | { kind: 'window-target'; window: string; hostBridge: string }
  | { kind: 'regions' }
  | { kind: 'console' };

export interface NextStep {
  /** Stable id of the state (tests and the browser test read it). */
  id:
    | 'add-host-bridge'
    | 'add-window'
    | 'add-root-port'
    | 'connect-draft'
    | 'target-host-bridge'
    | 'add-device'
    | 'create-region'
    | 'write'
    | 'done';
  text: string;
  action: { label: string; do: NextAction } | null;
}

/** What the hint looks at. */
export interface NextStepInput {
  spec: TopologySpec;
  drafts: readonly ComponentSpec[];
  regions: readonly { name: string; base: number; committed: boolean }[];
  /** Whether any device memory has been written (the memory journal is not empty). */
  written: boolean;
}

type Port = Extract<ComponentSpec, { kind: 'root-port' | 'downstream-port' }>;

function isPort(c: ComponentSpec): c is Port {
  return c.kind === 'root-port' || c.kind === 'downstream-port';
}

function parentOf(c: ComponentSpec): string | null {
  return c.kind === 'host-bridge' || c.parent === '' ? null : c.parent;
}

/** Ports (topology or drafts) with nothing below them. */
function freePorts(all: readonly ComponentSpec[]): Port[] {
  const taken = new Set(all.map(parentOf).filter((p): p is string => p !== null));
  return all.filter(isPort).filter((p) => !taken.has(p.id));
}

/** The first draft at the top of an unconnected subtree, and what it should hang below. */
function draftStep(input: NextStepInput): NextStep | null {
  const draftIds = new Set(input.drafts.map((c) => c.id));
  const top = input.drafts.find((c) => {
    const p = parentOf(c);
    return p === null || !draftIds.has(p);
  });
  if (top === undefined || top.kind === 'host-bridge') return null;
  const parents = PARENT_KINDS[top.kind].map((k) => KIND_PHRASE[k].replace(/^an? /, ''));
  return {
    id: 'connect-draft',
    text: `Connect ${top.id} to a ${parents.join(' or ')}: drag it onto one, or select it and press C`,
    action: { label: `Connect ${top.id}…`, do: { kind: 'connect', child: top.id } },
  };
}

/** Host bridges and windows: the top of the tree. */
function upperStep(input: NextStepInput): NextStep | null {
  const bridges = input.spec.components.filter((c) => c.kind === 'host-bridge');
  const first = bridges[0];
  if (first === undefined) {
    return {
      id: 'add-host-bridge',
      text: 'Add a host bridge: drag one from the palette onto the canvas',
      action: { label: 'Add host bridge', do: { kind: 'add-host-bridge' } },
    };
  }
  if (input.spec.windows.length === 0) {
    return {
      id: 'add-window',
      text: 'Add a window to the CXL root to route accesses',
      action: { label: 'Add window', do: { kind: 'add-window', hostBridge: first.id } },
    };
  }
  return null;
}

/** A host bridge with no root port below it. */
function portStep(input: NextStepInput, all: readonly ComponentSpec[]): NextStep | null {
  const bare = input.spec.components.find(
    (b) => b.kind === 'host-bridge' && b.restricted !== true && !all.some((c) => parentOf(c) === b.id),
  );
  if (bare !== undefined) {
    return {
      id: 'add-root-port',
      text: `Add a root port to ${bare.id}: drop one from the palette onto it`,
      action: {
        label: `Add root port to ${bare.id}`,
        do: { kind: 'add-child', parent: bare.id, child: 'root-port' },
      },
    };
  }
  return null;
}

/** A host bridge that no window routes to: it gets no accesses. */
function targetStep(input: NextStepInput): NextStep | null {
  const targeted = new Set(input.spec.windows.flatMap((w) => w.targets));
  const loose = input.spec.components.find((c) => c.kind === 'host-bridge' && !targeted.has(c.id));
  const window = input.spec.windows[0];
  if (loose === undefined || window === undefined) return null;
  return {
    id: 'target-host-bridge',
    text: `No window routes to ${loose.id}: drag from ${window.id}'s handle on the CXL root to it`,
    action: {
      label: `Add ${loose.id} to ${window.id}`,
      do: { kind: 'window-target', window: window.id, hostBridge: loose.id },
    },
  };
}

/**
 * The next step, in building order: host bridge, window, connect what is loose, root port, a device,
 * a region, a write. Components may be added in any order; the hint names the first thing missing.
 */
export function nextStep(input: NextStepInput): NextStep {
  const all = [...input.spec.components, ...input.drafts];
  const upper = upperStep(input) ?? draftStep(input) ?? portStep(input, all) ?? targetStep(input);
  if (upper !== null) return upper;
  if (!input.spec.components.some((c) => c.kind === 'type3')) {
    const port = freePorts(input.spec.components)[0];
    return {
      id: 'add-device',
      text: 'Add a Type 3 device below a root port: drop one from the palette onto the port',
      action:
        port === undefined
          ? null
          : {
              label: `Add device below ${port.id}`,
              do: { kind: 'add-child', parent: port.id, child: 'type3' },
            },
    };
  }
  const region = input.regions.find((r) => r.committed);
  if (region === undefined) {
    return {
      id: 'create-region',
      text: 'Create a region to route accesses: it programs every decoder on the path',
      action: { label: 'Regions…', do: { kind: 'regions' } },
    };
  }
  if (!input.written) {
    return {
      id: 'write',
      text: `Write to ${region.name} at ${formatHex(region.base)} in the Access console and watch it route`,
      action: { label: 'Access console', do: { kind: 'console' } },
    };
  }
  return {
    id: 'done',
    text: 'The lab routes accesses. See the bytes in DPA hex, or add devices and regions',
    action: null,
  };
}
