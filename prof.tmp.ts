import { buildCedt, decodeCedt, cedtListing } from './src/cxl/acpi/index.ts';
function fix(b: Uint8Array) { const v = new DataView(b.buffer); v.setUint32(4, b.length, true); let s=0; b[9]=0; for (const x of b) s=(s+x)&255; b[9]=(256-s)&255; return b; }
const base = buildCedt({ name: 'x', windows: [{ id: 'w', base: 2**32*4, size: 2**28, ways: 1, granularity: 256, arithmetic: 'modulo', xormaps: [], targets: ['hb0'], restrictions: ['type3','volatile'], qtg: 0 }], components: [{ kind: 'host-bridge', id: 'hb0', uid: 0, decoderCount: 4, componentRegBase: 2**32, decoders: [] }] } as never);
if (!base.ok) throw new Error();
const b = base.value; const hdr = 36;
const cf = b.subarray(hdr + 32);
const n = 20000; const out = new Uint8Array(hdr + 32 + cf.length * n); out.set(b.subarray(0, hdr+32)); for (let i=0;i<n;i++) out.set(cf, hdr+32+i*cf.length);
fix(out);
for (let r=0;r<3;r++){ const t = performance.now(); decodeCedt(out); console.log("decode", performance.now()-t); }


