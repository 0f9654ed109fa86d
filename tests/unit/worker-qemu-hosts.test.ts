/**
 * The worker's `qemu.export` adapter on a multi-host lab (issue 18): every host's command line with
 * what QEMU cannot express, the top-level fields being the focused host's; a single-host lab answers
 * as before (no `hosts`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFabricLab, type FabricLab } from '../../src/cxl/fabric/fabric-lab.ts';
import { parseAnyLabFile } from '../../src/cxl/fabric/file.ts';
import type { Lab } from '../../src/cxl/lab.ts';
import { qemuExport } from '../../src/worker/interop.ts';
import { handlerHarness } from './helpers/handler-harness.ts';
import { fourWayLab } from './helpers/region-topologies.ts';

function pool(): FabricLab {
  const text = readFileSync(
    new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url),
    'utf8',
  );
  const p = parseAnyLabFile(text);
  if (!p.ok || p.value.hosts !== 'multi') throw new Error('not a multi-host preset');
  const made = createFabricLab(p.value.file);
  if (!made.ok) throw new Error(made.error.message);
  return made.value.lab;
}

function hostLab(f: FabricLab, id: string): Lab {
  const lab = f.host(id);
  if (lab === undefined) throw new Error(id);
  return lab;
}

describe('qemu.export on a multi-host lab', () => {
  it('answers every host, the top-level fields being the focused host’s', () => {
    const f = pool();
    const r = qemuExport(hostLab(f, 'hostB'), { syntax: 'current', busNumbers: 'renumber' }, f);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.focus).toBe('hostB');
    expect(r.value.hosts?.map((h) => [h.host, h.ok])).toEqual([
      ['hostA', true],
      ['hostB', true],
    ]);
    // hostB holds LD 1 of each MLD: its backends are the MLD files at offset 1 GiB.
    expect(r.value.argv).toContain(
      'memory-backend-file,id=mld0.ld1-vmem,share=on,mem-path=/tmp/cxl-lab/mld0.raw,size=1G,offset=1G',
    );
    const a = r.value.hosts?.[0];
    expect(a?.ok && a.export.argv).toContain('cxl-upstream,bus=rp0.0,id=sw0.vcs0');
    expect(a?.limits.map((l) => l.code)).toEqual([
      'qemu.vcs-as-switch',
      'qemu.mld-ld',
      'qemu.shared-backing',
      'qemu.mld-ld',
      'qemu.shared-backing',
    ]);
    expect(r.value.fabric?.map((l) => l.code)).toEqual(['qemu.one-host-per-instance', 'qemu.fm-api']);
    expect(r.value.backingFiles?.map((b) => b.path)).toEqual([
      '/tmp/cxl-lab/mld0.raw',
      '/tmp/cxl-lab/mld1.raw',
    ]);
    // The answer is plain data (structured clone).
    expect(structuredClone(r.value)).toEqual(r.value);
  });

  it('refuses when QEMU can build no host, naming each host', () => {
    const f = pool();
    const r = qemuExport(hostLab(f, 'hostA'), { syntax: '7.2', busNumbers: 'renumber' }, f);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/^QEMU cannot build any host of this lab: hostA: /);
      expect(r.error.causes?.some((c) => c.message.startsWith('hostB: '))).toBe(true);
    }
  });

  it('a single-host lab answers as before, without hosts', () => {
    const r = qemuExport(fourWayLab('persistent', true), { syntax: 'current', busNumbers: 'uid' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.hosts).toBeUndefined();
    expect(r.value.argv[0]).toBe('qemu-system-x86_64');
  });

  it('through the real handler: the opened pool preset answers both hosts, focused on the focused one', async () => {
    const h = handlerHarness();
    const text = readFileSync(
      new URL('../../src/presets/multi-host/pool-2h-2mld.cxl-lab.json', import.meta.url),
    );
    const opened = await h.call('file.open', { bytes: new Uint8Array(text), fileName: 'pool.json' });
    expect(opened.view.fabric?.focus).toBe('hostA');
    const a = await h.call('qemu.export', { syntax: 'current', busNumbers: 'renumber' });
    expect(a.focus).toBe('hostA');
    expect(a.hosts?.map((x) => x.host)).toEqual(['hostA', 'hostB']);
    expect(a.argv).toContain('cxl-upstream,bus=rp0.0,id=sw0.vcs0');
    await h.call('fabric.focus', { host: 'hostB' });
    const b = await h.call('qemu.export', { syntax: 'current', busNumbers: 'renumber' });
    expect(b.focus).toBe('hostB');
    expect(b.argv).toContain('cxl-upstream,bus=rp0.0,id=sw0.vcs1');
  });
});
