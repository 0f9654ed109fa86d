/**
 * `cxl-lab mbox`: send one mailbox command to a lab's Type 3 device through its device registers and
 * print the return code, the output payload as hex and its decoded fields, and the MMIO sequence;
 * `--apply -o OUT` saves the state the command leaves (LSA, partition, poison, events, timestamp).
 */
import {
  COMMANDS,
  formatAccess,
  hex,
  labDevice,
  type MailboxRun,
  runMailbox,
  serializeLabFile,
  type Type3Spec,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { UsageError } from '../io.ts';
import { loadLab, outputLoads } from '../lab-input.ts';
import { type OptionSpec, parseOptions, positionals } from '../options.ts';
import { fieldLines, hexLines, hexString, payloadInput } from '../payload-format.ts';
import { errorLine, inputName } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const commandList = COMMANDS.map(
  (c) => `  ${`0x${c.opcode.toString(16).padStart(4, '0')}`}  ${c.cli.padEnd(20)} ${c.name}`,
).join('\n');

const USAGE = `Usage: cxl-lab mbox FILE DEVICE COMMAND [--in HEX | --in-json JSON] [--json] [--apply -o OUT]

Send COMMAND to the primary mailbox of Type 3 device DEVICE the way Linux's driver does (payload,
Command register, Doorbell; CXL 2.0 §8.2.8.4) and print the return code, the output payload as hex,
its fields by spec name and the register accesses. COMMAND is a name below or an opcode (0x4000).

${commandList}

  --in HEX              input payload bytes as hex ("0a 00 00 00 …", spaces allowed)
  --in-json JSON        input payload fields, e.g. '{"offset":0,"length":64}' for get-lsa,
                        '{"dpa":"0x1000"}' for inject-poison, '{"volatile":"1G","immediate":true}'
  --json                print {"device","opcode","command","returnCode","returnCodeName","input",
                        "output","inputFields","outputFields","mmio":[…]} instead of text
  --apply               save the lab with the device state the command leaves in OUT (needs -o)
  -o, --output OUT      write to OUT instead of standard output (with --apply: the lab file)

${LIMITS_HELP}
A return code other than Success exits 3 and saves nothing; bad hex or JSON input is exit 2.
Exit status: 0 Success, 3 another return code, 1 invalid file or device, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--in', '--in-json', '--output'],
  flags: ['--json', '--apply'],
  aliases: { '-o': '--output' },
};

function inputBytes(command: string, values: ReadonlyMap<string, string>): Uint8Array {
  const c = command.toLowerCase();
  const def = COMMANDS.find(
    (d) => d.cli === c || d.name.toLowerCase() === c || `0x${d.opcode.toString(16).padStart(4, '0')}` === c,
  );
  return payloadInput(command, values, def?.fromJson);
}

function text(device: string, r: MailboxRun): string {
  const name =
    r.def === undefined ? `opcode ${hex(r.opcode)} (not implemented)` : `${r.def.name} (${hex(r.opcode)})`;
  const lines = [
    `${device}: ${name} → ${r.returnCodeName}`,
    `input: ${r.input.length} bytes`,
    ...fieldLines(r.inputFields),
  ];
  lines.push(`output: ${r.output.length} bytes`, ...hexLines(r.output));
  if (r.outputFields.length > 0) lines.push('fields:', ...fieldLines(r.outputFields));
  lines.push('mmio:', ...r.trace.map((a) => `  ${formatAccess(a)}`));
  return `${lines.join('\n')}\n`;
}

function json(device: string, r: MailboxRun): string {
  const body = {
    device,
    opcode: hex(r.opcode),
    command: r.def?.name ?? null,
    returnCode: r.returnCode,
    returnCodeName: r.returnCodeName,
    input: hexString(r.input),
    output: hexString(r.output),
    inputFields: r.inputFields,
    outputFields: r.outputFields,
    mmio: r.trace.map((a) => ({
      op: a.op,
      offset: hex(a.offset),
      size: a.size,
      register: a.register,
      value: `0x${a.value.toString(16)}`,
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export const mboxCommand: CliCommand = {
  name: 'mbox',
  summary: 'send a mailbox command to a Type 3 device through its registers; print or --apply its result',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const [file = '', id = '', command = ''] = positionals(parsed, ['lab FILE', 'DEVICE', 'COMMAND']);
    const apply = parsed.flags.has('--apply');
    const output = parsed.values.get('--output');
    if (apply && output === undefined) throw new UsageError('--apply needs -o OUT (the lab file to write)');
    const input = inputBytes(command, parsed.values);
    const loaded = await loadLab('mbox', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const dev = labDevice(loaded.lab, id);
    if (!dev.ok) {
      io.stderr(errorLine('mbox', dev.error.message, inputName(file)));
      return 1;
    }
    const r = runMailbox(dev.value.device, command, input);
    if (!r.ok) {
      if (r.error.code === 'mbox.unknown-command') throw new UsageError(r.error.message);
      io.stderr(errorLine('mbox', r.error.message, id));
      return 1;
    }
    const printed = parsed.flags.has('--json') ? json(id, r.value) : text(id, r.value);
    const success = r.value.returnCode === 0;
    if (!apply) {
      const status = emitOutput('mbox', output, printed, io);
      return status !== 0 ? status : success ? 0 : 3;
    }
    io.stdout(printed);
    if (!success) {
      io.stderr(errorLine('mbox', `the device answered ${r.value.returnCodeName}; ${output} not written`));
      return 3;
    }
    const labFile = loaded.lab.toFile();
    const spec = dev.value.device.state.applyTo(dev.value.spec);
    labFile.spec.components = labFile.spec.components.map((c): typeof c =>
      c.id === id ? (spec as Type3Spec) : c,
    );
    const written = serializeLabFile(labFile);
    if (!outputLoads('mbox', output ?? '', written, io)) return 1;
    return emitOutput('mbox', output, written, io);
  },
};
