/**
 * `cxl-lab config`: a component's PCIe configuration space with its CXL DVSECs, decoded by spec
 * field names in the style of `lspci -vvv`, or as JSON.
 */
import { componentConfig, formatConfigSpace, hex } from '../../cxl/index.ts';
import type { CliCommand } from '../command.ts';
import { emitOutput } from '../input.ts';
import { loadLab } from '../lab-input.ts';
import { type OptionSpec, parseOptions, positionals } from '../options.ts';
import { errorLine, inputName } from '../report.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab config FILE COMPONENT [--json] [--hex] [-o OUT]

Print the 4 KiB PCIe configuration space of COMPONENT (a Type 3 device, root port, switch upstream
port or downstream port) as QEMU builds it: the PCI IDs, the extended capability chain and the CXL
DVSECs at their offsets — PCIe DVSEC for CXL Device (Range 1/2 size and base from the device's
capacities, Mem_Info_Valid, Mem_Active, media type and class), Register Locator (the component and
device register blocks), Flex Bus Port — each register with its fields by spec name (CXL 2.0 §8.1).

  FILE                  a cxl-lab/1 file ('-' for standard input)
  COMPONENT             a component id from the file (e.g. mem0, rp0)
  --json                print {"component","kind","capabilities":[{"offset","name",
                        "registers":[…]}…],"hex":[…]} instead of text
  --hex                 also print the non-zero 16-byte lines of the space as hex
  -o, --output OUT      write to OUT instead of standard output

${LIMITS_HELP}
Exit status: 0 printed, 1 invalid file or component, 2 bad arguments.
`;

const OPTIONS: OptionSpec = {
  values: ['--output'],
  flags: ['--json', '--hex'],
  aliases: { '-o': '--output' },
};

export const configCommand: CliCommand = {
  name: 'config',
  summary: "print a component's PCIe config space and CXL DVSECs, lspci -vvv style",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions(args, OPTIONS);
    const [file = '', id = ''] = positionals(parsed, ['lab FILE', 'COMPONENT']);
    const loaded = await loadLab('config', file, io);
    if (!loaded.ok) return loaded.exitCode;
    const view = componentConfig(loaded.lab, id);
    if (!view.ok) {
      io.stderr(errorLine('config', view.error.message, inputName(file)));
      return 1;
    }
    const v = view.value;
    if (parsed.flags.has('--json')) {
      const json = {
        component: v.component,
        kind: v.kind,
        capabilities: v.capabilities.map((c) => ({
          offset: hex(c.offset),
          name: c.name,
          registers: c.registers.map((r) => ({ ...r, offset: hex(r.offset), value: hex(r.value) })),
        })),
        hex: v.hex,
      };
      return emitOutput('config', parsed.values.get('--output'), `${JSON.stringify(json, null, 2)}\n`, io);
    }
    let text = formatConfigSpace(`${v.component} (${v.kind}): PCIe configuration space`, v.capabilities);
    if (parsed.flags.has('--hex')) text += `${v.hex.join('\n')}\n`;
    return emitOutput('config', parsed.values.get('--output'), text, io);
  },
};
