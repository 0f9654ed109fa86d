// Accessible names of the canvas's nodes and links ("Type 3 device mem3, 4 GiB ram, below rp3"), with
// sizes formatted by the core's units.ts exactly as the CLI prints them.
import type { ComponentSpec, WindowSpec } from '../cxl/topology/model.ts';
import { formatBytes } from '../cxl/units.ts';

function capacity(volatile: number, persistent: number): string {
  const parts = [
    volatile > 0 ? `${formatBytes(volatile)} ram` : '',
    persistent > 0 ? `${formatBytes(persistent)} pmem` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'no capacity' : parts.join(' and ');
}

/** What a screen reader says for a component's node. */
export function componentName(c: ComponentSpec, windows: readonly WindowSpec[]): string {
  switch (c.kind) {
    case 'host-bridge': {
      const by = windows.filter((w) => w.targets.includes(c.id)).map((w) => w.id);
      const what = c.restricted === true ? 'Restricted CXL host (RCH)' : 'Host bridge';
      return `${what} ${c.id}, UID ${c.uid}, ${by.length === 0 ? 'in no window' : `target of ${by.join(' and ')}`}`;
    }
    case 'root-port':
      return `Root port ${c.id}, port ${c.port} of ${c.parent}`;
    case 'switch':
      return `Switch ${c.id}, below ${c.parent}`;
    case 'downstream-port':
      return `Downstream port ${c.id}, port ${c.port} of ${c.parent}`;
    case 'type3':
      return `${c.dvsec === undefined ? 'Type 3 device' : 'Restricted CXL device (RCD)'} ${c.id}, ${capacity(c.volatile, c.persistent)}, below ${c.parent}`;
    default:
      return (c as { id: string }).id;
  }
}

/** The CXL root's name: it holds the windows. */
export function rootName(windows: readonly WindowSpec[]): string {
  const n = windows.length;
  return `CXL root, ${n === 0 ? 'no windows' : `${n} window${n === 1 ? '' : 's'}: ${windows.map((w) => w.id).join(', ')}`}`;
}

/** A link's name: parent to child, and the window it belongs to when it leaves the root. */
export function linkName(parent: string, child: string, window: string | null): string {
  return window === null ? `Link ${parent} to ${child}` : `Link from window ${window} to ${child}`;
}
