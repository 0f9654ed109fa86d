/**
 * `cxl-lab lsa`: decode the CXL labels in a Type 3 device's Label Storage Area (CXL 2.0 §9.13.2),
 * naming bad checksums and unknown label types; `--init-labels -o OUT` writes a valid label set
 * (index pair, one region and one namespace label) through Set LSA and saves the lab.
 */
import {
  decodeLsa,
  hex,
  type IndexBlockView,
  type LabelView,
  labDevice,
  type PayloadField,
  serializeLabFile,
  type Type3Spec,
  writeLabelSet,
} from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { UsageError } from '../io.ts';
import { loadLab, outputLoads } from '../lab-input.ts';
import { type OptionSpec, parseOptions, positionals } from '../options.ts';
import { errorLine, inputName } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab lsa FILE DEVICE [--json] [--init-labels -o OUT]

Decode the Label Storage Area of Type 3 device DEVICE the way Linux reads it
(drivers/nvdimm/label.c): both Label Index Blocks with their checks (signature, Fletcher-64
checksum, sequence number, offsets, slot count), which one is current, and every in-use slot as a
Region Label (CXL 2.0 Table 211), Namespace Label (Table 212) or unknown type. Problems are named;
bad content is never fatal.

  --json                print {"device","size","summary","current","indexBlocks":[…],
                        "labels":[…],"problems":[…]}
  --init-labels         write a valid label set over the device's persistent capacity:
                        index block 0 (sequence 3, all free), index block 1 (sequence 1,
                        current), a region label in slot 0, a namespace label in slot 1,
                        each sent as Set LSA (4103h) commands; needs -o OUT (the lab file)
  -o, --output OUT      write to OUT instead of standard output (with --init-labels: the lab file)

${LIMITS_HELP}Exit status: 0 decoded (even with problems), 1 invalid file or device, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--output'],
  flags: ['--json', '--init-labels'],
  aliases: { '-o': '--output' },
};

function fieldLines(fields: readonly PayloadField[]): string[] {
  return fields.map(
    (f) =>
      `    ${hex(f.offset).padEnd(8)} [${f.size}] ${f.name} = ${f.value}${f.meaning === undefined ? '' : `  (${f.meaning})`}`,
  );
}

function blockLines(b: IndexBlockView, current: number | null): string[] {
  const state = b.valid ? (b.index === current ? 'valid, current' : 'valid') : 'invalid';
  return [
    `index block ${b.index} @ ${hex(b.offset)} (${b.size} bytes): ${state}; checksum ${b.checksum}, content gives ${b.computed}; slots in use: ${b.usedSlots.length === 0 ? 'none' : b.usedSlots.slice(0, 16).join(', ')}`,
    ...fieldLines(b.fields),
  ];
}

function labelLines(l: LabelView): string[] {
  const kind = l.kind === 'unknown' ? `unknown type ${l.type}` : `${l.kind} label`;
  return [
    `slot ${l.slot} @ ${hex(l.offset)}: ${kind}${l.valid ? '' : ' (invalid)'}`,
    ...fieldLines(l.fields),
  ];
}

export const lsaCommand: CliCommand = {
  name: 'lsa',
  summary:
    "decode a Type 3 device's LSA labels (index blocks, region/namespace labels); --init-labels writes a set",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const [file = '', id = ''] = positionals(parsed, ['lab FILE', 'DEVICE']);
    const init = parsed.flags.has('--init-labels');
    const output = parsed.values.get('--output');
    if (init && output === undefined)
      throw new UsageError('--init-labels needs -o OUT (the lab file to write)');
    const loaded = await loadLab('lsa', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const dev = labDevice(loaded.lab, id);
    if (!dev.ok) {
      io.stderr(errorLine('lsa', dev.error.message, inputName(file)));
      return 1;
    }
    const { device, spec } = dev.value;
    if (init) {
      const w = writeLabelSet(spec, device);
      if (!w.ok) {
        io.stderr(errorLine('lsa', w.error.message, id));
        return 1;
      }
      const labFile = loaded.lab.toFile();
      const saved = device.state.applyTo(spec);
      labFile.spec.components = labFile.spec.components.map((c): typeof c =>
        c.id === id ? (saved as Type3Spec) : c,
      );
      const written = serializeLabFile(labFile);
      if (!outputLoads('lsa', output ?? '', written, io)) return 1;
      io.stderr(`lsa: wrote the label set with ${w.value.commands} Set LSA commands\n`);
      return emitOutput('lsa', output, written, io);
    }
    const lsa = device.state.lsa;
    const d = decodeLsa(lsa.size, (o, n) => {
      const out = new Uint8Array(n);
      const m = Math.max(0, Math.min(n, lsa.size - o));
      if (m > 0) out.set(lsa.read(o, m));
      return out;
    });
    if (parsed.flags.has('--json')) {
      const body = {
        device: id,
        size: d.lsaSize,
        summary: d.summary,
        current: d.current,
        indexBlocks: d.indexBlocks,
        labels: d.labels,
        problems: d.problems,
      };
      return emitOutput('lsa', output, `${JSON.stringify(body, null, 2)}\n`, io);
    }
    const lines = [`${id}: LSA of ${d.lsaSize} bytes — ${d.summary}`];
    for (const b of d.indexBlocks) lines.push(...blockLines(b, d.current));
    for (const l of d.labels) lines.push(...labelLines(l));
    if (d.problems.length > 0) lines.push('problems:', ...d.problems.map((p) => `  ${p}`));
    return emitOutput('lsa', output, `${lines.join('\n')}\n`, io);
  },
};
