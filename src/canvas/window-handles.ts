/** Window bar handles on the root node: a handle id names its window (`window:<id>`). */

/** Source handle id of a window bar on the root node. */
export function windowHandleId(windowId: string): string {
  return `window:${windowId}`;
}

export function windowOfHandle(handle: string | null | undefined): string | null {
  return handle?.startsWith('window:') === true ? handle.slice('window:'.length) : null;
}
