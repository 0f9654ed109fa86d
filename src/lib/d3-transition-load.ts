/**
 * Loads d3-transition after the first paint (`app/prefetch.ts`, and the first animated zoom); in the
 * build, d3-zoom reaches it only through `d3-transition-deferred.ts` (vite.config.ts says why).
 */
type Real = typeof import('d3-transition');

let real: Real | null = null;
let loading: Promise<Real> | null = null;

/** The real module once it has loaded, else null. */
export function loadedD3Transition(): Real | null {
  return real;
}

/** Loads d3's transitions (once; again after a failed fetch). Running it installs them on selections. */
export function loadD3Transition(): Promise<Real> {
  loading ??= import('d3-transition').then(
    (m) => {
      real = m;
      return m;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
