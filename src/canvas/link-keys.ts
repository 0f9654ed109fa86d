// Keyboard reach of the canvas's links: links are out of the Tab order, and E on a focused node
// selects its links in turn (Shift+E backwards), announced through a live region; Delete disconnects.
import type { Edge, EdgeChange, Node, NodeChange } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useState } from 'react';

/** The node description React Flow reads out on focus (its `ariaLabelConfig`), naming the E key. */
export const CANVAS_ARIA_LABELS = {
  'node.a11yDescription.default':
    'Press Enter or Space to select this component. Press E to step through its links (Shift+E: back); Delete then disconnects the selected link. Press Delete to remove the component, Escape to cancel.',
  'node.a11yDescription.keyboardDisabled':
    'Press Enter or Space to select this component, then the arrow keys move it. Press E to step through its links (Shift+E: back); Delete then disconnects the selected link. Press Delete to remove the component, Escape to cancel.',
};

/** A node's links, the one to its parent first, then those to its children in their order. */
export function linksOf<E extends Edge>(nodeId: string, edges: readonly E[]): E[] {
  return [...edges.filter((e) => e.target === nodeId), ...edges.filter((e) => e.source === nodeId)];
}

/** The next link to select from `links` after the one selected now (or the first), wrapping round. */
export function nextLink<E extends Edge>(links: readonly E[], back: boolean): E | undefined {
  if (links.length === 0) return undefined;
  const at = links.findIndex((e) => e.selected === true);
  const step = back ? -1 : 1;
  const next = at < 0 ? (back ? links.length - 1 : 0) : (at + step + links.length) % links.length;
  return links[next];
}

function focusedNodeId(root: HTMLElement): string | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !root.contains(active)) return null;
  return active.closest<HTMLElement>('.react-flow__node')?.dataset.id ?? null;
}

type Options<N extends Node, E extends Edge> = {
  wrapper: RefObject<HTMLElement | null>;
  nodes: readonly N[];
  edges: readonly E[];
  /** The canvas's own change handlers, so a key selects exactly as a click does (store included). */
  onNodesChange: (changes: NodeChange<N>[]) => void;
  onEdgesChange: (changes: EdgeChange<E>[]) => void;
};

/** Listens for E / Shift+E on a focused node; returns the sentence for the canvas's live region. */
export function useLinkKeys<N extends Node, E extends Edge>({
  wrapper,
  nodes,
  edges,
  onNodesChange,
  onEdgesChange,
}: Options<N, E>): string {
  const [said, setSaid] = useState('');
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'e' || event.ctrlKey || event.metaKey || event.altKey) return;
      const root = wrapper.current;
      const nodeId = root === null ? null : focusedNodeId(root);
      if (nodeId === null) return;
      event.preventDefault();
      const links = linksOf(nodeId, edges);
      const link = nextLink(links, event.shiftKey);
      if (link === undefined) {
        setSaid(`${nodeId} has no links.`);
        return;
      }
      onNodesChange(
        nodes.filter((n) => n.selected === true).map((n) => ({ type: 'select', id: n.id, selected: false })),
      );
      onEdgesChange(
        edges
          .filter((e) => (e.selected === true) !== (e.id === link.id))
          .map((e) => ({ type: 'select', id: e.id, selected: e.id === link.id })),
      );
      const n = links.indexOf(link) + 1;
      const name = link.ariaLabel ?? `${link.source} to ${link.target}`;
      const deletable = link.deletable !== false;
      setSaid(
        `${name} selected, link ${n} of ${links.length} of ${nodeId}.${deletable ? ' Delete disconnects it.' : ''}`,
      );
    },
    [wrapper, nodes, edges, onNodesChange, onEdgesChange],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown]);
  return said;
}
