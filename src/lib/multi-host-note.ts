// What the canvas and palette say about structure edits of a multi-host lab (issue 18: not on the canvas).

/** Said when a structure edit is asked for on a multi-host lab, and under the disabled palette. */
export const MULTI_HOST_EDIT_NOTE =
  'This lab has several hosts sharing a fabric: its structure is not edited on the canvas. Bind and unbind LDs in the Fabric tab; add hosts, switches or devices in its cxl-lab/2 file.';
