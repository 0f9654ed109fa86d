/**
 * First-paint stand-ins for the multi-host drawing's node and edge types (React Flow needs its type
 * tables at module level): each renders the real component from `fabric-canvas.tsx` once it is loaded.
 */
import type { EdgeProps, NodeProps } from '@xyflow/react';
import { type ComponentType, createElement, memo } from 'react';
import { deferred } from '../../lib/deferred';
import { useDeferred } from '../../ui/use-deferred';
import type { FabricEdge, FabricPartNode } from './fabric-types';

export const fabricCanvas = deferred(() => import('./fabric-canvas'));

type FabricKind = FabricPartNode['type'];

/** Renders the loaded component of `kind` (nothing until the module is here). */
function FabricPart({ kind, props }: { kind: FabricKind; props: NodeProps }) {
  const mod = useDeferred(fabricCanvas);
  if (mod === null) return null;
  return createElement(mod.fabricNodeComponents[kind] as unknown as ComponentType<NodeProps>, props);
}

const HostSlot = memo((p: NodeProps) => <FabricPart kind="fabric-host" props={p} />);
const SwitchSlot = memo((p: NodeProps) => <FabricPart kind="fabric-switch" props={p} />);
const VcsSlot = memo((p: NodeProps) => <FabricPart kind="fabric-vcs" props={p} />);
const VppbSlot = memo((p: NodeProps) => <FabricPart kind="fabric-vppb" props={p} />);
const DeviceSlot = memo((p: NodeProps) => <FabricPart kind="fabric-device" props={p} />);
const LdSlot = memo((p: NodeProps) => <FabricPart kind="fabric-ld" props={p} />);

export const fabricNodeTypes = {
  'fabric-host': HostSlot,
  'fabric-switch': SwitchSlot,
  'fabric-vcs': VcsSlot,
  'fabric-vppb': VppbSlot,
  'fabric-device': DeviceSlot,
  'fabric-ld': LdSlot,
};

export const FabricEdgeSlot = memo(function FabricEdgeSlot(props: EdgeProps<FabricEdge>) {
  const mod = useDeferred(fabricCanvas);
  return mod === null ? null : createElement(mod.fabricEdgeComponent, props);
});
