/**
 * HDM decoder numbers the core and the UI share (a pure leaf, no imports): the 256 MiB granule and
 * the encodable decoder counts.
 *
 * Decoder n Base Low / Size Low hold only address bits 31:28 (CXL r3.1 §8.2.4.20.3 and §8.2.4.20.5),
 * so every HDM decoder's base and size are multiples of 256 MiB; a CFMWS window's Base HPA is 256 MiB
 * aligned and its size a multiple of 256 MiB × interleave ways (CXL r3.1 §9.18.1.3).
 */

/** log2 of the HDM granule: decoder base and size bits 27:0 are zero. */
export const HDM_ALIGN_BITS = 28;

/** 256 MiB: the unit of every HDM decoder base, size and DPA skip (CXL r3.1 §8.2.4.20.3, .5, .9), and of a CFMWS window per way. */
export const HDM_ALIGNMENT = 2 ** HDM_ALIGN_BITS;

/** Decoder Count encodings 0x0 … 0xC (CXL r3.1 §8.2.4.20.1); 0xD–0xF are reserved. */
export const DECODER_COUNT_BY_ENC: readonly number[] = [1, 2, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32];
/** Decoder counts a device may report (encodings 0–5, CXL r3.1 §8.2.4.20.1). */
export const DEVICE_DECODER_COUNTS: readonly number[] = [1, 2, 4, 6, 8, 10];
