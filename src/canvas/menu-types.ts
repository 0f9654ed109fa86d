/** Shapes shared by the canvas's context menu, the keyboard connect dialog and the hook that opens them. */
import type { ParentChoice } from './reparent';

export interface ContextMenuItem {
  id: string;
  label: string;
  onSelect: () => void;
}

export interface ContextMenuState {
  /** Where it opens, in the canvas wrapper's coordinates. */
  x: number;
  y: number;
  /** What it was opened on: a node id, or null for the canvas background. */
  target: string | null;
  items: ContextMenuItem[];
}

export interface ConnectRequest {
  child: string;
  choices: ParentChoice[];
  /** Why no parent is offered (the first refusal), when the list is empty. */
  refusal: string | null;
}
