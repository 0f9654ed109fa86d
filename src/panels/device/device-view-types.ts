/** What every Device tab sub-view gets (kept apart from the registry, which imports the views). */
import type { ComponentKind } from '../../cxl/topology/model.ts';

/** The component a sub-view shows (already of a kind it applies to). */
export interface DeviceViewProps {
  component: string;
  kind: ComponentKind;
}
