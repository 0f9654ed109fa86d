/**
 * Loads d3's zoom animation (d3-transition, d3-interpolate and d3-color) after the first paint
 * (`app/prefetch.ts`, or the first animated zoom). In the build, d3-zoom and React Flow reach these
 * modules only through `d3-transition-deferred.ts` and `d3-interpolate-deferred.ts` (vite.config.ts).
 */
export interface D3Animation {
  transition: typeof import('d3-transition');
  interpolate: typeof import('d3-interpolate');
}

let loaded: D3Animation | null = null;
let loading: Promise<D3Animation> | null = null;

/** The modules once they have loaded, else null. */
export function loadedD3Animation(): D3Animation | null {
  return loaded;
}

/**
 * Loads them (once; again after a failed fetch). d3-transition installs its `selection.transition`
 * and `selection.interrupt` as it runs, so from then on zooms animate.
 */
export function loadD3Animation(): Promise<D3Animation> {
  loading ??= Promise.all([import('d3-transition'), import('d3-interpolate')]).then(
    ([transition, interpolate]) => {
      loaded = { transition, interpolate };
      return loaded;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
