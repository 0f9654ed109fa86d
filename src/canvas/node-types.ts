import type { NodeTypes } from '@xyflow/react';
import { ComponentNode } from './nodes/ComponentNode';
import { RootNode } from './nodes/RootNode';

/** Defined once at module level: React Flow re-mounts every node if this object changes identity. */
export const nodeTypes = {
  'cxl-root': RootNode,
  component: ComponentNode,
} satisfies NodeTypes;
