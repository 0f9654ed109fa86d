/** A region plan (or refusal) as readable text: summary, members, decoders, order, MMIO writes. */
import { formatBytes, hex, hex32 } from '../units.ts';
import type { RegionPlan, RegionRefusal } from './types.ts';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function range(base: number, size: number): string {
  return `${hex(base)}–${hex(base + size - 1)}`;
}

export function formatPlan(plan: RegionPlan): string {
  const out: string[] = [];
  const verb = plan.kind === 'create' ? 'create' : 'destroy';
  out.push(
    `${verb} ${plan.region}: ${formatBytes(plan.size)} at ${range(plan.base, plan.size)} in ${plan.window} ` +
      `(${plan.rootDecoder}), ${plan.ways} way${plan.ways === 1 ? '' : 's'} × ${plan.granularity} B, ` +
      `${plan.mode} (${plan.type})`,
    '',
    'Members (position order):',
    ...table(
      ['pos', 'memdev', 'endpoint', 'decoder', 'host bridge', 'DPA', 'skip'],
      plan.targets.map((t) => [
        String(t.position),
        t.memdev === t.memdevName ? t.memdev : `${t.memdevName} (${t.memdev})`,
        t.endpoint,
        t.decoder,
        t.hostBridge,
        `${hex(t.dpaResource)} + ${formatBytes(t.dpaSize)}`,
        hex(t.skip),
      ]),
    ).map((l) => `  ${l}`),
    '',
    'Decoders:',
    ...table(
      ['decoder', 'port', 'component', 'ways', 'granularity', 'targets / DPA', 'range'],
      plan.decoders.map((d) => [
        d.name,
        d.port,
        d.component,
        `${d.ways} (eiw ${d.eiw})`,
        `${d.granularity} (eig ${d.eig})`,
        d.kind === 'endpoint'
          ? `DPA ${hex(d.dpaResource)}, skip ${hex(d.skip)}`
          : d.passthrough
            ? `[${d.targets.join(',')}] passthrough: not written`
            : `[${d.targets.join(',')}]`,
        range(d.base, d.size),
      ]),
    ).map((l) => `  ${l}`),
    '',
    `${plan.kind === 'create' ? 'Commit' : 'Reset'} order: ${plan.order.join(' → ') || '(nothing to write)'}`,
    '',
    'MMIO writes (offset within the component register block):',
    ...table(
      ['#', 'component', 'decoder', 'register', 'offset', 'value', 'note'],
      plan.writes.map((w, i) => [
        String(i + 1),
        w.component,
        w.decoder,
        w.register,
        `0x${w.offset.toString(16).padStart(4, '0')}`,
        hex32(w.value),
        w.note,
      ]),
    ).map((l) => `  ${l}`),
  );
  if (plan.notes.length > 0) out.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  return `${out.join('\n')}\n`;
}

export function formatRefusal(e: RegionRefusal): string {
  const lines = [
    `refused: ${e.message}`,
    `  ${e.source === 'kernel' ? 'Linux (dev_dbg)' : 'cxl-cli'}: ${e.log}`,
    `  step: ${e.step}`,
  ];
  if (e.spec !== undefined) lines.push(`  rule from: ${e.spec}`);
  return `${lines.join('\n')}\n`;
}
