/**
 * Ids no window or component may take, because the lab already uses them for something else (a pure
 * leaf: the core's validation and the app's Rename check the same list).
 */

/** Key of the CXL host (root) in `Topology.children` (model.ts): its children are the host bridges. */
export const HOST_ID = 'host';

/**
 * Id of the CXL root (the host side, with its windows) wherever the lab names nodes: the canvas's
 * root node, the selection, a share link's `sel=`, and a multi-host lab's `host::<name>::cxl-root`.
 */
export const CXL_ROOT_ID = 'cxl-root';

/** Each reserved id with what already uses it, for the error message. */
const RESERVED: ReadonlyMap<string, string> = new Map([
  [HOST_ID, 'the lab files the host bridges under it as the CXL host’s children'],
  [CXL_ROOT_ID, 'it names the CXL root (the canvas’s root node, a selection, a share link)'],
]);

/** Why `id` is reserved, or null when a window or component may take it. */
export function reservedIdReason(id: string): string | null {
  return RESERVED.get(id) ?? null;
}
