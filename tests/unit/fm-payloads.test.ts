/**
 * Fabric Manager API payload layouts: every encoder against byte offsets worked by hand from the
 * CXL r3.2 §7.6.7 tables (same layouts as CXL 2.0 §7.6.7 except where noted in docs/cxl-notes.md),
 * fast-check round trips encode → decode, and decoders that never throw on arbitrary bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as F from '../../src/cxl/spec/fm-api.ts';
import * as M from '../../src/cxl/spec/fm-mld-payloads.ts';
import * as P from '../../src/cxl/spec/fm-payloads.ts';

function le(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

describe('FM API opcodes (CXL r3.2 Table 8-230: command set << 8 | command)', () => {
  it('Physical Switch 51h, Virtual Switch 52h, MLD Port 53h, MLD Component 54h', () => {
    expect(F.FM_OPCODE.identifySwitchDevice).toBe((0x51 << 8) | 0x00);
    expect(F.FM_OPCODE.getPhysicalPortState).toBe((0x51 << 8) | 0x01);
    expect(F.FM_OPCODE.getVirtualSwitchInfo).toBe((0x52 << 8) | 0x00);
    expect(F.FM_OPCODE.bindVppb).toBe((0x52 << 8) | 0x01);
    expect(F.FM_OPCODE.unbindVppb).toBe((0x52 << 8) | 0x02);
    expect(F.FM_OPCODE.tunnelManagement).toBe((0x53 << 8) | 0x00);
    expect(F.FM_OPCODE.getLdInfo).toBe((0x54 << 8) | 0x00);
    expect(F.FM_OPCODE.getLdAllocations).toBe((0x54 << 8) | 0x01);
    expect(F.FM_OPCODE.setLdAllocations).toBe((0x54 << 8) | 0x02);
  });

  it('switch command sets go to the switch, MLD Component commands to the MLD (Table 7-15)', () => {
    expect(F.fmProcessorOf(0x5100)).toBe('switch');
    expect(F.fmProcessorOf(0x5202)).toBe('switch');
    expect(F.fmProcessorOf(0x5300)).toBe('switch');
    expect(F.fmProcessorOf(0x5402)).toBe('mld');
    expect(F.fmProcessorOf(0x4000)).toBeUndefined();
  });
});

describe('Identify Switch Device response (Table 7-16)', () => {
  it('places every field at its offset; 1+1+1+1+32+32+2+2+1 = 73 = 49h bytes', () => {
    expect(1 + 1 + 1 + 1 + 32 + 32 + 2 + 2 + 1).toBe(0x49);
    const b = P.encodeIdentifySwitch({
      ingressPortId: 7,
      physicalPorts: 6,
      vcsCount: 2,
      activePorts: [0, 1, 2, 5, 9],
      activeVcss: [0, 1],
      totalVppbs: 0x0108,
      boundVppbs: 3,
      hdmDecoders: 4,
    });
    expect(b.length).toBe(0x49);
    expect([b[0], b[1], b[2], b[3]]).toEqual([7, 0, 6, 2]);
    // Ports 0,1,2,5 are bits of byte 04h: 1+2+4+32 = 0x27; port 9 is bit 1 of byte 05h.
    expect(b[0x04]).toBe(0x27);
    expect(b[0x05]).toBe(0x02);
    // VCS 0 and 1: bits 0 and 1 of byte 24h = 3.
    expect(b[0x24]).toBe(0x03);
    // Total vPPBs 0x0108 little-endian at 44h: 08 01; bound 3 at 46h; decoders at 48h.
    expect([b[0x44], b[0x45], b[0x46], b[0x47], b[0x48]]).toEqual([0x08, 0x01, 3, 0, 4]);
  });

  it('a 48h-byte response is refused with the sizes named', () => {
    const r = P.decodeIdentifySwitch(new Uint8Array(0x48));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('Identify Switch Device response: 72 bytes, the layout needs 73');
  });
});

describe('Get Physical Port State (Tables 7-17 to 7-19)', () => {
  it('request: count then one byte per port', () => {
    expect([...P.encodeIdList([1, 4, 200])]).toEqual([3, 1, 4, 200]);
  });

  it('response: 4-byte header, 16-byte blocks; block 1 starts at 4 + 16 = 20', () => {
    const block = (portId: number): P.PortInfo => ({
      portId,
      configState: F.PORT_CONFIG_STATE.dsp,
      connectedMode: 2,
      deviceType: F.DEVICE_TYPE.type3Mld,
      supportedModes: 0x02,
      maxLinkWidth: 16,
      negotiatedLinkWidth: 8,
      supportedSpeeds: 0x1f,
      maxLinkSpeed: 5,
      currentLinkSpeed: 4,
      ltssmState: F.LTSSM_L0,
      firstLane: 3,
      linkStateFlags: 0x0102,
      supportedLdCount: 16,
    });
    const b = P.encodePortStates([block(1), block(9)]);
    expect(b.length).toBe(4 + 2 * 16);
    expect(b[0]).toBe(2);
    const at = 20;
    expect([b[at + 0], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5]]).toEqual([9, 3, 2, 0, 5, 2]);
    expect([b[at + 6], b[at + 7], b[at + 8], b[at + 9], b[at + 10], b[at + 11], b[at + 12]]).toEqual([
      16, 8, 0x1f, 5, 4, 4, 3,
    ]);
    // Link State Flags at Dh, 2 bytes LE: 0x0102 → 02 01; Supported LD Count at Fh.
    expect([b[at + 0xd], b[at + 0xe], b[at + 0xf]]).toEqual([0x02, 0x01, 16]);
  });

  it('a count of 2 with one block is refused: 4 + 2 × 16 = 36 bytes needed', () => {
    const b = new Uint8Array(20);
    b[0] = 2;
    const r = P.decodePortStates(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('20 bytes, Number of Ports 2 (4 + 2 × 16) needs 36');
  });
});

describe('Get Virtual CXL Switch Info (Tables 7-30 to 7-32)', () => {
  it('request: start vPPB, list limit, count, VCS IDs', () => {
    expect([...P.encodeVcsInfoRequest({ startVppb: 1, vppbListLimit: 4, vcsIds: [0, 2] })]).toEqual([
      1, 4, 2, 0, 2,
    ]);
  });

  it('response blocks: 4-byte VCS header then 4 bytes per listed vPPB', () => {
    const b = P.encodeVcsInfo([
      {
        vcsId: 0,
        state: 1,
        uspId: 0,
        vppbCount: 3,
        entries: [
          { status: 3, portId: 2, ldId: 1 },
          { status: 0, portId: 0, ldId: 0xff },
        ],
      },
      { vcsId: 1, state: 0, uspId: 4, vppbCount: 0, entries: [] },
    ]);
    // Header 4 + block 0 (4 + 2 × 4 = 12) + block 1 (4) = 20 bytes; block 1 at 4 + 12 = 16.
    expect(b.length).toBe(20);
    expect([b[0], b[4], b[5], b[6], b[7]]).toEqual([2, 0, 1, 0, 3]);
    expect([b[8], b[9], b[10], b[11]]).toEqual([3, 2, 1, 0]);
    expect([b[12], b[13], b[14]]).toEqual([0, 0, 0xff]);
    expect([b[16], b[17], b[18], b[19]]).toEqual([1, 0, 4, 0]);
  });

  it('entries listed = min(limit, vPPBs − start)', () => {
    expect(P.vppbEntryCount(8, 0, 3)).toBe(3);
    expect(P.vppbEntryCount(8, 6, 3)).toBe(2);
    expect(P.vppbEntryCount(8, 9, 3)).toBe(0);
  });
});

describe('Bind vPPB and Unbind vPPB requests (Tables 7-33, 7-34)', () => {
  it('Bind: VCS 0h, vPPB 1h, port 2h, reserved 3h, LD ID 4h–5h LE', () => {
    expect([...P.encodeBindVppb({ vcsId: 1, vppbId: 2, portId: 3, ldId: 0x0102 })]).toEqual([
      1, 2, 3, 0, 2, 1,
    ]);
    expect([...P.encodeBindVppb({ vcsId: 0, vppbId: 0, portId: 5, ldId: F.LD_ID_NONE })]).toEqual([
      0, 0, 5, 0, 0xff, 0xff,
    ]);
  });

  it('Unbind: VCS, vPPB, option bits [3:0]', () => {
    expect([...P.encodeUnbindVppb({ vcsId: 1, vppbId: 2, option: 2 })]).toEqual([1, 2, 2]);
    const r = P.decodeUnbindVppb(Uint8Array.from([1, 2, 0xf1]));
    expect(r.ok && r.value.option).toBe(1);
  });
});

describe('MLD Component payloads (Tables 7-44 to 7-49)', () => {
  it('Get LD Info: memory size 0h (8), LD count 8h (2), QoS caps Ah = 0Bh bytes', () => {
    const b = M.encodeLdInfo({ memorySize: 4n * 2n ** 30n, ldCount: 4, qosCaps: 1 });
    // 4 GiB = 0x1_0000_0000: byte 4 is 01h, the rest of the 8 bytes 00h.
    expect([...b]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 1]);
  });

  it('Get LD Allocations: request start, limit; response 4-byte header then 16-byte entries', () => {
    expect([...M.encodeLdAllocRequest({ startLdId: 2, listLimit: 8 })]).toEqual([2, 8]);
    const b = M.encodeLdAllocations({
      ldCount: 4,
      granularity: 1,
      startLdId: 1,
      list: [
        { range1: 2n, range2: 0n },
        { range1: 0x0102n, range2: 3n },
      ],
    });
    expect(b.length).toBe(4 + 2 * 16);
    expect([b[0], b[1], b[2], b[3]]).toEqual([4, 1, 1, 2]);
    expect(le(b, 4, 8)).toBe(2);
    expect(le(b, 4 + 8, 8)).toBe(0);
    // Entry 1 at 4 + 16 = 20: Range 1 = 0x0102 → 02 01; Range 2 at 20 + 8 = 28.
    expect([b[20], b[21]]).toEqual([2, 1]);
    expect(le(b, 28, 8)).toBe(3);
  });

  it('Set LD Allocations: count 0h, start 1h, 2 reserved, entries from 4h', () => {
    const b = M.encodeSetLdAllocations({ startLdId: 3, list: [{ range1: 4n, range2: 1n }] });
    expect([...b.subarray(0, 4)]).toEqual([1, 3, 0, 0]);
    expect(le(b, 4, 8)).toBe(4);
    expect(le(b, 12, 8)).toBe(1);
  });

  it('memory granularity codes: 0 = 256 MiB, 1 = 512 MiB, 2 = 1 GiB', () => {
    expect(F.MEMORY_GRANULARITY).toEqual([2 ** 28, 2 ** 29, 2 ** 30]);
  });
});

describe('CCI message and Tunnel Management Command (Tables 7-14, 7-37, 7-38)', () => {
  it('header: category, tag, reserved, opcode 3h–4h, length 5h–7h[4:0], BO 7h[7], rc 8h, vendor Ah', () => {
    const payload = new Uint8Array(0x12345);
    const b = M.encodeCciMessage({
      category: 1,
      tag: 9,
      opcode: 0x5401,
      background: true,
      returnCode: 0x0102,
      vendorStatus: 0x0304,
      payload,
    });
    // Length 0x12345: bits [15:0] = 0x2345 → 45 23; bits [20:16] = 1, plus BO 0x80 → 0x81.
    expect([...b.subarray(0, 12)]).toEqual([1, 9, 0, 0x01, 0x54, 0x45, 0x23, 0x81, 0x02, 0x01, 0x04, 0x03]);
    expect(b.length).toBe(12 + 0x12345);
  });

  it('tunnel request: port, target type, command size (2), message; response: length (2), reserved, message', () => {
    const msg = M.encodeCciMessage({
      category: 0,
      tag: 0,
      opcode: 0x5400,
      background: false,
      returnCode: 0,
      vendorStatus: 0,
      payload: new Uint8Array(0),
    });
    const t = M.encodeTunnelRequest({ portOrLdId: 3, targetType: 0, message: msg });
    expect([...t.subarray(0, 4)]).toEqual([3, 0, 12, 0]);
    expect([...t.subarray(4, 9)]).toEqual([0, 0, 0, 0x00, 0x54]);
    const r = M.encodeTunnelResponse(Uint8Array.from([1, 2, 3]));
    expect([...r]).toEqual([3, 0, 0, 0, 1, 2, 3]);
  });

  it('a tunnel request whose Command Size exceeds its bytes is refused', () => {
    const r = M.decodeTunnelRequest(Uint8Array.from([3, 0, 20, 0, 1, 2]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('6 bytes, Command Size 20 (4 + 20) needs 24');
  });
});

const byte = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const sortedBits = fc.uniqueArray(byte, { maxLength: 40 }).map((a) => [...a].sort((x, y) => x - y));

describe('round trips (fast-check): decode(encode(x)) = x', () => {
  it('Identify Switch Device', () => {
    fc.assert(
      fc.property(
        fc.record({
          ingressPortId: byte,
          physicalPorts: byte,
          vcsCount: byte,
          activePorts: sortedBits,
          activeVcss: sortedBits,
          totalVppbs: u16,
          boundVppbs: u16,
          hdmDecoders: byte,
        }),
        (v) => {
          expect(P.decodeIdentifySwitch(P.encodeIdentifySwitch(v))).toEqual({ ok: true, value: v });
        },
      ),
    );
  });

  it('port states (fields within their bit widths)', () => {
    const six = fc.integer({ min: 0, max: 63 });
    const nib = fc.integer({ min: 0, max: 15 });
    const info = fc.record({
      portId: byte,
      configState: nib,
      connectedMode: nib,
      deviceType: byte,
      supportedModes: byte,
      maxLinkWidth: six,
      negotiatedLinkWidth: six,
      supportedSpeeds: six,
      maxLinkSpeed: six,
      currentLinkSpeed: six,
      ltssmState: byte,
      firstLane: byte,
      linkStateFlags: u16,
      supportedLdCount: byte,
    });
    fc.assert(
      fc.property(fc.array(info, { maxLength: 20 }), (ports) => {
        expect(P.decodePortStates(P.encodePortStates(ports))).toEqual({ ok: true, value: ports });
      }),
    );
  });

  it('VCS info (entries = min(limit, vPPBs − start))', () => {
    const block = fc
      .record({
        vcsId: byte,
        state: fc.constantFrom(0, 1),
        uspId: byte,
        vppbCount: fc.integer({ min: 0, max: 40 }),
      })
      .chain((h) =>
        fc.record({
          start: fc.integer({ min: 0, max: 10 }),
          limit: fc.integer({ min: 1, max: 10 }),
          h: fc.constant(h),
        }),
      );
    fc.assert(
      fc.property(
        block,
        fc.array(fc.record({ status: byte, portId: byte, ldId: byte }), { maxLength: 10 }),
        (x, pool) => {
          const n = P.vppbEntryCount(x.h.vppbCount, x.start, x.limit);
          const entries = Array.from(
            { length: n },
            (_, i) => pool[i % Math.max(1, pool.length)] ?? { status: 0, portId: 0, ldId: 0 },
          );
          const v = [{ ...x.h, entries }];
          expect(P.decodeVcsInfo(P.encodeVcsInfo(v), { startVppb: x.start, vppbListLimit: x.limit })).toEqual(
            {
              ok: true,
              value: v,
            },
          );
        },
      ),
    );
  });

  it('Bind, Unbind, VCS info request, ID lists', () => {
    fc.assert(
      fc.property(
        byte,
        byte,
        byte,
        u16,
        fc.integer({ min: 0, max: 15 }),
        fc.array(byte, { maxLength: 255 }),
        (a, b, c, ld, opt, ids) => {
          expect(P.decodeBindVppb(P.encodeBindVppb({ vcsId: a, vppbId: b, portId: c, ldId: ld }))).toEqual({
            ok: true,
            value: { vcsId: a, vppbId: b, portId: c, ldId: ld },
          });
          expect(P.decodeUnbindVppb(P.encodeUnbindVppb({ vcsId: a, vppbId: b, option: opt }))).toEqual({
            ok: true,
            value: { vcsId: a, vppbId: b, option: opt },
          });
          const req = { startVppb: a, vppbListLimit: b, vcsIds: ids };
          expect(P.decodeVcsInfoRequest(P.encodeVcsInfoRequest(req))).toEqual({ ok: true, value: req });
          expect(P.decodeIdList(P.encodeIdList(ids), 'ids')).toEqual({ ok: true, value: ids });
        },
      ),
    );
  });

  it('LD Info, LD allocations, Set LD Allocations', () => {
    const alloc = fc.record({ range1: u64, range2: u64 });
    fc.assert(
      fc.property(
        u64,
        u16,
        byte,
        byte,
        byte,
        fc.array(alloc, { maxLength: 16 }),
        (size, count, q, g, start, list) => {
          const info = { memorySize: size, ldCount: count, qosCaps: q };
          expect(M.decodeLdInfo(M.encodeLdInfo(info))).toEqual({ ok: true, value: info });
          const got = { ldCount: q, granularity: g, startLdId: start, list };
          expect(M.decodeLdAllocations(M.encodeLdAllocations(got))).toEqual({ ok: true, value: got });
          const set = { startLdId: start, list };
          expect(M.decodeSetLdAllocations(M.encodeSetLdAllocations(set))).toEqual({ ok: true, value: set });
          const req = { startLdId: start, listLimit: g };
          expect(M.decodeLdAllocRequest(M.encodeLdAllocRequest(req))).toEqual({ ok: true, value: req });
        },
      ),
    );
  });

  it('CCI messages inside tunnel requests and responses', () => {
    const msg = fc.record({
      category: fc.integer({ min: 0, max: 15 }),
      tag: byte,
      opcode: u16,
      background: fc.boolean(),
      returnCode: u16,
      vendorStatus: u16,
      payload: fc.uint8Array({ maxLength: 200 }),
    });
    fc.assert(
      fc.property(msg, byte, fc.integer({ min: 0, max: 15 }), (m, port, type) => {
        const bytes = M.encodeCciMessage(m);
        expect(M.decodeCciMessage(bytes)).toEqual({ ok: true, value: m });
        const t = { portOrLdId: port, targetType: type, message: bytes };
        expect(M.decodeTunnelRequest(M.encodeTunnelRequest(t))).toEqual({ ok: true, value: t });
        expect(M.decodeTunnelResponse(M.encodeTunnelResponse(bytes))).toEqual({ ok: true, value: bytes });
      }),
    );
  });
});

describe('decoders never throw on arbitrary bytes; short input is a located error', () => {
  const decoders: [string, (b: Uint8Array) => { ok: boolean; error?: { code: string } }][] = [
    ['identify', P.decodeIdentifySwitch],
    ['port states', P.decodePortStates],
    ['vcs request', P.decodeVcsInfoRequest],
    ['vcs info', (b) => P.decodeVcsInfo(b, { startVppb: 0, vppbListLimit: 255 })],
    ['bind', P.decodeBindVppb],
    ['unbind', P.decodeUnbindVppb],
    ['id list', (b) => P.decodeIdList(b, 'ids')],
    ['ld info', M.decodeLdInfo],
    ['ld alloc request', M.decodeLdAllocRequest],
    ['ld allocations', M.decodeLdAllocations],
    ['set ld allocations', (b) => M.decodeSetLdAllocations(b)],
    ['cci', M.decodeCciMessage],
    ['tunnel request', M.decodeTunnelRequest],
    ['tunnel response', M.decodeTunnelResponse],
  ];
  for (const [name, decode] of decoders) {
    it(name, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
          const r = decode(b);
          if (!r.ok) expect(r.error?.code).toBe('fm.payload-short');
        }),
      );
      // Every layout has at least a one-byte header, so no bytes at all is always refused.
      expect(decode(new Uint8Array(0)).ok).toBe(false);
    });
  }
});
