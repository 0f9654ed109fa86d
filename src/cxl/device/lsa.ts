/**
 * A device's Label Storage Area: `size` bytes, stored sparsely in 4 KiB pages (only written pages
 * exist; unwritten bytes read 0, as a fresh QEMU `lsa` backend file does), so a QEMU-sized LSA
 * (often 256 MiB) costs nothing until it is written.
 */
const PAGE = 4096;

export class LabelStorage {
  readonly size: number;
  readonly #pages = new Map<number, Uint8Array>();

  constructor(size: number) {
    this.size = size;
  }

  /** True when [offset, offset+length) lies inside the LSA. */
  contains(offset: number, length: number): boolean {
    return (
      Number.isInteger(offset) &&
      Number.isInteger(length) &&
      offset >= 0 &&
      length >= 0 &&
      offset + length <= this.size
    );
  }

  /** Copies `length` bytes from `offset` (caller checked `contains`). */
  read(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const at = offset + done;
      const index = Math.floor(at / PAGE);
      const within = at % PAGE;
      const n = Math.min(PAGE - within, length - done);
      const page = this.#pages.get(index);
      if (page !== undefined) out.set(page.subarray(within, within + n), done);
      done += n;
    }
    return out;
  }

  /** Stores `data` at `offset` (caller checked `contains`). */
  write(offset: number, data: Uint8Array): void {
    for (let done = 0; done < data.length; ) {
      const at = offset + done;
      const index = Math.floor(at / PAGE);
      const within = at % PAGE;
      const n = Math.min(PAGE - within, data.length - done);
      let page = this.#pages.get(index);
      if (page === undefined) {
        page = new Uint8Array(PAGE);
        this.#pages.set(index, page);
      }
      page.set(data.subarray(done, done + n), within);
      done += n;
    }
  }

  /** Written pages in index order (for saving); all-zero pages are left out. */
  pages(): [offset: number, bytes: Uint8Array][] {
    return [...this.#pages]
      .filter(([, p]) => p.some((b) => b !== 0))
      .sort((a, b) => a[0] - b[0])
      .map(([i, p]) => [i * PAGE, p.slice(0, Math.min(PAGE, this.size - i * PAGE))]);
  }
}
export const LSA_PAGE_SIZE = PAGE;
