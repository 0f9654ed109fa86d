/**
 * Writes a multi-host lab as `cxl-lab/2` text (issue 18): hosts as `cxl-lab/1` windows and components,
 * then the fabric. Registers of a VCS or an LD are written on its fabric entry, taken from the host
 * that reaches it; media pages on their device, by media offset.
 */
import { encodeBase64 } from '../base64.ts';
import { deviceJson } from '../device/file.ts';
import type { ComponentRegisterState } from '../hdm/component-registers.ts';
import { PAGE_SIZE } from '../memory/sparse-memory.ts';
import {
  componentJson,
  decoderJson,
  type FileJsonObject,
  MULTI_HOST_FORMAT,
  registersJson,
  sizeText,
  windowJson,
} from '../topology/file.ts';
import { isDefaultPlatform } from '../topology/platform.ts';
import { hex } from '../units.ts';
import type { FabricLabFile } from './fabric-lab.ts';
import { ldComponentId, ldKey, vcsComponentId } from './ids.ts';
import type { FabricDeviceSpec, FabricSwitchSpec, LdOwner, MultiHostSpec, VppbBinding } from './model.ts';
import { validateFabric } from './validate.ts';

/** Serializes a multi-host spec or lab file (`fabricLab.toFile()`) as `cxl-lab/2` JSON text. */
export function serializeMultiHostFile(input: MultiHostSpec | FabricLabFile): string {
  const file: FabricLabFile =
    'spec' in input ? input : { spec: input, registers: new Map(), hostMemory: new Map(), media: new Map() };
  const { spec } = file;
  const root: FileJsonObject = { format: MULTI_HOST_FORMAT, name: spec.name };
  if (spec.notes !== undefined) root.notes = spec.notes;
  if (spec.platform !== undefined && !isDefaultPlatform(spec.platform)) root.platform = { ...spec.platform };
  root.hosts = spec.hosts.map((h): FileJsonObject => {
    const o: FileJsonObject = { id: h.id };
    Object.assign(o, namedJson(h));
    if (h.platform !== undefined) o.platform = { ...h.platform };
    const saved = {
      registers: file.registers.get(h.id) ?? new Map(),
      memory: file.hostMemory.get(h.id) ?? new Map(),
    };
    o.windows = h.windows.map(windowJson);
    o.components = h.components.map((c) => componentJson(c, saved));
    return o;
  });
  const v = validateFabric(spec);
  const owners: ReadonlyMap<string, LdOwner> = v.ok ? v.value.owners : new Map();
  const regOf = (host: string | undefined, id: string): ComponentRegisterState | undefined =>
    host === undefined ? undefined : file.registers.get(host)?.get(id);
  root.fabric = {
    switches: spec.fabric.switches.map((s) => switchJson(s, regOf)),
    devices: spec.fabric.devices.map((d) => {
      const o = fabricDeviceJson(d, (ld) => {
        const owner = owners.get(ldKey(d.id, ld));
        return regOf(owner?.host, ldComponentId(d, ld));
      });
      const pages = file.media.get(d.id);
      if (pages !== undefined && pages.length > 0)
        o.memory = pages.map(
          ([i, bytes]): FileJsonObject => ({ offset: hex(i * PAGE_SIZE), data: encodeBase64(bytes) }),
        );
      return o;
    }),
  };
  return `${JSON.stringify(root, null, 2)}\n`;
}

function namedJson(x: { name?: string; position?: { x: number; y: number } }): FileJsonObject {
  const o: FileJsonObject = {};
  if (x.name !== undefined) o.name = x.name;
  if (x.position !== undefined) o.position = { x: x.position.x, y: x.position.y };
  return o;
}

function bindingJson(b: VppbBinding): FileJsonObject | string {
  if (b.state === 'unbound') return 'unbound';
  return b.state === 'port' ? { port: b.port } : { port: b.port, ld: b.ld };
}

function switchJson(
  s: FabricSwitchSpec,
  regOf: (host: string | undefined, id: string) => ComponentRegisterState | undefined,
): FileJsonObject {
  return {
    id: s.id,
    ...namedJson(s),
    ports: s.ports.map((p): FileJsonObject => {
      const o: FileJsonObject = { port: p.port, role: p.role };
      if (p.link !== undefined) o.link = { host: p.link.host, rootPort: p.link.rootPort };
      return o;
    }),
    vcss: s.vcss.map((vcs): FileJsonObject => {
      const o: FileJsonObject = {
        vcs: vcs.vcs,
        usp: vcs.usp,
        decoderCount: vcs.decoderCount,
        decoders: vcs.decoders.map(decoderJson),
      };
      const host = s.ports.find((p) => p.port === vcs.usp)?.link?.host;
      const regs = regOf(host, vcsComponentId(s.id, vcs.vcs));
      if (regs !== undefined) o.registers = registersJson(regs);
      o.vppbs = vcs.vppbs.map((b): FileJsonObject => ({ vppb: b.vppb, binding: bindingJson(b.binding) }));
      return o;
    }),
  };
}

function fabricDeviceJson(
  d: FabricDeviceSpec,
  regOf: (ld: number) => ComponentRegisterState | undefined,
): FileJsonObject {
  const o: FileJsonObject = { id: d.id, kind: d.kind, ...namedJson(d) };
  o.serial = d.serial;
  o.capacity = sizeText(d.capacity);
  o.granularity = sizeText(d.granularity);
  if (d.attach !== undefined) o.attach = { switch: d.attach.switch, port: d.attach.port };
  if (d.heads !== undefined)
    o.heads = d.heads.map((h) => ({
      head: h.head,
      link: { host: h.link.host, rootPort: h.link.rootPort },
      ld: h.ld,
    }));
  o.lds = d.lds.map((ld): FileJsonObject => {
    const l: FileJsonObject = {
      ld: ld.ld,
      range1: sizeText(ld.range1),
      range2: sizeText(ld.range2),
      decoderCount: ld.decoderCount,
      decoders: ld.decoders.map(decoderJson),
    };
    if (ld.device !== undefined) Object.assign(l, deviceJson({ device: ld.device }));
    const regs = regOf(ld.ld);
    if (regs !== undefined) l.registers = registersJson(regs);
    return l;
  });
  return o;
}
