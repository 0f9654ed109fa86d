/** Canvas node id of the CXL root (host side); every other node id is a component id. */
export const ROOT_NODE_ID = 'cxl-root';
