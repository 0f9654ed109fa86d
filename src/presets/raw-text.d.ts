/** `import text from './x.topology.json?raw'`: the file's text (Vite's `?raw` query). Declared here for the Node-side typecheck, which has no `vite/client` types. */
declare module '*.topology.json?raw' {
  const text: string;
  export default text;
}

/** The same for the multi-host presets' `cxl-lab/2` files (`multi-host/*.cxl-lab.json?raw`). */
declare module '*.cxl-lab.json?raw' {
  const text: string;
  export default text;
}
