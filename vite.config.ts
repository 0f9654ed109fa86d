import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * d3's zoom animation is not needed for the first paint (React Flow's first fit does not animate), so
 * in the build it loads after it (`src/lib/d3-load.ts`, started by `app/prefetch.ts`): d3-transition,
 * d3-interpolate and d3-color, about 10 kB gzip. d3-zoom's imports of `d3-transition` and
 * `d3-interpolate`, and @xyflow/system's of `d3-interpolate`, get stand-ins (`src/lib/d3-*-deferred.ts`)
 * that zoom without animating until the real modules have arrived and then hand over to them. Every
 * other import (the stand-ins' own, and those modules' among themselves) gets the real package. The
 * dev server pre-bundles dependencies without this: there everything loads at once, as before.
 */
function deferD3Parts(): Plugin {
  const src = (path: string) => fileURLToPath(new URL(`./src/lib/${path}`, import.meta.url));
  const standIns: { source: string; importer: RegExp; file: string }[] = [
    { source: 'd3-transition', importer: /[\\/]d3-zoom[\\/]/, file: src('d3-transition-deferred.ts') },
    {
      source: 'd3-interpolate',
      importer: /[\\/](d3-zoom|@xyflow[\\/]system)[\\/]/,
      file: src('d3-interpolate-deferred.ts'),
    },
  ];
  return {
    name: 'defer-d3-parts',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === undefined) return null;
      const hit = standIns.find((s) => s.source === source && s.importer.test(importer));
      return hit === undefined ? null : hit.file;
    },
  };
}

// Relative base: the built lab works from any static host and any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), deferD3Parts()],
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
