import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base: the built lab works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // No modulepreload polyfill: browsers without `<link rel="modulepreload">` still load every
    // module (on import), they only miss the head start; the polyfill cost every browser 0.4 kB.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // React's `memo` / `forwardRef` (and React Flow's wrapper of it) only wrap a component, so a
      // wrapped component nothing renders (React Flow's MiniMap, NodeResizer…) can be dropped.
      treeshake: { manualPureFunctions: ['memo', 'forwardRef', 'fixedForwardRef'] },
      // Everything the entry imports statically is one chunk: the page needs all of it before the
      // canvas is interactive anyway, and one gzip stream compresses better than a few small shared
      // chunks (units, format, hooks…). Lazy chunks keep loading on first use.
      output: { codeSplitting: { groups: [{ name: 'app', test: /\/src\/main\.tsx$/ }] } },
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
