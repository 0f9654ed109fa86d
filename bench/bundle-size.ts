/**
 * The page's initial JavaScript, measured on the production build: the entry script and every
 * module `index.html` preloads (what the browser fetches before the app can render), gzip level 9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialJs {
  files: number;
  bytes: number;
  gzipBytes: number;
  /** The emulator worker's script (started at once, but not the page's own JavaScript). */
  workerGzipBytes: number | null;
}

/** Reads `dist/index.html` and sizes the scripts it loads up front. */
export function initialJs(dist: string): InitialJs {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((m) => m[1] ?? '');
  let bytes = 0;
  let gzipBytes = 0;
  let worker: string | null = null;
  for (const ref of new Set(refs)) {
    const data = readFileSync(join(dist, ref));
    bytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
    const text = data.toString('utf8');
    worker ??= /emulator\.worker-[\w-]+\.js/.exec(text)?.[0] ?? null;
  }
  const workerGzipBytes =
    worker === null ? null : gzipSync(readFileSync(join(dist, 'assets', worker)), { level: 9 }).length;
  return { files: new Set(refs).size, bytes, gzipBytes, workerGzipBytes };
}
