/**
 * Structure edits on a multi-host lab's canvas (issue 18, DESIGN18: out of scope; the worker refuses
 * `topology.set` there): the canvas does not offer them. Drags and connections are off, Delete does
 * nothing, and an edit asked for anyway (a palette drop, paste, auto layout) says where to make it.
 */
import { MULTI_HOST_EDIT_NOTE } from '../../lib/multi-host-note';
import { PALETTE_MIME } from '../../lib/palette';
import type { EditHandlers } from '../deferred-edits';
import type { Notify } from '../use-canvas-toast';

export { MULTI_HOST_EDIT_NOTE };

/** The edit handlers of a multi-host lab: selection, menus and framing stay; structure edits explain. */
export function multiHostEdits(edits: EditHandlers, notify: Notify): EditHandlers {
  const refuse = () => notify(MULTI_HOST_EDIT_NOTE, 'info');
  return {
    ...edits,
    isValidConnection: () => false,
    onConnect: () => undefined,
    onConnectEnd: () => undefined,
    onNodeDragStop: () => undefined,
    onBeforeDelete: async () => false,
    autoLayout: async () => refuse(),
    onDrop: (event) => {
      if (!event.dataTransfer.types.includes(PALETTE_MIME)) return edits.onDrop(event);
      event.preventDefault();
      refuse();
    },
    paste: () => refuse(),
  };
}
