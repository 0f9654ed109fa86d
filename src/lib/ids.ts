// Canvas node ids that are not component ids (the CXL root's node).
import { CXL_ROOT_ID } from '../cxl/topology/reserved-ids.ts';

/**
 * Canvas node id of the CXL root (host side); every other node id is a component id. The core
 * refuses it as a window or component id (src/cxl/topology/reserved-ids.ts).
 */
export const ROOT_NODE_ID = CXL_ROOT_ID;
