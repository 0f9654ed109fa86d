import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * d3-transition (with d3-timer and d3-ease, about 4 kB gzip) is needed only once a zoom animates,
 * never for the first paint: in the build, d3-zoom's import of it gets `src/lib/d3-transition-deferred.ts`,
 * which loads the real module after the first paint (`app/prefetch.ts`) and until then zooms without
 * animating. Every other import of `d3-transition` (that module's own) gets the real one.
 */
function deferD3Transition(): Plugin {
  const stand = fileURLToPath(new URL('./src/lib/d3-transition-deferred.ts', import.meta.url));
  return {
    name: 'defer-d3-transition',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'd3-transition' && importer !== undefined && /[\\/]d3-zoom[\\/]/.test(importer)) {
        return stand;
      }
      return null;
    },
  };
}

// Relative base: the built lab works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), deferD3Transition()],
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
