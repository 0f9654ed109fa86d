/**
 * The interop requests (issue 9) through the real handler in this process, exactly as the UI calls
 * them: share links out and back in (memory optional, tampered links refused with nothing loaded),
 * QEMU export (current and 7.2, bus renumbering, XOR refusal), QEMU import of the QEMU docs'
 * 4-way example (written by hand), and `cxl list` import. Imports answer with cxl-lab/1 text that
 * `file.open` takes, which is how the UI opens them as new labs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testClientsPerTest } from './helpers/in-process-client.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const DEFAULT = read('../../src/presets/default.topology.json');
const XOR = read('../../src/presets/xor-x4.topology.json');
const CXL_LIST = read('../fixtures/cxl-list-2hb-4way.json');
const REGION_BASE = 0x4c00000000;

/** QEMU docs' 4-way example: two pxb-cxl (bus_nr 12, 222), 2 root ports each, 4 persistent type3s. */
const DOC_4WAY = read('../fixtures/qemu-docs-4way.args').trimEnd();

const lab = testClientsPerTest();

function componentIds(spec: { components: { id: string }[] }): string[] {
  return spec.components.map((c) => c.id).sort();
}

describe('share.encode / share.decode', () => {
  it('carries topology, decoders and (when asked) touched memory, and decodes to the same lab', async () => {
    const a = lab();
    const opened = await a.open(DEFAULT);
    await a.call('mem.write', { hpa: REGION_BASE, bytes: new Uint8Array([0x11, 0x22, 0x33]) });
    await a.call('hdm.uncommit', { component: 'mem2', index: 0 });
    const link = await a.call('share.encode', { includeMemory: true });
    expect(link.fragment).toMatch(/^#lab=[A-Za-z0-9_-]+$/);
    expect(link.pagesIncluded).toBe(1);
    expect(link.compressedBytes).toBeLessThan(link.jsonBytes);

    const b = lab();
    const decoded = await b.call('share.decode', { link: `https://example.org/lab/${link.fragment}` });
    expect(decoded.name).toBe(opened.view.spec.name);
    expect(decoded.devices).toBe(4);
    const restored = await b.open(decoded.text, 'the shared link');
    expect(componentIds(restored.view.spec)).toEqual(componentIds(opened.view.spec));
    expect(restored.view.decoders.mem2?.[0]?.committed).toBe(false);
    const bytes = await b.call('mem.read', { hpa: REGION_BASE, length: 3 });
    expect([...bytes.data]).toEqual([0x11, 0x22, 0x33]);
  });

  it('leaves memory out unless asked', async () => {
    const a = lab();
    await a.open(DEFAULT);
    await a.call('mem.write', { hpa: REGION_BASE, bytes: new Uint8Array([1]) });
    const link = await a.call('share.encode', { includeMemory: false });
    expect(link.pagesIncluded).toBe(0);
    expect(link.pagesOmitted).toBe(1);
  });

  it('refuses a tampered link with what is wrong, and the lab stays as it was', async () => {
    const a = lab();
    const before = await a.open(DEFAULT);
    const link = await a.call('share.encode', { includeMemory: false });
    const tampered = `${link.fragment.slice(0, 40)}!!${link.fragment.slice(42)}`;
    const e = await a.refuse('share.decode', { link: tampered });
    expect(e.message).toMatch(/outside base64url/);
    expect(e.causes?.length).toBeGreaterThan(0);
    const cut = await a.refuse('share.decode', { link: link.fragment.slice(0, link.fragment.length / 2) });
    expect(cut.message).toMatch(/decompress|base64url|lab file/);
    const state = await a.call('file.save', {});
    expect(JSON.parse(state.text).name).toBe(before.view.spec.name);
  });
});

describe('qemu.export', () => {
  it('exports the default topology with renumbered buses, and its 4-way region as create-region', async () => {
    const a = lab();
    await a.open(DEFAULT);
    const x = await a.call('qemu.export', { syntax: 'current', busNumbers: 'renumber' });
    expect(x.commandLine).toMatch(/^qemu-system-x86_64 \\\n/);
    expect(x.commandLine).toContain('-M cxl-fmw.0.targets.0=hb0,cxl-fmw.0.targets.1=hb1');
    expect(x.argv).toContain('q35,cxl=on');
    expect(x.guestScript).toContain('cxl create-region -d decoder0.0 -w 4');
    expect(x.regions).toHaveLength(1);
    expect(x.warnings.some((w) => w.code === 'qemu.bus-renumbered')).toBe(true);
    expect(x.script).toContain('"$@"');
  });

  it('refuses bus numbers from UID 0, and volatile capacity in the 7.2 syntax, with the reasons', async () => {
    const a = lab();
    await a.open(DEFAULT);
    const uid = await a.refuse('qemu.export', { syntax: 'current', busNumbers: 'uid' });
    expect(uid.causes?.map((c) => c.code)).toContain('qemu.uid-range');
    const old = await a.refuse('qemu.export', { syntax: '7.2', busNumbers: 'renumber' });
    expect(old.message).toMatch(/7\.2/);
  });

  it('refuses an XOR window, saying why', async () => {
    const a = lab();
    await a.open(XOR);
    const e = await a.refuse('qemu.export', { syntax: 'current', busNumbers: 'renumber' });
    expect(e.code).toBe('qemu.refused');
    expect(e.causes?.map((c) => c.code)).toEqual(['qemu.xor-window']);
    expect(e.message).toMatch(/XOR/);
  });
});

describe('qemu.import', () => {
  it("imports QEMU docs' 4-way example as a lab file that opens with 4 devices", async () => {
    const a = lab();
    const x = await a.call('qemu.import', { text: DOC_4WAY, assemble: false });
    expect(x.devices).toBe(4);
    expect(x.skipped).toEqual([]);
    const opened = await a.open(x.text, 'QEMU command line');
    const kinds = opened.view.spec.components.map((c) => c.kind);
    expect(kinds.filter((k) => k === 'host-bridge')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'root-port')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'type3')).toHaveLength(4);
    expect(opened.view.spec.windows[0]?.granularity).toBe(8192);
  });

  it('assembles a committed region when asked', async () => {
    const a = lab();
    const x = await a.call('qemu.import', { text: DOC_4WAY, assemble: true });
    expect(x.regions).toHaveLength(1);
    const opened = await a.open(x.text);
    expect(opened.view.regions[0]?.committed).toBe(true);
  });

  it('lists unknown devices as skipped, and errors name the argument', async () => {
    const a = lab();
    const x = await a.call('qemu.import', {
      text: `${DOC_4WAY} -device virtio-net-pci,netdev=n0`,
      assemble: false,
    });
    expect(x.skipped.map((s) => s.text)).toEqual(['-device virtio-net-pci,netdev=n0']);
    const e = await a.refuse('qemu.import', {
      text: DOC_4WAY.replace('cxl-rp,port=1,bus=cxl.1', 'cxl-rp,port=x,bus=cxl.1'),
      assemble: false,
    });
    expect(e.message).toMatch(/argument \d+ \(-device cxl-rp,port=x/);
  });
});

describe('cxl-list.import', () => {
  it("rebuilds a machine's decoders as the kernel left them, with findings", async () => {
    const a = lab();
    const x = await a.call('cxl-list.import', { text: CXL_LIST });
    expect(x.devices).toBe(4);
    const opened = await a.open(x.text, 'cxl list');
    const committed = Object.values(opened.view.decoders)
      .flat()
      .filter((d) => d.committed);
    expect(committed.length).toBeGreaterThan(0);
    expect(Array.isArray(x.findings)).toBe(true);
  });

  it('refuses text that is not a listing', async () => {
    const a = lab();
    const e = await a.refuse('cxl-list.import', { text: '{"nope": ' });
    expect(e.code).toBe('cxl-list.refused');
    expect(e.causes?.length).toBeGreaterThan(0);
  });
});
