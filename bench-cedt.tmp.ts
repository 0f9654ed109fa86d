import { buildCedt, decodeCedt, topologyFromCedt, cedtListing } from './src/cxl/acpi/index.ts';
import { parseLabFile, serializeLabFile } from './src/cxl/index.ts';
function fix(b: Uint8Array) { const v = new DataView(b.buffer); v.setUint32(4, b.length, true); let s=0; b[9]=0; for (const x of b) s=(s+x)&255; b[9]=(256-s)&255; return b; }
// one window CEDT from build
const base = buildCedt({ name: 'x', windows: [{ id: 'w', base: 2**32*4, size: 2**28, ways: 1, granularity: 256, arithmetic: 'modulo', xormaps: [], targets: ['hb0'], restrictions: ['type3','volatile'], qtg: 0 }], components: [{ kind: 'host-bridge', id: 'hb0', uid: 0, decoderCount: 4, componentRegBase: 2**32, decoders: [] }] } as never);
if (!base.ok) throw new Error(JSON.stringify(base.error));
const b = base.value; const chbsLen = 32; const hdr = 36;
const cf = b.subarray(hdr + chbsLen); // cfmws bytes
function many(n: number) { const out = new Uint8Array(hdr + chbsLen + cf.length * n); out.set(b.subarray(0, hdr+chbsLen)); for (let i=0;i<n;i++) out.set(cf, hdr+chbsLen+i*cf.length); return fix(out); }
function tiny(n: number) { const out = new Uint8Array(hdr + 4*n); out.set(b.subarray(0,hdr)); for (let i=0;i<n;i++){ out[hdr+4*i]=9; out[hdr+4*i+2]=4; } return fix(out); }
for (let rep = 0; rep < 2; rep++) for (const [name, bytes] of [['20000 cfmws', many(20000)], ['1000 cfmws', many(1000)], ['64000 tiny', tiny(64000)], ['4MiB tiny', tiny(1<<20)]] as const) {
  let t = performance.now(); const tab = decodeCedt(bytes); const td = performance.now()-t;
  t = performance.now(); const topo = topologyFromCedt(tab); const ti = performance.now()-t;
  t = performance.now(); const l = cedtListing(tab); const tl = performance.now()-t;
  let tp = 0, notes = 0, pe = 0;
  if (topo.ok) { t = performance.now(); const p = parseLabFile(serializeLabFile(topo.value)); tp = performance.now()-t; notes = topo.value.notes?.length ?? 0; pe = p.ok ? 0 : p.error.length; }
  console.log(name, bytes.length, 'decode', td.toFixed(0), 'findings', tab.findings.length, 'import', ti.toFixed(0), topo.ok ? 'ok' : `err ${topo.error.length}`, 'listing', tl.toFixed(0), l.length, 'parse', tp.toFixed(0), 'notes', notes, 'perr', pe);
}
