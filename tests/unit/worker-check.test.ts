/**
 * The worker's `check.run` (the Check panel's request) through the real handler: the same findings
 * as `cxl-lab check`, current after every change (a register fix, a failed commit).
 *
 * Scenario: the "Misprogrammed: aliasing" preset. Window 2-way @256 B over hb0/hb1; both host
 * bridges 2-way @256 B (Linux derives 256 × 2 = 512 B); four endpoints 4-way @256 B, 16 GiB at
 * 0x4c00000000.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRun } from '../../src/cxl/decode/check-run.ts';
import { createLab } from '../../src/cxl/lab.ts';
import { parseLabFile } from '../../src/cxl/topology/file.ts';
import { testClientsPerTest } from './helpers/in-process-client.ts';

const PRESET = readFileSync(
  new URL('../../src/presets/misprogrammed-alias.topology.json', import.meta.url),
  'utf8',
);
const BASE = 0x4c00000000;
const GIB = 2 ** 30;
const newClient = testClientsPerTest();

/** The host bridge's decoder 0 as Linux would program it: 2-way over ports 0 and 1 at `granularity`. */
function hbProgram(granularity: number) {
  return { base: BASE, size: 16 * GIB, ways: 2, granularity, targets: [0, 1] };
}

describe('check.run', () => {
  it('answers what the CLI check answers for the same file', async () => {
    const { call, open } = newClient();
    await open(PRESET, 'misprogrammed-alias.json');
    const run = await call('check.run', {});
    const parsed = parseLabFile(PRESET);
    if (!parsed.ok) throw new Error('preset does not parse');
    const built = createLab(parsed.value);
    if (!built.ok) throw new Error(built.error.message);
    // The CLI's path (cli/commands/check.ts): the file's lab and its load findings through checkRun.
    expect(run).toEqual(checkRun(built.value.lab, built.value.findings));
  });

  it('warns of the alias with its sources, and the warning goes once the host bridges are fixed', async () => {
    const { call, open } = newClient();
    await open(PRESET, 'misprogrammed-alias.json');
    const before = await call('check.run', {});
    const alias = before.findings.find((f) => f.code === 'region.alias');
    // Chunks 0 and 2 (HPA 0x4c00000000 and 0x4c00000200) both reach mem0 DPA 0 (the preset's notes).
    expect(alias).toMatchObject({ severity: 'warning', component: 'mem0', decoder: 0, rule: 'spec' });
    expect(alias?.message).toContain('0x4c00000000 and 0x4c00000200 both reach mem0 DPA 0x0');
    expect(alias?.behaviour?.map((b) => b.who)).toEqual(['hardware', 'linux', 'qemu']);
    const interleave = before.findings.filter((f) => f.code === 'region.port-interleave');
    expect(interleave.map((f) => [f.severity, f.component, f.decoder])).toEqual([
      ['error', 'hb0', 0],
      ['error', 'hb1', 0],
    ]);
    expect(before.errors).toBe(before.findings.filter((f) => f.severity === 'error').length);

    // The fix from the notes: hb0 and hb1 decoder 0 at 512 B (uncommit, reprogram, commit).
    for (const hb of ['hb0', 'hb1']) {
      await call('hdm.uncommit', { component: hb, index: 0 });
      const r = await call('hdm.program', { component: hb, index: 0, program: hbProgram(512), commit: true });
      expect(r.outcome).toBe('committed');
    }
    const after = await call('check.run', {});
    expect(after.findings.map((f) => f.code)).not.toContain('region.alias');
    expect(after.errors).toBe(0);
  });

  it('reports a decoder that fails its commit now, not only when the lab was opened', async () => {
    const { call, open } = newClient();
    await open(PRESET, 'misprogrammed-alias.json');
    expect((await call('check.run', {})).findings.map((f) => f.code)).not.toContain('decoder.commit-failed');
    // hb0 decoder 1 with Lock On Commit at base 0x4c00000000, below decoder 0's end 0x5000000000:
    // the spec's check Decoder[1].Base ≥ Decoder[0].Base + Size fails → Error Not Committed.
    const r = await call('hdm.program', {
      component: 'hb0',
      index: 1,
      program: { ...hbProgram(512), size: GIB, lock: true },
      commit: true,
    });
    expect(r.outcome).toBe('error');
    const run = await call('check.run', {});
    const failed = run.findings.find((f) => f.code === 'decoder.commit-failed');
    expect(failed).toMatchObject({ severity: 'error', component: 'hb0', decoder: 1 });
    expect(failed?.checks?.map((c) => c.id)).toContain('spec.base-order');
    // Load findings come first, as in the CLI.
    expect(run.findings[0]?.code).toBe('decoder.commit-failed');
  });
});
