/**
 * `cxl-lab fm`: run one Fabric Manager API command (CXL 2.0 §7.6.7) on a multi-host lab's fabric, as
 * a fabric manager that is not any host: print the return code, the output payload as hex and its
 * fields, the MLD's reply when the command was tunnelled, and the steps of a background operation;
 * `--apply -o OUT` saves the fabric the command leaves (background operations run to completion).
 */
import { parseAnyLabFile } from '../../cxl/fabric/file.ts';
import { serializeMultiHostFile } from '../../cxl/fabric/file-write.ts';
import {
  completeBackground,
  FM_COMMANDS,
  type FmRun,
  fmCommandByOpcode,
  fmState,
  resolveFmCommand,
  runFmCommand,
  stepBackground,
  tunnelRequest,
} from '../../cxl/fm/index.ts';
import { hex } from '../../cxl/index.ts';
import { RC, returnCodeName } from '../../cxl/spec/mailbox.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput, readTextInput } from '../input.ts';
import { type CliIo, UsageError } from '../io.ts';
import { type OptionSpec, parseOptions, positionals } from '../options.ts';
import { fieldLines, hexLines, hexString, payloadInput } from '../payload-format.ts';
import { errorLine, inputName, reportErrors } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const commandList = FM_COMMANDS.map(
  (c) =>
    `  ${`0x${c.opcode.toString(16).padStart(4, '0')}`}  ${c.cli.padEnd(25)} ${c.name}${c.processedBy === 'mld' ? ' (MLD; --port)' : ''}`,
).join('\n');

const USAGE = `Usage: cxl-lab fm FILE COMMAND [--switch ID] [--port N] [--in HEX | --in-json JSON] [--json]
                  [--apply -o OUT]

Run one Fabric Manager API command (CXL 2.0 §7.6.7) on the fabric of a multi-host lab
(cxl-lab/2), as a fabric manager that is not any host. COMMAND is a name below or an opcode
(0x5201). Commands go to a switch's CCI; MLD Component commands (54xxh) are processed by an MLD:
with --port N they are sent inside a Tunnel Management Command (5300h) to the MLD on switch port
N, and both layers are printed. Bind and Unbind vPPB are background operations: the switch
answers Background Command Started, and the steps to completion are printed.

${commandList}

  --switch ID           the fabric switch whose CCI receives the command (default: the only one)
  --port N              tunnel an MLD Component command to the MLD on downstream port N
  --in HEX              input payload bytes as hex ("00 01 02 00 ff ff", spaces allowed)
  --in-json JSON        input fields, e.g. '{"vcs":0,"vppb":1,"port":2,"ld":1}' for bind-vppb,
                        '{"vcs":0,"vppb":1,"option":0}' for unbind-vppb, '{"ports":[0,2]}',
                        '{"vcs":[0,1]}', '{"start":0,"limit":16}' for get-ld-allocations,
                        '{"start":2,"allocations":[[4,0]]}' for set-ld-allocations (multipliers of
                        the device's memory granularity)
  --json                print {"switch","opcode","command","returnCode","returnCodeName","message",
                        "input","output","inputFields","outputFields","tunnelled","background"}
  --apply               save the lab with the fabric the command leaves in OUT (needs -o)
  -o, --output OUT      write to OUT instead of standard output (with --apply: the lab file)

${LIMITS_HELP}
A return code other than Success or Background Command Started (outer or tunnelled) exits 3 and
saves nothing; bad hex or JSON input is exit 2.
Exit status: 0 Success, 3 another return code, 1 invalid file, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--in', '--in-json', '--output', '--switch', '--port'],
  flags: ['--json', '--apply'],
  aliases: { '-o': '--output' },
};

interface Step {
  percent: number;
  returnCode?: number;
  message?: string;
}

/** The background operation's steps to completion (none when the command started none). */
function backgroundSteps(run: FmRun): { steps: Step[]; final: FmRun['state'] } {
  const steps: Step[] = [];
  let s = run.state;
  while (s.pending !== null && steps.length < 10) {
    const r = stepBackground(s);
    s = r.state;
    if (r.completed === null) steps.push({ percent: s.pending?.percent ?? 100 });
    else steps.push({ percent: 100, returnCode: r.completed.returnCode, message: r.completed.message });
  }
  return { steps, final: s };
}

/** The request bytes: the command's payload, wrapped in a tunnel to `--port` for MLD commands. */
function requestBytes(
  command: string,
  values: ReadonlyMap<string, string>,
): { command: string; input: Uint8Array } {
  const c = resolveFmCommand(command);
  if (c === null)
    throw new UsageError(
      `unknown FM API command "${command}": give a name (${FM_COMMANDS.map((d) => d.cli).join(', ')}) or an opcode (0x5100)`,
    );
  const payload = payloadInput(command, values, c.def?.fromJson);
  const portText = values.get('--port');
  if (portText === undefined) return { command, input: payload };
  const port = /^\d{1,3}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port <= 255)) throw new UsageError(`--port ${portText}: expected a port number 0–255`);
  if (c.def?.processedBy !== 'mld')
    throw new UsageError(
      `--port tunnels MLD Component commands (54xxh); ${command} goes to the switch itself`,
    );
  return { command: 'tunnel-management', input: tunnelRequest(port, c.opcode, payload) };
}

function text(run: FmRun, steps: readonly Step[]): string {
  const name =
    run.def === undefined
      ? `opcode ${hex(run.opcode)} (not implemented)`
      : `${run.def.name} (${hex(run.opcode)})`;
  const lines = [
    `${run.switch}: ${name} → ${run.returnCodeName}`,
    `  ${run.message}`,
    `input: ${run.input.length} bytes`,
  ];
  lines.push(...fieldLines(run.def?.decodeInput?.(run.input) ?? []));
  lines.push(`output: ${run.output.length} bytes`, ...hexLines(run.output));
  const out = run.output.length === 0 ? [] : (run.def?.decodeOutput?.(run.output, run.input) ?? []);
  if (out.length > 0) lines.push('fields:', ...fieldLines(out));
  const inner = run.inner;
  if (inner !== undefined) {
    const def = fmCommandByOpcode(inner.opcode);
    const iname = def === undefined ? `opcode ${hex(inner.opcode)}` : `${def.name} (${hex(inner.opcode)})`;
    lines.push(
      `tunnelled to port ${inner.port}: ${iname} → ${returnCodeName(inner.rc)}`,
      `  ${inner.message}`,
    );
    lines.push(...fieldLines(def?.decodeInput?.(inner.input) ?? []));
    lines.push(`  reply payload: ${inner.output.length} bytes`, ...hexLines(inner.output));
    const f = inner.output.length === 0 ? [] : (def?.decodeOutput?.(inner.output, inner.input) ?? []);
    if (f.length > 0) lines.push('  reply fields:', ...fieldLines(f));
  }
  for (const s of steps)
    lines.push(
      s.returnCode === undefined
        ? `background: ${s.percent} %`
        : `background: 100 % → ${returnCodeName(s.returnCode)}: ${s.message ?? ''}`,
    );
  return `${lines.join('\n')}\n`;
}

function json(run: FmRun, steps: readonly Step[]): string {
  const inner = run.inner;
  const def = inner === undefined ? undefined : fmCommandByOpcode(inner.opcode);
  const body = {
    switch: run.switch,
    opcode: hex(run.opcode),
    command: run.def?.name ?? null,
    returnCode: run.returnCode,
    returnCodeName: run.returnCodeName,
    message: run.message,
    input: hexString(run.input),
    output: hexString(run.output),
    inputFields: run.def?.decodeInput?.(run.input) ?? [],
    outputFields: run.def?.decodeOutput?.(run.output, run.input) ?? [],
    tunnelled:
      inner === undefined
        ? null
        : {
            port: inner.port,
            opcode: hex(inner.opcode),
            command: def?.name ?? null,
            returnCode: inner.rc,
            returnCodeName: returnCodeName(inner.rc),
            message: inner.message,
            input: hexString(inner.input),
            output: hexString(inner.output),
            outputFields: def?.decodeOutput?.(inner.output, inner.input) ?? [],
          },
    background: steps,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function succeeded(run: FmRun, steps: readonly Step[]): boolean {
  const ok = (rc: number) => rc === RC.success || rc === RC.backgroundStarted;
  const last = steps.at(-1);
  return (
    ok(run.returnCode) &&
    (run.inner === undefined || ok(run.inner.rc)) &&
    (last === undefined || last.returnCode === RC.success)
  );
}

async function loadFabric(file: string, io: CliIo) {
  const textIn = await readTextInput('fm', file, io, { keepBom: true });
  if (textIn === null) return null;
  const parsed = parseAnyLabFile(textIn);
  if (!parsed.ok) {
    reportErrors(io, 'fm', 'not a valid lab file', inputName(file), parsed.error);
    return null;
  }
  if (parsed.value.hosts === 'single') {
    io.stderr(
      errorLine(
        'fm',
        'this lab has one host and no fabric: the FM API runs on a multi-host lab (cxl-lab/2) with a fabric switch',
        inputName(file),
      ),
    );
    return null;
  }
  return parsed.value.file;
}

function switchOf(spec: { fabric: { switches: { id: string }[] } }, given: string | undefined): string {
  if (given !== undefined) return given;
  const ids = spec.fabric.switches.map((s) => s.id);
  if (ids.length === 1) return ids[0] ?? '';
  throw new UsageError(
    ids.length === 0
      ? 'the lab has no fabric switch'
      : `the lab has ${ids.length} switches (${ids.join(', ')}): name one with --switch ID`,
  );
}

export const fmCommand: CliCommand = {
  name: 'fm',
  summary: "run a Fabric Manager API command on a multi-host lab's fabric; print or --apply its result",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const [file = '', command = ''] = positionals(parsed, ['lab FILE', 'COMMAND']);
    const apply = parsed.flags.has('--apply');
    const output = parsed.values.get('--output');
    if (apply && output === undefined) throw new UsageError('--apply needs -o OUT (the lab file to write)');
    const req = requestBytes(command, parsed.values);
    const lab = await loadFabric(file, io);
    if (lab === null) return 1;
    const sw = switchOf(lab.spec, parsed.values.get('--switch'));
    const r = runFmCommand(fmState(lab.spec), sw, req.command, req.input);
    if (!r.ok) throw new UsageError(r.error.message);
    const { steps, final } = backgroundSteps(r.value);
    const printed = parsed.flags.has('--json') ? json(r.value, steps) : text(r.value, steps);
    const success = succeeded(r.value, steps);
    if (!apply) {
      const status = emitOutput('fm', output, printed, io);
      return status !== 0 ? status : success ? 0 : 3;
    }
    io.stdout(printed);
    if (!success) {
      io.stderr(
        errorLine('fm', `the command was refused (${r.value.returnCodeName}); ${output} not written`),
      );
      return 3;
    }
    const written = serializeMultiHostFile({ ...lab, spec: completeBackground(final).state.spec });
    const check = parseAnyLabFile(written);
    if (!check.ok) {
      reportErrors(io, 'fm', 'the new fabric does not load; nothing written', output ?? '', check.error);
      return 1;
    }
    return emitOutput('fm', output, written, io);
  },
};
