// React Flow's node and edge type tables for the canvas, defined once at module level.
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { LinkEdge } from './edges/LinkEdge';
import { FabricEdgeSlot, fabricNodeTypes } from './fabric/fabric-slot';
import { BridgeNode } from './nodes/BridgeNode';
import { DeviceNode } from './nodes/DeviceNode';
import { PortNode } from './nodes/PortNode';
import { RootNode } from './nodes/RootNode';

/** Defined once at module level: React Flow re-mounts every node if these objects change identity. */
export const nodeTypes = {
  'cxl-root': RootNode,
  bridge: BridgeNode,
  port: PortNode,
  device: DeviceNode,
  ...fabricNodeTypes,
} satisfies NodeTypes;

export const edgeTypes = { link: LinkEdge, fabric: FabricEdgeSlot } satisfies EdgeTypes;
