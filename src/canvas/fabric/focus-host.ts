// Carries out a click on a multi-host canvas node: focus its host (the store's `focusHost`) when needed, then select.
import type { LabStoreState } from '../../state/types';
import type { NodePick } from './fabric-types';

/**
 * Focuses the node's host when it is not the focused one (`fabric.focus` in the worker), then selects
 * what the node stands for (nothing for a host's frame). A refused focus selects nothing.
 */
export async function pickNode(
  get: () => LabStoreState,
  pick: NodePick,
  focused: string | null,
): Promise<void> {
  if (pick.host !== null && pick.host !== focused) {
    const r = await get().focusHost(pick.host);
    if (!r.ok) return;
  }
  get().select(pick.id);
}
