/**
 * Multi-host lab → QEMU (issue 18): one `qemu-system-x86_64` command line per host, each host's view
 * (`fabric/views.ts`) exported exactly as a single-host lab (`exportQemu`), plus the list of what QEMU
 * cannot express, per host and for the fabric, each with its QEMU source. Facts used (read in QEMU's
 * source and documentation):
 * - one QEMU instance is one machine: docs/system/devices/cxl.rst describes CXL "from the view of a
 *   single host" and ignores fabric management ("a single host and a static configuration");
 * - QEMU's switch has one VCS: its switch CCI answers Identify Switch Device with one VCS
 *   (hw/cxl/cxl-mailbox-utils.c cmd_identify_switch_device), so a VCS is written as an ordinary
 *   `cxl-upstream` switch in its host with a `cxl-downstream` port per vPPB (port = vPPB ID);
 * - QEMU's switch CCI implements Identify Switch Device, Get Physical Port State and the Tunnel
 *   Management Command, none of the VCS or LD commands (hw/cxl/cxl-mailbox-utils.c cxl_cmd_set_sw);
 * - QEMU's `cxl-type3` is a single logical device ("emulating an MLD with single LD", tunnelled
 *   commands reach LD 0 only: hw/mem/cxl_type3.c ct3d_reset, hw/cxl/cxl-mailbox-utils.c
 *   cmd_tunnel_management_cmd) with no heads (hw/mem/cxl_type3.c ct3_props), so each LD is a
 *   `cxl-type3` of its own;
 * - several instances share bytes through `memory-backend-file,share=on` on one file (QEMU
 *   qemu-options.hx: share "allows a co-operating external process to access the QEMU memory
 *   region"), each LD at its media offset with `offset=` (qapi/qom.json MemoryBackendFileProperties,
 *   since 8.1, a multiple of the page size; backends/hostmem-file.c).
 */
import type { FabricLab } from '../fabric/fabric-lab.ts';
import { vcsComponentId } from '../fabric/ids.ts';
import type { FabricDeviceSpec, LdOwner } from '../fabric/model.ts';
import { type CxlError, ok, type Result } from '../result.ts';
import { hex } from '../units.ts';
import { sizeSuffixText } from './qemu-args.ts';
import { exportQemu, type QemuExport, type QemuExportOptions, type SharedBacking } from './qemu-export.ts';

/** Something of the lab QEMU cannot express, and the QEMU file and function (or document) that says so. */
export interface QemuLimit {
  code: string;
  message: string;
  /** The component id in the host's view, or the fabric part. */
  component?: string;
  source: string;
}

/** One host's command line (or why QEMU refuses it) and what of its view QEMU cannot express. */
export interface QemuHostExport {
  host: string;
  result: Result<QemuExport, CxlError[]>;
  limits: QemuLimit[];
}

export interface QemuFabricExport {
  hosts: QemuHostExport[];
  /** What no host's command line carries (the fabric manager, LDs bound to no host …). */
  fabric: QemuLimit[];
  /** The shared backing files: one per fabric device, the device's whole media. */
  backingFiles: { device: string; path: string; bytes: number }[];
}

export interface QemuFabricExportOptions extends Omit<QemuExportOptions, 'sharedVolatile'> {
  /** Only these hosts (default: every host, in the lab's order). */
  hosts?: readonly string[];
}

const SRC_DOC = 'QEMU docs/system/devices/cxl.rst';
const SRC_SWITCH_VCS = 'QEMU hw/cxl/cxl-mailbox-utils.c cmd_identify_switch_device (one VCS)';
const SRC_SWITCH_CCI =
  'QEMU hw/cxl/cxl-mailbox-utils.c cxl_cmd_set_sw (Identify Switch Device, Get Physical Port State, Tunnel Management Command)';
const SRC_SLD =
  'QEMU hw/mem/cxl_type3.c ct3d_reset ("an MLD with single LD"); hw/cxl/cxl-mailbox-utils.c cmd_tunnel_management_cmd (LD 0 only)';
const SRC_HEADS = 'QEMU hw/mem/cxl_type3.c ct3_props (no head or LD properties)';
const SRC_SHARED =
  'QEMU qapi/qom.json MemoryBackendFileProperties (offset, since 8.1); backends/hostmem-file.c; system/physmem.c qemu_ram_alloc_from_fd';

/** The backing file of a fabric device's media. */
function backingPath(dir: string, device: string): string {
  return `${dir === '/' ? '' : dir}/${device}.raw`;
}

/**
 * The QEMU command line of every host of a multi-host lab (or of `options.hosts`), with what QEMU
 * cannot express. Refused only when a host asked for is not in the lab; a host QEMU cannot build
 * answers with its refusals in its own `result`.
 */
export function exportQemuFabric(
  lab: FabricLab,
  options: QemuFabricExportOptions = {},
): Result<QemuFabricExport, CxlError[]> {
  const wanted = options.hosts ?? lab.hostIds;
  const unknown = wanted.filter((h) => !lab.hostIds.includes(h));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: unknown.map((h) => ({
        code: 'qemu.unknown-host',
        message: `no host "${h.slice(0, 40)}" in this lab (hosts ${lab.hostIds.join(', ')})`,
      })),
    };
  }
  const dir = (options.memPathDir ?? '/tmp/cxl-lab').replace(/\/+$/, '') || '/';
  const { hosts: _hosts, ...single } = options;
  const hosts: QemuHostExport[] = [];
  for (const host of wanted) {
    const hostLab = lab.host(host);
    if (hostLab === undefined) continue;
    const shared = sharedBackings(lab, host, dir);
    const result = exportQemu(hostLab, { ...single, sharedVolatile: shared });
    hosts.push({ host, result, limits: hostLimits(lab, host, shared) });
  }
  const backingFiles = [...lab.index.devices.values()].map((d) => ({
    device: d.id,
    path: backingPath(dir, d.id),
    bytes: d.capacity,
  }));
  return ok({ hosts, fabric: fabricLimits(lab), backingFiles });
}

/** The LDs `host` reaches: its view's component id → the LD's owner record and slice. */
function ownedLds(lab: FabricLab, host: string) {
  const out: { owner: LdOwner; device: FabricDeviceSpec; ld: number; base: number; size: number }[] = [];
  for (const [key, owner] of lab.index.owners) {
    if (owner.host !== host) continue;
    const slice = lab.index.slices.get(key);
    const device = slice === undefined ? undefined : lab.index.devices.get(slice.device);
    if (slice === undefined || device === undefined) continue;
    out.push({ owner, device, ld: slice.ld, base: slice.base, size: slice.size });
  }
  return out.sort((a, b) => a.owner.component.localeCompare(b.owner.component));
}

function sharedBackings(lab: FabricLab, host: string, dir: string): Record<string, SharedBacking> {
  const out: Record<string, SharedBacking> = {};
  for (const l of ownedLds(lab, host)) {
    out[l.owner.component] = {
      path: backingPath(dir, l.device.id),
      offset: l.base,
      fileBytes: l.device.capacity,
    };
  }
  return out;
}

function limit(code: string, component: string | undefined, message: string, source: string): QemuLimit {
  return component === undefined ? { code, message, source } : { code, component, message, source };
}

/** What of `host`'s view QEMU cannot express: its VCSs, unbound vPPBs, LDs and their shared bytes. */
function hostLimits(lab: FabricLab, host: string, shared: Record<string, SharedBacking>): QemuLimit[] {
  const out: QemuLimit[] = [];
  for (const s of lab.index.spec.fabric.switches) {
    for (const vcs of s.vcss) {
      if (s.ports.find((p) => p.port === vcs.usp)?.link?.host !== host) continue;
      const id = vcsComponentId(s.id, vcs.vcs);
      const others = s.vcss.length - 1;
      out.push(
        limit(
          'qemu.vcs-as-switch',
          id,
          `VCS ${vcs.vcs} of switch ${s.id} is written as an ordinary cxl-upstream switch with one cxl-downstream port per vPPB (port = vPPB ID): a QEMU switch has one VCS, so ${others === 0 ? 'nothing else of the physical switch' : others === 1 ? `the other VCS of ${s.id}` : `the other ${others} VCSs of ${s.id}`} and its physical port IDs (upstream port ${vcs.usp}) are not in this instance`,
          SRC_SWITCH_VCS,
        ),
      );
      for (const b of vcs.vppbs) {
        if (b.binding.state !== 'unbound') continue;
        out.push(
          limit(
            'qemu.vppb-unbound',
            `${id}.vppb${b.vppb}`,
            `unbound vPPB ${b.vppb}: an empty cxl-downstream port (QEMU has no unbound state and no Bind vPPB); to bind it, restart this instance with the new command line (hot-adding a cxl-type3 with device_add was not checked)`,
            SRC_SWITCH_CCI,
          ),
        );
      }
    }
  }
  for (const l of ownedLds(lab, host)) out.push(...ldLimits(l, shared[l.owner.component]));
  return out;
}

function ldLimits(
  l: { owner: LdOwner; device: FabricDeviceSpec; ld: number; base: number; size: number },
  backing: SharedBacking | undefined,
): QemuLimit[] {
  const id = l.owner.component;
  const out: QemuLimit[] = [];
  if (l.device.kind === 'mld') {
    out.push(
      limit(
        'qemu.mld-ld',
        id,
        `LD ${l.ld} of MLD ${l.device.id} is a cxl-type3 of its own (${sizeSuffixText(l.size)}): QEMU's cxl-type3 is a single logical device, so the LD-ID, the MLD's other LDs and its LD allocations are not expressed`,
        SRC_SLD,
      ),
    );
  } else if (l.device.kind === 'mhd' && 'head' in l.owner.via) {
    out.push(
      limit(
        'qemu.mhd-head',
        id,
        `head ${l.owner.via.head} of multi-headed device ${l.device.id} is a cxl-type3 below this host's root port: QEMU's cxl-type3 has no heads, so only the shared backing file ties the heads together`,
        SRC_HEADS,
      ),
    );
  }
  if (backing !== undefined) {
    out.push(
      limit(
        'qemu.shared-backing',
        id,
        `its bytes are ${l.device.id}'s media ${hex(l.base)}…${hex(l.base + l.size - 1)}: memory-backend-file share=on on ${backing.path}${l.base > 0 ? ` at offset=${sizeSuffixText(l.base)} (QEMU 8.1 or later)` : ''}, shared with every instance that maps the file; the script creates the file at ${sizeSuffixText(backing.fileBytes)} first. QEMU emulates no coherency between instances`,
        `${SRC_SHARED}; ${SRC_DOC}`,
      ),
    );
  }
  return out;
}

/** What no host's command line carries: the fabric manager, VCSs without a host, LDs bound to no host. */
function fabricLimits(lab: FabricLab): QemuLimit[] {
  const out: QemuLimit[] = [
    limit(
      'qemu.one-host-per-instance',
      undefined,
      `QEMU emulates one host per instance: run one qemu-system-x86_64 per host (${lab.hostIds.join(', ')}); the instances share only the backing files`,
      SRC_DOC,
    ),
  ];
  if (lab.index.spec.fabric.switches.length > 0) {
    out.push(
      limit(
        'qemu.fm-api',
        undefined,
        "the fabric manager's commands (Get Virtual CXL Switch Info, Bind vPPB, Unbind vPPB, Get LD Info, Get/Set LD Allocations) have no QEMU equivalent: the bindings are fixed when the instances start",
        SRC_SWITCH_CCI,
      ),
    );
  }
  for (const s of lab.index.spec.fabric.switches) {
    for (const vcs of s.vcss) {
      if (s.ports.find((p) => p.port === vcs.usp)?.link !== undefined) continue;
      out.push(
        limit(
          'qemu.vcs-no-host',
          `${s.id} VCS ${vcs.vcs}`,
          `its upstream port ${vcs.usp} is linked to no host, so it is in no command line`,
          SRC_DOC,
        ),
      );
    }
  }
  for (const [key, slice] of lab.index.slices) {
    if (lab.index.owners.has(key) || slice.size === 0) continue;
    out.push(
      limit(
        'qemu.ld-no-host',
        `${slice.device} LD ${slice.ld}`,
        `bound to no host: in no command line; its ${sizeSuffixText(slice.size)} stay in ${slice.device}'s backing file at ${hex(slice.base)}`,
        SRC_DOC,
      ),
    );
  }
  return out;
}
