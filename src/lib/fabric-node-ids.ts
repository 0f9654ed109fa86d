/**
 * Canvas node ids of a multi-host lab (issue 18). Hosts may reuse component ids ("hb0" in each host),
 * so a host's node is `host::hostA::hb0`; a fabric switch or device (shared by hosts) is `fabric::mld0`.
 * The store's `selectedId` stays a component id of the focused host's view (so the Inspector and the
 * panels work unchanged) or a fabric part's node id, which panels recognise with `fabricPartOf`.
 */

const SEP = '::';
const FABRIC = 'fabric';

/** The node of `component` (or `cxl-root`) in host `host`'s column. */
export function hostNodeId(host: string, component: string): string {
  return `host${SEP}${host}${SEP}${component}`;
}

/** The node of a fabric switch or fabric device. */
export function fabricNodeId(part: string): string {
  return `${FABRIC}${SEP}${part}`;
}

/** The fabric switch or device id a node id names, or null when it names none. */
export function fabricPartOf(nodeId: string | null): string | null {
  return nodeId?.startsWith(`${FABRIC}${SEP}`) === true ? nodeId.slice(FABRIC.length + SEP.length) : null;
}
