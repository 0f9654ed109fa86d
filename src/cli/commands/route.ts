/**
 * `cxl-lab route`: route host physical addresses through a lab file's topology and decoders and
 * print every hop, one JSON line per address.
 */

import { poisonRecordIn } from '../../cxl/device/poison-index.ts';
import {
  type CxlError,
  hex,
  type Lab,
  parseAddress,
  parseSize,
  type RouteHop,
  type RouteResult,
  route,
  walk,
} from '../../cxl/index.ts';
import type { LabCore } from '../../cxl/lab-core.ts';
import { LIMIT_ROUTE_BYTES } from '../../cxl/limits.ts';
import { POISON_SOURCES } from '../../cxl/spec/mailbox-payloads.ts';
import { ADDRESS_LIMIT } from '../../cxl/units.ts';
import type { CliCommand } from '../command.ts';
import { HOST_OPTIONS, HOST_USAGE, hostOption } from '../host-lab.ts';
import { readTextInput } from '../input.ts';
import { type CliIo, UsageError } from '../io.ts';
import { loadLab } from '../lab-input.ts';
import { type OptionSpec, parseOptions } from '../options.ts';
import { Progress, StreamedOutput } from '../output.ts';
import { PLATFORM_OPTIONS, PLATFORM_USAGE, platformOverride } from '../platform-options.ts';
import { LIMITS_HELP } from './help-text.ts';

const USAGE = `Usage: cxl-lab route FILE HPA… [--length N] [--no-hops] [--host ID] [--linux V] [--qemu-version V]
       cxl-lab route FILE - [--length N] [--no-hops]      (HPAs from standard input, one per line)

Route each host physical address (hex 0x… or decimal) through the topology and HDM decoders of a
cxl-lab/1 file, exactly as the hardware would with each decoder's own programming, and print one
JSON line per address:

  {"hpa":"0x…","ok":true,"window":"cfmw0","device":"mem0","decoder":0,"dpa":"0x…","hops":[…]}
  {"hpa":"0x…","ok":false,"error":{"code":…,"message":…,"component":…},"hops":[…]}

Each hop names the component, the decoder used, the arithmetic ("HPA bits [9:8] = 2",
"floor(HPA/4096) mod 3 = 2"), the way chosen, the target (host bridge UID or port number), the port
and the next component, and the address passed on (the DPA at the device).

  FILE                  a cxl-lab/1 file ('-' for standard input when the HPAs are arguments)
  HPA                   hex (0x…) or decimal
  -                     read HPAs from standard input (blank lines and # comments are skipped)
  --length N            route an access of N bytes at each HPA (hex, decimal, 4K, 1M): it is split
                        where the route can change (interleave granules, decoder ends) and each
                        piece is printed
  --no-hops             use the compiled fast path and omit the hops (for very long inputs)
${HOST_USAGE}
${PLATFORM_USAGE}

A routed address (or --length piece) whose device bytes are poisoned also gets "poison": {offset,
length, source} naming the media error record: routing succeeds, a read there fails with poison.
An address in no window prints ok:false with code "route.no-window". With --length, the pieces are
printed as they are routed ("ok" comes last), a progress line goes to standard error every second
of a long run, and N is at most 16G (docs/limits.md): route a larger range in parts.
${LIMITS_HELP}
Exit status: 0 (also when addresses do not route), 1 invalid file, 2 bad arguments.
`;

function errorJson(e: CxlError): Record<string, unknown> {
  const out: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.component !== undefined) out.component = e.component;
  if (e.spec !== undefined) out.spec = e.spec;
  return out;
}

export function hopJson(h: RouteHop): Record<string, unknown> {
  return {
    component: h.component,
    kind: h.kind,
    decoder: h.decoder,
    arithmetic: h.arithmetic,
    way: h.way,
    target: h.target,
    port: h.port,
    next: h.next,
    address: hex(h.address),
  };
}

/**
 * The media error record the routed bytes reach, as `list --media-errors` names it: routing still
 * succeeds, but a read of those bytes fails with poison (CXL 2.0 §8.2.9.5.4.1; docs/cxl-notes.md).
 */
function poisonJson(core: LabCore, device: string, dpa: number, n: number): Record<string, unknown> | null {
  const rec = poisonRecordIn(core, device, dpa, n);
  if (rec === undefined) return null;
  return {
    offset: hex(rec.dpa),
    length: rec.length,
    source: POISON_SOURCES[rec.source] ?? 'Reserved',
    note: 'a read of these device bytes fails with poison',
  };
}

export function routeJson(
  hpa: number,
  r: RouteResult,
  withHops: boolean,
  poison?: { core: LabCore; length: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = { hpa: hex(hpa), ok: r.ok };
  if (r.ok) {
    out.window = r.window;
    out.device = r.device;
    out.decoder = r.decoder;
    out.dpa = hex(r.dpa);
    const p = poison === undefined ? null : poisonJson(poison.core, r.device, r.dpa, poison.length);
    if (p !== null) out.poison = p;
  } else {
    out.error = errorJson(r.error);
  }
  if (withHops) out.hops = r.hops.map(hopJson);
  return out;
}

/**
 * Streams one access as a JSON line: `{"hpa","length","pieces":[…],"ok"}`. Pieces are written as
 * they are routed (`ok` comes last, once known), so memory does not grow with the length.
 */
async function streamAccess(
  lab: Lab,
  hpa: number,
  length: number,
  withHops: boolean,
  out: AccessSink,
): Promise<void> {
  out.write(`{"hpa":"${hex(hpa)}","length":${length},"pieces":[`);
  let ok = true;
  let at = hpa;
  const end = hpa + length;
  while (at < end) {
    const r = withHops ? walk(lab, at) : route(lab, at);
    const n = Math.min(end - at, Math.max(1, r.runBytes));
    const piece = JSON.stringify({ ...routeJson(at, r, withHops, { core: lab, length: n }), length: n });
    if (out.write(`${at === hpa ? '' : ','}${piece}`)) await out.drained();
    ok &&= r.ok;
    at += n;
    out.progress(at - hpa, length);
  }
  out.write(`],"ok":${ok}}\n`);
}

interface AccessSink {
  /** True when a block went out: await `drained()` then. */
  write(text: string): boolean;
  drained(): Promise<void>;
  progress(done: number, total: number): void;
}

interface RouteArgs {
  file: string;
  hpas: string[];
  stdin: boolean;
  length: number | null;
  hops: boolean;
  platform: ReturnType<typeof platformOverride>;
  host: string | undefined;
}

const OPTIONS: OptionSpec = {
  values: ['--length', ...PLATFORM_OPTIONS, ...HOST_OPTIONS],
  flags: ['--no-hops'],
};

function parseArgs(args: readonly string[]): RouteArgs {
  const parsed = parseOptions(args, OPTIONS);
  let length: number | null = null;
  const lengthText = parsed.values.get('--length');
  if (lengthText !== undefined) {
    const n = parseSize(lengthText, '--length');
    if (!n.ok) throw new UsageError(n.error.message);
    if (n.value === 0) throw new UsageError('--length must be at least 1');
    if (n.value > LIMIT_ROUTE_BYTES.value) {
      throw new UsageError(
        `--length ${lengthText}: over 16 GiB, the limit for one access (limit "${LIMIT_ROUTE_BYTES.name}", docs/limits.md); route the range in parts of at most 16G, e.g. HPA and HPA+16G`,
      );
    }
    length = n.value;
  }
  const [file, ...hpas] = parsed.positional;
  if (file === undefined) throw new UsageError('missing FILE');
  if (hpas.length === 0)
    throw new UsageError('missing HPA: give at least one, or - to read them from standard input');
  const stdin = hpas.includes('-');
  if (stdin && (hpas.length > 1 || file === '-')) {
    throw new UsageError("'-' (HPAs from standard input) must be the only HPA argument, with FILE a path");
  }
  for (const h of hpas) {
    if (h === '-') continue;
    const p = parseAddress(h, 'HPA');
    if (!p.ok) throw new UsageError(p.error.message);
  }
  return {
    file,
    hpas,
    stdin,
    length,
    hops: !parsed.flags.has('--no-hops'),
    platform: platformOverride(parsed),
    host: hostOption(parsed),
  };
}

export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'route HPAs through a lab file and print every hop as JSON',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args);
    const loaded = await loadLab('route', a.file, io, a.platform, { host: a.host, hostOption: true });
    if (!loaded.ok) return loaded.exitCode;
    const lab = loaded.lab;
    const out = new StreamedOutput(io);
    const progress = new Progress(io, 'route', 'routed');
    const sink: AccessSink = {
      write: (t) => out.write(t),
      drained: () => out.drained(),
      progress: (d, t) => progress.update(d, t),
    };
    const emit = async (obj: Record<string, unknown>) => {
      if (out.write(`${JSON.stringify(obj)}\n`)) await out.drained();
    };
    const one = async (text: string) => {
      const p = parseAddress(text, 'HPA');
      if (!p.ok) {
        await emit({ hpa: text, ok: false, error: errorJson(p.error) });
        return;
      }
      const end = a.length === null ? p.value + 1 : p.value + a.length;
      if (end > ADDRESS_LIMIT) {
        await emit({
          hpa: hex(p.value),
          ok: false,
          error: { code: 'cli.range', message: 'access crosses 2^52' },
        });
        return;
      }
      if (a.length === null)
        await emit(
          routeJson(p.value, a.hops ? walk(lab, p.value) : route(lab, p.value), a.hops, {
            core: lab,
            length: 1,
          }),
        );
      else await streamAccess(lab, p.value, a.length, a.hops, sink);
    };
    if (a.stdin) {
      const text = await readTextInput('route', '-', io);
      if (text === null) return 1;
      let start = 0;
      while (start <= text.length) {
        let nl = text.indexOf('\n', start);
        if (nl < 0) nl = text.length;
        const line = text.slice(start, nl).trim();
        start = nl + 1;
        if (line === '' || line.startsWith('#')) continue;
        await one(line);
      }
    } else {
      for (const h of a.hpas) await one(h);
    }
    out.flush();
    return 0;
  },
};
