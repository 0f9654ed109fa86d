/**
 * The multi-host drawing's node and edge components (issue 18), loaded only when a lab with a fabric
 * is open (`fabric-slot.tsx`); the layout loads beside it (`fabric-deferred.ts`).
 */
import './fabric.css';
import { FabricLinkEdge } from './FabricLinkEdge';
import { FabricDevice, FabricSwitch, HostFrame, LdSlice, VcsBand, Vppb } from './FabricNodes';

export const fabricNodeComponents = {
  'fabric-host': HostFrame,
  'fabric-switch': FabricSwitch,
  'fabric-vcs': VcsBand,
  'fabric-vppb': Vppb,
  'fabric-device': FabricDevice,
  'fabric-ld': LdSlice,
} as const;

export const fabricEdgeComponent = FabricLinkEdge;
