/**
 * `cxl-lab probe`: replay the mailbox and register traffic of Linux v6.5 binding a Type 3 device
 * (drivers/cxl/pci.c cxl_pci_probe and, for pmem, the nvdimm label reads) through the lab device's
 * registers, then print the capacities Linux derives and the memdev as `cxl list -M` shows it.
 */
import {
  formatAccess,
  formatCxlJson,
  labDevice,
  type ProbeResult,
  type ProbeStep,
  runProbe,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { loadLab } from '../lab-input.ts';
import { type OptionSpec, parseOptions, positionals } from '../options.ts';
import { errorLine, inputName } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab probe FILE DEVICE [--json] [--mmio] [--native-errors] [--no-pmem]

Replay what Linux v6.5 sends when it binds Type 3 device DEVICE (drivers/cxl/pci.c cxl_pci_probe):
media and mailbox readiness, Get Supported Logs and Get Log (the CEL), Set Timestamp, Identify, Get
Partition Info when the device is partitionable, and for pmem the nvdimm's Get Security State and
Get LSA label reads. Each step names the Linux function that sends it and why. Then print the
capacities Linux derives (cxl_mem_create_range_info) and the memdev as \`cxl list -M\` prints it.

  --json                print {"kernel","device","ok","failure","steps":[…],"capacities","memdev"}
  --mmio                list every register access of each step (text output)
  --native-errors       the host bridge grants native CXL error control (_OSC):
                        replay cxl_event_config
  --no-pmem             no CONFIG_CXL_PMEM / nvdimm bridge: skip the nvdimm label reads
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}Exit status: 0 the probe binds, 3 Linux fails it, 1 invalid file or device, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--output'],
  flags: ['--json', '--mmio', '--native-errors', '--no-pmem'],
  aliases: { '-o': '--output' },
};

const toHex = (b: Uint8Array | undefined) =>
  b === undefined ? '' : [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

function stepJson(s: ProbeStep) {
  return {
    n: s.n,
    kind: s.kind,
    title: s.title,
    function: s.fn,
    why: s.why,
    ...(s.opcode === undefined ? {} : { opcode: `0x${s.opcode.toString(16).padStart(4, '0')}` }),
    ...(s.input === undefined ? {} : { input: toHex(s.input) }),
    ...(s.output === undefined ? {} : { output: toHex(s.output) }),
    ...(s.returnCodeName === undefined ? {} : { returnCode: s.returnCode, returnCodeName: s.returnCodeName }),
    mmio: s.mmio.map((a) => ({
      op: a.op,
      offset: `0x${a.offset.toString(16)}`,
      size: a.size,
      register: a.register,
      value: `0x${a.value.toString(16)}`,
    })),
  };
}

function text(r: ProbeResult, mmio: boolean): string {
  const lines = [`${r.device}: ${r.kernel}`];
  for (const s of r.steps) {
    const rc = s.returnCodeName === undefined ? '' : ` → ${s.returnCodeName}`;
    const sizes =
      s.kind === 'mailbox'
        ? ` [in ${s.input?.length ?? 0} B, out ${s.output?.length ?? 0} B, ${s.mmio.length} MMIO]`
        : s.kind === 'mmio'
          ? ` [${s.mmio.length} MMIO]`
          : '';
    lines.push(`${String(s.n).padStart(3)}. ${s.title}${rc}${sizes}`, `     ${s.fn}`, `     ${s.why}`);
    if (mmio) lines.push(...s.mmio.map((a) => `       ${formatAccess(a)}`));
  }
  lines.push(r.ok ? 'probe: bound' : `probe: FAILS — ${r.failure}`);
  if (r.capacities !== null) {
    const c = r.capacities;
    lines.push(
      `capacities: ${c.how}`,
      `  ram  DPA [${c.ram.start}, ${c.ram.start + c.ram.size}) size ${c.ram.size}`,
      `  pmem DPA [${c.pmem.start}, ${c.pmem.start + c.pmem.size}) size ${c.pmem.size}`,
    );
  }
  if (r.memdev !== null) lines.push('cxl list -M:', formatCxlJson([r.memdev]));
  return `${lines.join('\n')}\n`;
}

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'replay Linux binding a Type 3 device: mailbox timeline, derived capacities, `cxl list -M`',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const [file = '', id = ''] = positionals(parsed, ['lab FILE', 'DEVICE']);
    const loaded = await loadLab('probe', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const dev = labDevice(loaded.lab, id);
    if (!dev.ok) {
      io.stderr(errorLine('probe', dev.error.message, inputName(file)));
      return 1;
    }
    const r = runProbe(loaded.lab, dev.value.spec, dev.value.device, {
      nativeErrors: parsed.flags.has('--native-errors'),
      pmem: !parsed.flags.has('--no-pmem'),
    });
    const printed = parsed.flags.has('--json')
      ? `${JSON.stringify({ kernel: r.kernel, device: r.device, ok: r.ok, failure: r.failure, steps: r.steps.map(stepJson), capacities: r.capacities, memdev: r.memdev }, null, 2)}\n`
      : text(r, parsed.flags.has('--mmio'));
    const status = emitOutput('probe', parsed.values.get('--output'), printed, io);
    return status !== 0 ? status : r.ok ? 0 : 3;
  },
};
