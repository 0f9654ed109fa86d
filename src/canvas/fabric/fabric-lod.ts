// Level of detail of a multi-host lab's canvas (issue 18 scale: 16 hosts, 256 LDs): at glyph zoom the
// vPPB chips, and with them their binding links, are left out of the drawing.
import type { Node } from '@xyflow/react';
import { useMemo } from 'react';
import type { Lod } from '../lod';

/**
 * Node types left out at glyph zoom. A vPPB chip is then a block of its VCS band's host colour
 * inside a band of that same colour, and each LD slice keeps its host's colour, so the drawing still
 * says which host has which LD. Every chip is a React Flow node with its own layers: leaving out the
 * 256 vPPBs of the scale lab (and, as React Flow hides the links of hidden nodes, their 256 bindings)
 * cut a fitted pan frame's main-thread time by about a quarter in Chrome traces.
 */
const HIDDEN_AT_GLYPH: ReadonlySet<string> = new Set(['fabric-vppb']);

/**
 * The nodes React Flow draws at `lod`: at glyph, vPPB nodes are `hidden` (React Flow's own way: not
 * rendered, their links not drawn, measured again when shown) unless selected. Otherwise, or
 * without vPPBs, the same array.
 */
export function withFabricLod<N extends Node>(nodes: N[], lod: Lod): N[] {
  if (lod !== 'glyph' || !nodes.some((n) => HIDDEN_AT_GLYPH.has(n.type ?? ''))) return nodes;
  return nodes.map((n) =>
    HIDDEN_AT_GLYPH.has(n.type ?? '') && n.selected !== true && n.hidden !== true
      ? { ...n, hidden: true }
      : n,
  );
}

/** `withFabricLod`, recomputed only when the nodes or the level change (not on every pan frame). */
export function useFabricLod<N extends Node>(nodes: N[], lod: Lod): N[] {
  return useMemo(() => withFabricLod(nodes, lod), [nodes, lod]);
}
