// Canvas node ids that are not component ids (the CXL root's node).

/** Canvas node id of the CXL root (host side); every other node id is a component id. */
export const ROOT_NODE_ID = 'cxl-root';
