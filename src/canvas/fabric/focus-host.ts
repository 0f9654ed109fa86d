/**
 * Focus a host of a multi-host lab, then select: the store's `focusHost` (the i18-worker branch adds
 * it; `fabric.focus` in the worker), reached through this one adapter so the canvas builds before it lands.
 */
import type { ActionResult, LabStoreState } from '../../state/types';
import type { NodePick } from './fabric-types';

type FocusHost = (host: string) => Promise<ActionResult>;

/** The store's `focusHost`, when the store has it. */
function focusHostOf(state: LabStoreState): FocusHost | null {
  const action = (state as LabStoreState & { focusHost?: FocusHost }).focusHost;
  return typeof action === 'function' ? action : null;
}

/**
 * Carries out a click on a multi-host canvas node: focuses its host when it is not the focused one,
 * then selects what the node stands for (nothing for a host's frame). A refused focus selects nothing.
 */
export async function pickNode(
  get: () => LabStoreState,
  pick: NodePick,
  focused: string | null,
): Promise<void> {
  if (pick.host !== null && pick.host !== focused) {
    const focus = focusHostOf(get());
    if (focus === null) return;
    const r = await focus(pick.host);
    if (!r.ok) return;
  }
  get().select(pick.id);
}
