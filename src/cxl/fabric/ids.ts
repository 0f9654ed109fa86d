/**
 * Component ids of fabric parts in a host's view (issue 18): a VCS appears as switch `sw0.vcs1`, its
 * vPPB 2 as downstream port `sw0.vcs1.vppb2`, LD 3 of MLD `mld0` as Type 3 device `mld0.ld3`, an SLD
 * under its own id. One home, so the views, the reverse map and the CLI name them alike.
 */
import type { FabricDeviceSpec } from './model.ts';

export function vcsComponentId(switchId: string, vcs: number): string {
  return `${switchId}.vcs${vcs}`;
}

export function vppbComponentId(switchId: string, vcs: number, vppb: number): string {
  return `${vcsComponentId(switchId, vcs)}.vppb${vppb}`;
}

export function ldComponentId(device: Pick<FabricDeviceSpec, 'id' | 'kind'>, ld: number): string {
  return device.kind === 'sld' ? device.id : `${device.id}.ld${ld}`;
}

/** Map key of one LD of one device. */
export function ldKey(device: string, ld: number): string {
  return `${device}\u0000${ld}`;
}

/** Map key of one physical port of one switch. */
export function portKey(switchId: string, port: number): string {
  return `${switchId}\u0000${port}`;
}
