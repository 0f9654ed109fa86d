/**
 * URL state for interop (issue 9): the `?embed` mode (only the canvas and the decode animation, for
 * slides and blog posts) and share links (`#lab=…` in the fragment, which browsers never send to a
 * server). Builders for the links the Share dialog hands out, and the store deps of an embedded
 * view: its labs live in memory only, so an embed never writes to the visitor's saved labs.
 */
import { PRESET_LIST } from '../presets/list';
import type { LabStoreDeps } from '../state/store';
import { createEmulatorWorker, LabClient } from '../worker/client';

const EMBED_PARAM = 'embed';
/** Fragment parameters that make a link (a lab, or a lesson: `share-link.ts`, `link-state.ts`). */
const LINK_KEYS = ['lab=', 'lesson=', 'lesson-file='];

/** `?embed` (any value) in the page's query. */
export function isEmbedMode(location: Pick<Location, 'search'> = window.location): boolean {
  return new URLSearchParams(location.search).has(EMBED_PARAM);
}

/** The share link in the page's fragment (`#lab=…`, `#lesson=…`), or null when there is none. */
export function shareLinkInLocation(location: Pick<Location, 'hash'> = window.location): string | null {
  const hash = location.hash.replace(/^#/, '');
  return hash.split('&').some((p) => LINK_KEYS.some((k) => p.startsWith(k))) ? `#${hash}` : null;
}

/** Drops the fragment from the address bar (no reload, no history entry), so a reload opens nothing. */
export function clearShareFragment(): void {
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url.toString());
}

/** The lab's own address (this page without query or fragment). */
function labAddress(): URL {
  const url = new URL(window.location.href);
  url.search = '';
  url.hash = '';
  return url;
}

/** The link that opens `fragment` in the lab. */
export function shareUrl(fragment: string): string {
  return `${labAddress().toString()}${fragment}`;
}

/** The link that shows `fragment` in embed mode. */
export function embedUrl(fragment: string): string {
  const url = labAddress();
  url.search = `?${EMBED_PARAM}`;
  return `${url.toString()}${fragment}`;
}

/** From an embedded view: the same page without `?embed`, keeping the `#lab=…` fragment. */
export function openInLabUrl(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete(EMBED_PARAM);
  return url.toString();
}

/** An `<iframe>` snippet for slides and blog posts. */
export function embedSnippet(fragment: string): string {
  return `<iframe src="${embedUrl(fragment)}" width="800" height="480" style="border:0" title="CXL Topology Lab"></iframe>`;
}

/** Store deps of an embedded view: the real worker, labs in memory only. */
export function embedDeps(): LabStoreDeps {
  return {
    createClient: () => new LabClient(createEmulatorWorker),
    repository: async () => (await import('../state/memory-repository')).createMemoryRepository(),
    presets: PRESET_LIST,
  };
}
