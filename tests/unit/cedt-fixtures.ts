/**
 * Hand-worked CEDT fixtures: topologies and the exact bytes their CEDT must have, written out field by
 * field from CXL r3.1 §9.18.1 / ACPICA actbl1.h layouts (see docs in src/cxl/acpi/*.ts). Lengths and
 * checksums are worked by hand in the comments; nothing here was produced by running the builder.
 *
 * Byte-sum notation: "Σ" is the sum of a line's or structure's bytes in decimal. QEMU's default header
 * (OEM "BOCHS " / "BXPC    ", OEM revision 1, creator "BXPC" revision 1) sums, without its Length and
 * Checksum bytes, to:
 *   "CEDT" 0x43+0x45+0x44+0x54 = 67+69+68+84 = 288;  revision 1;
 *   "BOCHS " 66+79+67+72+83+32 = 399;  "BXPC    " 66+88+80+67+4×32 = 429;
 *   OEM revision 1;  "BXPC" 301;  creator revision 1
 *   → 288 + 1 + 399 + 429 + 1 + 301 + 1 = 1420, plus the Length bytes.
 */
import type { HostBridgeSpec, TopologySpec, WindowRestriction, WindowSpec } from '../../src/cxl/index.ts';

/** Parses hex bytes written one structure field per line; `#` starts a comment. */
export function hexBytes(text: string): Uint8Array {
  const digits = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '');
  for (const d of digits) if (!/^[0-9a-fA-F]{2}$/.test(d)) throw new Error(`bad hex byte ${d}`);
  return Uint8Array.from(digits, (d) => Number.parseInt(d, 16));
}

export function hostBridge(id: string, uid: number, componentRegBase: number): HostBridgeSpec {
  return { kind: 'host-bridge', id, uid, decoderCount: 4, componentRegBase, decoders: [] };
}

export function window(
  id: string,
  base: number,
  size: number,
  targets: string[],
  opts: {
    granularity?: number;
    arithmetic?: 'modulo' | 'xor';
    xormaps?: number[];
    restrictions?: WindowRestriction[];
    qtg?: number;
  } = {},
): WindowSpec {
  return {
    id,
    base,
    size,
    ways: targets.length,
    granularity: opts.granularity ?? 256,
    arithmetic: opts.arithmetic ?? 'modulo',
    xormaps: opts.xormaps ?? [],
    targets,
    restrictions: opts.restrictions ?? ['type2', 'type3', 'volatile', 'persistent'],
    qtg: opts.qtg ?? 0,
  };
}

const GIB = 2 ** 30;
const QEMU_RESTRICTIONS: WindowRestriction[] = ['type2', 'type3', 'volatile', 'persistent'];

// ---------------------------------------------------------------------------------------------------
// (1) One host bridge, one window: QEMU's `-device pxb-cxl,bus_nr=12` + `cxl-fmw.0.size=4G`, with the
// CHBS block at 0x1_0000_0000 and the window at 0x1_1000_0000 (as observed on QEMU 7.2, §10).

export const ONE_HB_ONE_WINDOW: TopologySpec = {
  name: '1 host bridge, 1 window',
  windows: [window('cfmw0', 0x1_1000_0000, 4 * GIB, ['hb0'], { restrictions: QEMU_RESTRICTIONS })],
  components: [hostBridge('hb0', 12, 0x1_0000_0000)],
};

// Length = 36 (header) + 32 (CHBS) + 40 (CFMWS: 36 + 4·1) = 108 = 0x6C.
// Checksum: header 1420 + Length byte 0x6C (108) = 1528; CHBS Σ 47; CFMWS Σ 86;
// total 1528 + 47 + 86 = 1661 = 6·256 + 125 → 125 = 0x7D; checksum = 256 − 125 = 131 = 0x83.
export const ONE_HB_ONE_WINDOW_BYTES = hexBytes(`
  43 45 44 54               # Signature "CEDT"
  6C 00 00 00               # Table Length 108
  01                        # Revision 1
  83                        # Checksum 0x83 (see above)
  42 4F 43 48 53 20         # OEM ID "BOCHS "
  42 58 50 43 20 20 20 20   # OEM Table ID "BXPC    "
  01 00 00 00               # OEM Revision 1
  42 58 50 43               # Creator ID "BXPC"
  01 00 00 00               # Creator Revision 1
  # CHBS @0x24, Σ = 32 + 12 + 1 + 1 + 1 = 47
  00                        # Type 0 (CHBS)
  00                        # Reserved
  20 00                     # Record Length 32
  0C 00 00 00               # UID 12
  01 00 00 00               # CXL Version 1 (2.0+, CHBCR)
  00 00 00 00               # Reserved
  00 00 00 00 01 00 00 00   # Base 0x1_0000_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CFMWS @0x44, Σ = (1 + 40) + (0x10 + 0x01) + 1 + 15 + 12 = 41 + 17 + 1 + 15 + 12 = 86
  01                        # Type 1 (CFMWS)
  00                        # Reserved
  28 00                     # Record Length 40 = 36 + 4·1
  00 00 00 00               # Reserved
  00 00 00 10 01 00 00 00   # Base HPA 0x1_1000_0000
  00 00 00 00 01 00 00 00   # Window Size 0x1_0000_0000 (4 GiB)
  00                        # ENIW 0 (1 way)
  00                        # Interleave Arithmetic 0 (modulo)
  00 00                     # Reserved
  00 00 00 00               # HBIG 0 (256 B)
  0F 00                     # Window Restrictions 0x000F (type2 type3 volatile persistent)
  00 00                     # QTG ID 0
  0C 00 00 00               # Target 0: UID 12
`);

// ---------------------------------------------------------------------------------------------------
// (2) Four host bridges (UIDs 12..15, CHBCRs 64 KiB apart from 0x1_0000_0000), one 4-way window over
// all of them (targets listed out of UID order: hb0, hb2, hb1, hb3) at 4 KiB granularity, and a 1-way
// window on each host bridge.

export const FOUR_HB_FIVE_WINDOWS: TopologySpec = {
  name: '4 host bridges, a 4-way window and a 1-way window each',
  windows: [
    window('cfmw0', 0x1_1000_0000, 16 * GIB, ['hb0', 'hb2', 'hb1', 'hb3'], {
      granularity: 4096,
      restrictions: ['type3', 'volatile'],
      qtg: 1,
    }),
    window('cfmw1', 0x5_1000_0000, GIB, ['hb0']),
    window('cfmw2', 0x5_5000_0000, GIB, ['hb1']),
    window('cfmw3', 0x5_9000_0000, GIB, ['hb2']),
    window('cfmw4', 0x5_d000_0000, GIB, ['hb3']),
  ],
  components: [
    hostBridge('hb0', 12, 0x1_0000_0000),
    hostBridge('hb1', 13, 0x1_0001_0000),
    hostBridge('hb2', 14, 0x1_0002_0000),
    hostBridge('hb3', 15, 0x1_0003_0000),
  ],
};

// Length = 36 + 4·32 (CHBS) + (36 + 4·4) (4-way CFMWS) + 4·(36 + 4) (1-way CFMWSs)
//        = 36 + 128 + 52 + 160 = 376 = 0x178.
// Checksum: header 1420 + Length bytes 0x78 + 0x01 (120 + 1) = 1541;
// CHBS k (UID 12+k, Base 0x1_000k_0000) Σ = 32 + (12+k) + 1 + (k + 1) + 1 = 47 + 2k → 47+49+51+53 = 200;
// 4-way CFMWS Σ 141; 1-way CFMWSs Σ 153 + 218 + 283 + 348 = 1002;
// total 1541 + 200 + 141 + 1002 = 2884 = 11·256 + 68 → checksum = 256 − 68 = 188 = 0xBC.
export const FOUR_HB_FIVE_WINDOWS_BYTES = hexBytes(`
  43 45 44 54               # Signature "CEDT"
  78 01 00 00               # Table Length 376
  01                        # Revision 1
  BC                        # Checksum 0xBC
  42 4F 43 48 53 20         # OEM ID "BOCHS "
  42 58 50 43 20 20 20 20   # OEM Table ID "BXPC    "
  01 00 00 00               # OEM Revision 1
  42 58 50 43               # Creator ID "BXPC"
  01 00 00 00               # Creator Revision 1
  # CHBS hb0 @0x24
  00 00 20 00               # Type 0, Reserved, Record Length 32
  0C 00 00 00               # UID 12
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 00 00 01 00 00 00   # Base 0x1_0000_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb1 @0x44
  00 00 20 00               # Type 0, Reserved, Record Length 32
  0D 00 00 00               # UID 13
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 01 00 01 00 00 00   # Base 0x1_0001_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb2 @0x64
  00 00 20 00               # Type 0, Reserved, Record Length 32
  0E 00 00 00               # UID 14
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 02 00 01 00 00 00   # Base 0x1_0002_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb3 @0x84
  00 00 20 00               # Type 0, Reserved, Record Length 32
  0F 00 00 00               # UID 15
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 03 00 01 00 00 00   # Base 0x1_0003_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CFMWS cfmw0 @0xA4, Σ = (1 + 52) + (16 + 1) + 4 + 2 + 4 + 6 + 1 + (12 + 14 + 13 + 15) = 141
  01 00 34 00               # Type 1, Reserved, Record Length 52 = 36 + 4·4
  00 00 00 00               # Reserved
  00 00 00 10 01 00 00 00   # Base HPA 0x1_1000_0000
  00 00 00 00 04 00 00 00   # Window Size 0x4_0000_0000 (16 GiB)
  02                        # ENIW 2 (4 ways)
  00                        # Interleave Arithmetic 0 (modulo)
  00 00                     # Reserved
  04 00 00 00               # HBIG 4 (4 KiB)
  06 00                     # Window Restrictions 0x0006 (type3 volatile)
  01 00                     # QTG ID 1
  0C 00 00 00               # Target 0: UID 12 (hb0)
  0E 00 00 00               # Target 1: UID 14 (hb2)
  0D 00 00 00               # Target 2: UID 13 (hb1)
  0F 00 00 00               # Target 3: UID 15 (hb3)
  # CFMWS cfmw1 @0xD8, Σ = 41 + (16 + 5) + 64 + 15 + 12 = 153
  01 00 28 00               # Type 1, Reserved, Record Length 40
  00 00 00 00               # Reserved
  00 00 00 10 05 00 00 00   # Base HPA 0x5_1000_0000
  00 00 00 40 00 00 00 00   # Window Size 0x4000_0000 (1 GiB)
  00 00 00 00               # ENIW 0, Arithmetic 0, Reserved
  00 00 00 00               # HBIG 0 (256 B)
  0F 00 00 00               # Window Restrictions 0x000F, QTG ID 0
  0C 00 00 00               # Target 0: UID 12
  # CFMWS cfmw2 @0x100, Σ = 41 + (80 + 5) + 64 + 15 + 13 = 218
  01 00 28 00               # Type 1, Reserved, Record Length 40
  00 00 00 00               # Reserved
  00 00 00 50 05 00 00 00   # Base HPA 0x5_5000_0000
  00 00 00 40 00 00 00 00   # Window Size 1 GiB
  00 00 00 00               # ENIW 0, Arithmetic 0, Reserved
  00 00 00 00               # HBIG 0
  0F 00 00 00               # Window Restrictions 0x000F, QTG ID 0
  0D 00 00 00               # Target 0: UID 13
  # CFMWS cfmw3 @0x128, Σ = 41 + (144 + 5) + 64 + 15 + 14 = 283
  01 00 28 00               # Type 1, Reserved, Record Length 40
  00 00 00 00               # Reserved
  00 00 00 90 05 00 00 00   # Base HPA 0x5_9000_0000
  00 00 00 40 00 00 00 00   # Window Size 1 GiB
  00 00 00 00               # ENIW 0, Arithmetic 0, Reserved
  00 00 00 00               # HBIG 0
  0F 00 00 00               # Window Restrictions 0x000F, QTG ID 0
  0E 00 00 00               # Target 0: UID 14
  # CFMWS cfmw4 @0x150, Σ = 41 + (208 + 5) + 64 + 15 + 15 = 348
  01 00 28 00               # Type 1, Reserved, Record Length 40
  00 00 00 00               # Reserved
  00 00 00 D0 05 00 00 00   # Base HPA 0x5_D000_0000
  00 00 00 40 00 00 00 00   # Window Size 1 GiB
  00 00 00 00               # ENIW 0, Arithmetic 0, Reserved
  00 00 00 00               # HBIG 0
  0F 00 00 00               # Window Restrictions 0x000F, QTG ID 0
  0F 00 00 00               # Target 0: UID 15
`);

// ---------------------------------------------------------------------------------------------------
// (3) A 3-way window over three host bridges with UIDs 12, 222 and 100 (QEMU's docs use bus_nr 12 and
// 222), 1 KiB granularity, 3 GiB at 12 GiB (both multiples of 3 × 256 MiB).

export const THREE_WAY: TopologySpec = {
  name: '3-way window',
  windows: [
    window('cfmw0', 0x3_0000_0000, 3 * GIB, ['hb0', 'hb1', 'hb2'], {
      granularity: 1024,
      restrictions: ['type3', 'persistent'],
    }),
  ],
  components: [
    hostBridge('hb0', 12, 0x1_0000_0000),
    hostBridge('hb1', 222, 0x1_0001_0000),
    hostBridge('hb2', 100, 0x1_0002_0000),
  ],
};

// Length = 36 + 3·32 + (36 + 4·3) = 36 + 96 + 48 = 180 = 0xB4.
// Checksum: header 1420 + 180 = 1600; CHBS Σ 47 (UID 12) + 258 (UID 222) + 137 (UID 100) = 442;
// CFMWS Σ 598; total 1600 + 442 + 598 = 2640 = 10·256 + 80 → checksum = 256 − 80 = 176 = 0xB0.
export const THREE_WAY_BYTES = hexBytes(`
  43 45 44 54               # Signature "CEDT"
  B4 00 00 00               # Table Length 180
  01                        # Revision 1
  B0                        # Checksum 0xB0
  42 4F 43 48 53 20         # OEM ID "BOCHS "
  42 58 50 43 20 20 20 20   # OEM Table ID "BXPC    "
  01 00 00 00               # OEM Revision 1
  42 58 50 43               # Creator ID "BXPC"
  01 00 00 00               # Creator Revision 1
  # CHBS hb0 @0x24, Σ = 32 + 12 + 1 + 1 + 1 = 47
  00 00 20 00               # Type 0, Reserved, Record Length 32
  0C 00 00 00               # UID 12
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 00 00 01 00 00 00   # Base 0x1_0000_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb1 @0x44, Σ = 32 + 222 + 1 + (1 + 1) + 1 = 258
  00 00 20 00               # Type 0, Reserved, Record Length 32
  DE 00 00 00               # UID 222
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 01 00 01 00 00 00   # Base 0x1_0001_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb2 @0x64, Σ = 32 + 100 + 1 + (2 + 1) + 1 = 137
  00 00 20 00               # Type 0, Reserved, Record Length 32
  64 00 00 00               # UID 100
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 02 00 01 00 00 00   # Base 0x1_0002_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CFMWS @0x84, Σ = (1 + 48) + 3 + 192 + 8 + 2 + 10 + (12 + 222 + 100) = 598
  01 00 30 00               # Type 1, Reserved, Record Length 48 = 36 + 4·3
  00 00 00 00               # Reserved
  00 00 00 00 03 00 00 00   # Base HPA 0x3_0000_0000 (12 GiB)
  00 00 00 C0 00 00 00 00   # Window Size 0xC000_0000 (3 GiB)
  08                        # ENIW 8 (3 ways)
  00                        # Interleave Arithmetic 0 (modulo)
  00 00                     # Reserved
  02 00 00 00               # HBIG 2 (1 KiB)
  0A 00                     # Window Restrictions 0x000A (type3 persistent)
  00 00                     # QTG ID 0
  0C 00 00 00               # Target 0: UID 12
  DE 00 00 00               # Target 1: UID 222
  64 00 00 00               # Target 2: UID 100
`);

// ---------------------------------------------------------------------------------------------------
// (4) An XOR window: 4 ways over host bridges with UIDs 0..3, 256 B granularity, the cxl_test maps
// 0x404100 (way bit 0 = parity of bits 8, 14, 22) and 0x808200 (way bit 1 = parity of bits 9, 15, 23).

export const XOR_WINDOW: TopologySpec = {
  name: 'XOR window',
  windows: [
    window('cfmw0', 0x1_1000_0000, 4 * GIB, ['hb0', 'hb1', 'hb2', 'hb3'], {
      arithmetic: 'xor',
      xormaps: [0x404100, 0x808200],
      restrictions: ['type3', 'volatile'],
    }),
  ],
  components: [
    hostBridge('hb0', 0, 0x1_0000_0000),
    hostBridge('hb1', 1, 0x1_0001_0000),
    hostBridge('hb2', 2, 0x1_0002_0000),
    hostBridge('hb3', 3, 0x1_0003_0000),
  ],
};

// Length = 36 + 4·32 + (36 + 4·4) + (8 + 8·2) = 36 + 128 + 52 + 24 = 240 = 0xF0.
// Checksum: header 1420 + 240 = 1660; CHBS k (UID k) Σ = 32 + k + 1 + (k + 1) + 1 = 35 + 2k
// → 35+37+39+41 = 152; CFMWS Σ 86; CXIMS Σ 415; total 1660 + 152 + 86 + 415 = 2313 = 9·256 + 9
// → checksum = 256 − 9 = 247 = 0xF7.
export const XOR_WINDOW_BYTES = hexBytes(`
  43 45 44 54               # Signature "CEDT"
  F0 00 00 00               # Table Length 240
  01                        # Revision 1
  F7                        # Checksum 0xF7
  42 4F 43 48 53 20         # OEM ID "BOCHS "
  42 58 50 43 20 20 20 20   # OEM Table ID "BXPC    "
  01 00 00 00               # OEM Revision 1
  42 58 50 43               # Creator ID "BXPC"
  01 00 00 00               # Creator Revision 1
  # CHBS hb0 @0x24
  00 00 20 00               # Type 0, Reserved, Record Length 32
  00 00 00 00               # UID 0
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 00 00 01 00 00 00   # Base 0x1_0000_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb1 @0x44
  00 00 20 00               # Type 0, Reserved, Record Length 32
  01 00 00 00               # UID 1
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 01 00 01 00 00 00   # Base 0x1_0001_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb2 @0x64
  00 00 20 00               # Type 0, Reserved, Record Length 32
  02 00 00 00               # UID 2
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 02 00 01 00 00 00   # Base 0x1_0002_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CHBS hb3 @0x84
  00 00 20 00               # Type 0, Reserved, Record Length 32
  03 00 00 00               # UID 3
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 03 00 01 00 00 00   # Base 0x1_0003_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CFMWS @0xA4, Σ = (1 + 52) + 17 + 1 + 2 + 1 + 6 + (0 + 1 + 2 + 3) = 86
  01 00 34 00               # Type 1, Reserved, Record Length 52 = 36 + 4·4
  00 00 00 00               # Reserved
  00 00 00 10 01 00 00 00   # Base HPA 0x1_1000_0000
  00 00 00 00 01 00 00 00   # Window Size 4 GiB
  02                        # ENIW 2 (4 ways)
  01                        # Interleave Arithmetic 1 (modulo + XOR)
  00 00                     # Reserved
  00 00 00 00               # HBIG 0 (256 B)
  06 00                     # Window Restrictions 0x0006 (type3 volatile)
  00 00                     # QTG ID 0
  00 00 00 00               # Target 0: UID 0
  01 00 00 00               # Target 1: UID 1
  02 00 00 00               # Target 2: UID 2
  03 00 00 00               # Target 3: UID 3
  # CXIMS @0xD8, Σ = (2 + 24) + 2 + (0x41 + 0x40) + (0x82 + 0x80) = 26 + 2 + 129 + 258 = 415
  02 00 18 00               # Type 2, Reserved, Record Length 24 = 8 + 8·2
  00 00                     # Reserved
  00                        # HBIG 0 (256 B), the window's
  02                        # Number of XORMAPs 2 (= log2 4 ways)
  00 41 40 00 00 00 00 00   # XORMAP 0 = 0x404100
  00 82 80 00 00 00 00 00   # XORMAP 1 = 0x808200
`);

// ---------------------------------------------------------------------------------------------------
// A real-machine-like table (an EDK2 firmware's layout) with an RDPAS, a subtable type the lab does not
// know (type 4) and a wrong checksum (0x00).
//
// Length = 36 + 32 (CHBS) + 40 (CFMWS) + 17 (RDPAS) + 8 (type 4) = 133 = 0x85.
// Byte sum with Checksum 0x00: header 288 ("CEDT") + 133 + 1 + 412 ("INTEL ": 73+78+84+69+76+32)
// + 390 ("EDK2    ": 69+68+75+50+4·32) + 2 + 311 ("INTL": 73+78+84+76) + 94 (17 07 20 20: 23+7+32+32)
// = 1631; CHBS Σ 32 + 7 + 1 + 240 + 1 = 281; CFMWS Σ 41 + 32 + 16 + 6 + 1 + 7 = 103;
// RDPAS Σ (3 + 17) + 8 + 1 + (1 + 240) = 270; type 4 Σ 4 + 8 + 1 + 2 + 3 + 4 = 22;
// total 1631 + 281 + 103 + 270 + 22 = 2307 = 9·256 + 3 → sums to 0x03; the right checksum is 0xFD.
export const FIRMWARE_LIKE_BYTES = hexBytes(`
  43 45 44 54               # Signature "CEDT"
  85 00 00 00               # Table Length 133
  01                        # Revision 1
  00                        # Checksum 0x00 (wrong: should be 0xFD)
  49 4E 54 45 4C 20         # OEM ID "INTEL "
  45 44 4B 32 20 20 20 20   # OEM Table ID "EDK2    "
  02 00 00 00               # OEM Revision 2
  49 4E 54 4C               # Creator ID "INTL"
  17 07 20 20               # Creator Revision 0x20200717
  # CHBS @0x24
  00 00 20 00               # Type 0, Reserved, Record Length 32
  07 00 00 00               # UID 7
  01 00 00 00               # CXL Version 1
  00 00 00 00               # Reserved
  00 00 00 00 F0 00 00 00   # Base 0xF0_0000_0000
  00 00 01 00 00 00 00 00   # Length 0x10000
  # CFMWS @0x44
  01 00 28 00               # Type 1, Reserved, Record Length 40
  00 00 00 00               # Reserved
  00 00 00 00 20 00 00 00   # Base HPA 0x20_0000_0000 (128 GiB)
  00 00 00 00 10 00 00 00   # Window Size 0x10_0000_0000 (64 GiB)
  00 00 00 00               # ENIW 0, Arithmetic 0, Reserved
  00 00 00 00               # HBIG 0
  06 00                     # Window Restrictions 0x0006 (type3 volatile)
  01 00                     # QTG ID 1
  07 00 00 00               # Target 0: UID 7
  # RDPAS @0x6C
  03 00 11 00               # Type 3, Reserved, Record Length 17
  00 00                     # Segment 0
  08 00                     # BDF 00:01.0
  01                        # Protocol 1 (CXL.cachemem)
  00 00 01 00 F0 00 00 00   # Base Address 0xF0_0001_0000
  # type 4 @0x7D
  04 00 08 00               # Type 4, Reserved, Record Length 8
  01 02 03 04               # body
`);
