/** Browser file plumbing for the lab: read a picked or dropped file, download text or bytes as a file. */

/** Reads a `File` as bytes (decoded and parsed in the worker, never here). */
export async function readFileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Offers `text` as a download named `fileName` (JSON unless `type` says otherwise). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Offers `blob` as a download named `fileName` (through a temporary object URL and link). */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
