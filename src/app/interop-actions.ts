/**
 * Interop actions (issue 9) on top of the lab store: importing QEMU or `cxl list` text happens in
 * the worker (`qemu.import`, `cxl-list.import`; share links: `share-open.ts`), which
 * answers with cxl-lab/1 text; the store's `openFile` then opens it as a new lab, so the open lab
 * stays as it is in storage and nothing loads when anything is refused.
 */
import type { LabStore } from '../state/store';
import type { ArgsOf, CxlError, ResultOf } from '../worker/protocol';

/** The messages to show for a refusal: every cause, or the message itself. */
export function problemsOf(error: CxlError): string[] {
  const causes = error.causes ?? [];
  return causes.length > 0 ? causes.map((c) => c.message) : [error.message];
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export type ImportOutcome<K extends 'qemu.import' | 'cxl-list.import'> =
  | { ok: true; value: ResultOf<K> }
  | { ok: false; problems: string[] };

/** Imports QEMU or `cxl list` text in the worker and, when it is accepted, opens it as a new lab. */
export async function importAsNewLab<K extends 'qemu.import' | 'cxl-list.import'>(
  store: LabStore,
  kind: K,
  args: ArgsOf<K>,
  origin: string,
): Promise<ImportOutcome<K>> {
  const r = await store.client().call(kind, args);
  if (!r.ok) return { ok: false, problems: problemsOf(r.error) };
  const opened = await store.getState().openFile(origin, bytesOf(r.value.text));
  if (!opened.ok) return { ok: false, problems: problemsOf(opened.error) };
  return { ok: true, value: r.value };
}

/** Copies text to the clipboard; false when the browser refuses (the text stays selectable). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
