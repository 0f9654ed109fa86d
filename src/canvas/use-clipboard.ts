/** The canvas clipboard: copy the selected components, paste (or duplicate) them to the right of the tree. */
import { useCallback, useRef } from 'react';
import type { ComponentSpec } from '../worker/protocol.ts';
import { PASTE_GAP } from './canvas-config';
import type { LabFlowNode } from './to-flow';
import type { EditApply } from './use-canvas-edits';

export function useClipboard({ editDoc, apply, engine }: EditApply, nodes: readonly LabFlowNode[]) {
  const clipboard = useRef<ComponentSpec[]>([]);
  const copy = useCallback(() => {
    const doc = editDoc();
    const ids = nodes.filter((n) => n.selected && n.type !== 'cxl-root').map((n) => n.id);
    if (doc === null || engine === null || ids.length === 0) return false;
    clipboard.current = engine.copyComponents(doc, ids);
    return true;
  }, [editDoc, nodes, engine]);

  // Pasted (and duplicated) components land to the right of everything, at the height they had.
  const paste = useCallback(() => {
    const doc = editDoc();
    if (doc === null || engine === null || clipboard.current.length === 0) return;
    const positions = new Map(nodes.map((n) => [n.id, n.position]));
    const placed = clipboard.current.map((c) => ({
      ...c,
      position: c.position ?? positions.get(c.id) ?? { x: 0, y: 0 },
    }));
    const right = Math.max(0, ...nodes.map((n) => n.position.x + (n.width ?? 0)));
    const left = Math.min(...placed.map((c) => c.position.x));
    const r = engine.pasteComponents(doc, placed, { x: right + PASTE_GAP - left, y: 0 });
    void apply(r, r.ok ? r.created?.[0] : undefined);
  }, [editDoc, nodes, apply, engine]);
  return { copy, paste };
}
