// The canvas context menu of a multi-host lab (issue 18): focus a host, select, zoom; no structure edits.
import type { LabStoreState } from '../../state/types';
import type { ContextMenuItem } from '../menu-types';
import { pickOf } from './fabric-node-map';
import { pickNode } from './focus-host';
import { MULTI_HOST_EDIT_NOTE } from './multi-host-edits';

export interface FabricMenuDeps {
  get: () => LabStoreState;
  zoomTo: (nodeId: string) => void;
  zoomToFit: () => void;
  notify: (text: string) => void;
}

/** The menu for `target` (a node id, or null for the background) of the open multi-host lab. */
export function fabricMenuItems(target: string | null, deps: FabricMenuDeps): ContextMenuItem[] {
  const why: ContextMenuItem = {
    id: 'structure',
    label: 'Why no add, connect or delete here?',
    onSelect: () => deps.notify(MULTI_HOST_EDIT_NOTE),
  };
  const fabric = deps.get().view?.fabric;
  if (target === null || fabric === undefined)
    return [{ id: 'fit', label: 'Zoom to fit', onSelect: deps.zoomToFit }, why];
  const pick = pickOf(fabric, target);
  const items: ContextMenuItem[] = [];
  if (pick?.host != null && pick.host !== fabric.focus) {
    const host = pick.host;
    items.push({
      id: 'focus-host',
      label: `Focus ${host}`,
      onSelect: () => void pickNode(deps.get, { host, id: null }, fabric.focus),
    });
  }
  if (pick?.id != null) {
    const what = pick;
    items.push({
      id: 'select',
      label: `Select ${what.id}${what.host !== null && what.host !== fabric.focus ? ` in ${what.host}` : ''}`,
      onSelect: () => void pickNode(deps.get, what, fabric.focus),
    });
  }
  items.push({ id: 'zoom', label: 'Zoom to it', onSelect: () => deps.zoomTo(target) }, why);
  return items;
}
