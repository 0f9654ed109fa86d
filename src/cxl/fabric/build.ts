/**
 * Builders for multi-host labs (issue 18): a bare host (one window, one host bridge, root ports, no
 * decoder programmed) and an unbound VCS. Presets, tests and editors start from these.
 */
import { DEFAULT_REG_BASE } from '../spec/component-block.ts';
import type { ComponentSpec } from '../topology/model.ts';
import { GIB } from '../units.ts';
import type { HostSpec, VcsSpec } from './model.ts';

/**
 * QEMU x86's first CXL fixed memory window base with the default memory map (QEMU hw/i386/pc.c
 * pc_get_cxl_range_end). Every host is its own machine, so each starts its window here.
 */
export const HOST_WINDOW_BASE = 0x4c_0000_0000;

export interface BareHostOptions {
  /** Window size in bytes (default 16 GiB). */
  windowSize?: number;
  /** Root ports below the one host bridge (default 1): `rp0.0`, `rp0.1`, … */
  rootPorts?: number;
  /** HDM decoders of the host bridge (default 4). */
  decoderCount?: number;
}

/** A host with one 1-way volatile window `cfmw0` on host bridge `hb0` (UID 0) and its root ports. */
export function bareHost(id: string, options: BareHostOptions = {}): HostSpec {
  const components: ComponentSpec[] = [
    {
      id: 'hb0',
      kind: 'host-bridge',
      uid: 0,
      decoderCount: options.decoderCount ?? 4,
      componentRegBase: DEFAULT_REG_BASE,
      decoders: [],
    },
  ];
  for (let p = 0; p < (options.rootPorts ?? 1); p++)
    components.push({ id: `rp0.${p}`, kind: 'root-port', parent: 'hb0', port: p });
  return {
    id,
    windows: [
      {
        id: 'cfmw0',
        base: HOST_WINDOW_BASE,
        size: options.windowSize ?? 16 * GIB,
        ways: 1,
        granularity: 256,
        arithmetic: 'modulo',
        xormaps: [],
        targets: ['hb0'],
        restrictions: ['type3', 'volatile'],
        qtg: 0,
      },
    ],
    components,
  };
}

/** A VCS on upstream port `usp` with `vppbs` unbound vPPBs (0 … vppbs−1). */
export function unboundVcs(vcs: number, usp: number, vppbs: number, decoderCount = 4): VcsSpec {
  return {
    vcs,
    usp,
    decoderCount,
    decoders: [],
    vppbs: Array.from({ length: vppbs }, (_, vppb) => ({ vppb, binding: { state: 'unbound' } })),
  };
}
