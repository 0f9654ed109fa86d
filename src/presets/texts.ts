// The shipped presets' texts other than the default's, each in its own chunk loaded when opened.

const TEXTS: Readonly<Record<string, () => Promise<{ default: string }>>> = {
  single: () => import('./single.topology.json?raw'),
  'hb1-x2': () => import('./hb1-x2.topology.json?raw'),
  'switch-x4': () => import('./switch-x4.topology.json?raw'),
  'switch-2level': () => import('./switch-2level.topology.json?raw'),
  x3: () => import('./x3.topology.json?raw'),
  x12: () => import('./x12.topology.json?raw'),
  'xor-x4': () => import('./xor-x4.topology.json?raw'),
  rch: () => import('./rch.topology.json?raw'),
  'farm-32': () => import('./farm-32.topology.json?raw'),
  'misprogrammed-alias': () => import('./misprogrammed-alias.topology.json?raw'),
  'scale-128': () => import('./scale-128.topology.json?raw'),
  // Multi-host labs (`cxl-lab/2`, issue 18).
  'pool-2h-2mld': () => import('./multi-host/pool-2h-2mld.cxl-lab.json?raw'),
  'mhd-4h': () => import('./multi-host/mhd-4h.cxl-lab.json?raw'),
  'rebind-demo': () => import('./multi-host/rebind-demo.cxl-lab.json?raw'),
  'pool-bind-yourself': () => import('./multi-host/pool-bind-yourself.cxl-lab.json?raw'),
};

/** The lab file text (`cxl-lab/1`, or `cxl-lab/2` for a multi-host preset) of preset `id` (one of `list.ts`'s). */
export function presetText(id: string): Promise<string> {
  const load = TEXTS[id];
  if (load === undefined) return Promise.reject(new Error(`no preset text "${id}"`));
  return load().then((m) => m.default);
}
