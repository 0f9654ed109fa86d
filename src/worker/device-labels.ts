/**
 * The LSA and Linux-probe requests (issue 17): `device.lsa` decodes a Type 3 device's Label Storage
 * Area; `device.probe` replays Linux v6.5 binding it on a fresh copy of the device (the probe's Set
 * Timestamp never changes the lab). Both are read-only questions; the core does the work.
 */
import { deviceLsa, labDevice, type ProbeStep, runProbe } from '../cxl/device/index.ts';
import type { Lab } from '../cxl/lab.ts';
import { formatCxlJson } from '../cxl/region/cxl-list.ts';
import { ok, type Result } from '../cxl/result.ts';
import * as D from '../cxl/spec/device-regs.ts';
import { formatBytes, hex } from '../cxl/units.ts';
import { accessView, payloadView } from './device-inspect.ts';
import type { LsaView, ProbeStepView, ProbeView, RegisterMapRow } from './device-labels-types.ts';

export function lsaView(lab: Lab, device: string): Result<LsaView> {
  const dev = labDevice(lab, device);
  if (!dev.ok) return dev;
  const v = deviceLsa(device, dev.value.device);
  const d = v.decode;
  return ok({
    device,
    size: v.size,
    bytes: v.bytes,
    summary: d.summary,
    current: d.current,
    indexBlocks: d.indexBlocks,
    labels: d.labels,
    problems: d.problems,
  });
}

/** The device register block's registers (CXL 2.0 §8.2.8, QEMU's placement: `spec/device-regs.ts`). */
function registerMap(): RegisterMapRow[] {
  const M = D.MAILBOX_OFFSET;
  const rows: [string, number, number][] = [
    ['Device Capabilities Array', 0, D.DEVICE_CAP_ENTRY_BYTES],
    ...D.DEVICE_CAPABILITIES.map((_, i): [string, number, number] => [
      `Capability Header ${i + 1}`,
      D.DEVICE_CAP_ENTRY_BYTES * (i + 1),
      D.DEVICE_CAP_ENTRY_BYTES,
    ]),
    ['Event Status', D.DEVICE_STATUS_OFFSET, D.DEVICE_STATUS_LENGTH],
    ['Mailbox Capabilities', M + D.MBOX.capabilities, 4],
    ['Mailbox Control', M + D.MBOX.control, 4],
    ['Command', M + D.MBOX.command, 8],
    ['Mailbox Status', M + D.MBOX.status, 8],
    ['Background Command Status', M + D.MBOX.backgroundStatus, 8],
    ['Command Payload', M + D.MBOX.payload, D.MAILBOX_PAYLOAD_SIZE],
    ['Memory Device Status', D.MEMDEV_STATUS_OFFSET, D.MEMDEV_STATUS_LENGTH],
  ];
  return rows.map(([name, offset, size]) => ({ name, offset, size, offsetText: hex(offset) }));
}

function stepView(s: ProbeStep): ProbeStepView {
  const v: ProbeStepView = {
    n: s.n,
    kind: s.kind,
    title: s.title,
    fn: s.fn,
    why: s.why,
    inputFields: (s.inputFields ?? []).map(payloadView),
    outputFields: (s.outputFields ?? []).map(payloadView),
    ok: s.kind !== 'mailbox' || s.returnCode === 0,
    mmio: s.mmio.map(accessView),
  };
  if (s.opcode !== undefined) v.opcodeText = `0x${s.opcode.toString(16).padStart(4, '0')}`;
  if (s.input !== undefined) v.input = s.input.slice();
  if (s.output !== undefined) v.output = s.output.slice();
  if (s.returnCodeName !== undefined) v.returnCodeName = s.returnCodeName;
  return v;
}

export function probeView(lab: Lab, device: string, nativeErrors: boolean): Result<ProbeView> {
  const dev = labDevice(lab, device);
  if (!dev.ok) return dev;
  const r = runProbe(lab, dev.value.spec, dev.value.device, { nativeErrors });
  const c = r.capacities;
  return ok({
    device,
    kernel: r.kernel,
    ok: r.ok,
    failure: r.failure,
    steps: r.steps.map(stepView),
    capacities:
      c === null
        ? null
        : {
            how: c.how,
            ramSize: c.ram.size,
            pmemSize: c.pmem.size,
            ramText: formatBytes(c.ram.size),
            pmemText: formatBytes(c.pmem.size),
          },
    cxlList: r.memdev === null ? null : formatCxlJson([r.memdev]),
    registerMap: registerMap(),
  });
}

/** The handlers, spread into the worker's handler table (`handler.ts`). */
export function deviceLabelHandlers(host: { readonly inspected: { lab: Lab } }) {
  return {
    'device.lsa': (a: { device: string }) => lsaView(host.inspected.lab, a.device),
    'device.probe': (a: { device: string; nativeErrors?: boolean }) =>
      probeView(host.inspected.lab, a.device, a.nativeErrors === true),
  };
}
