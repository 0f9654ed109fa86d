/**
 * A Type 3 device's runtime state on the device side: its capacities and partition, Label Storage
 * Area, poison list, event logs and timestamp. Built from the file's `device` entry, changed only by
 * mailbox commands (and, later, poisoned reads), and saved back as `DeviceSavedState`.
 */

import { decodeBase64, encodeBase64 } from '../base64.ts';
import { EVENT_RECORD_SIZE } from '../spec/mailbox-payloads.ts';
import type { DeviceSavedState, EventRecordSpec, PoisonRecordSpec, Type3Spec } from '../topology/model.ts';
import { LabelStorage } from './lsa.ts';
import { type DeviceProps, deviceProps } from './props.ts';

export interface EventLogState {
  records: { handle: number; bytes: Uint8Array }[];
  /** Records dropped because the log was full (Get Event Records' Overflow Error Count). */
  overflowCount: number;
  firstOverflow: bigint;
  lastOverflow: bigint;
}

/** LSA bytes are kept in 2 KiB chunks in saved state (base64 of 2 KiB fits the file's string limit). */
export const LSA_SAVE_CHUNK = 2048;

/** Written LSA pages → their non-zero 2 KiB chunks, base64. */
function lsaChunks(pages: [number, Uint8Array][]): { offset: number; data: string }[] {
  const out: { offset: number; data: string }[] = [];
  for (const [offset, bytes] of pages) {
    for (let at = 0; at < bytes.length; at += LSA_SAVE_CHUNK) {
      const part = bytes.subarray(at, at + LSA_SAVE_CHUNK);
      if (part.some((b) => b !== 0)) out.push({ offset: offset + at, data: encodeBase64(part) });
    }
  }
  return out;
}

export class DeviceState {
  readonly id: string;
  /** Active capacities (bytes): Set Partition Info with Immediate changes them. */
  volatile: number;
  persistent: number;
  readonly props: DeviceProps;
  readonly lsa: LabelStorage;
  readonly poison: PoisonRecordSpec[];
  readonly logs: EventLogState[];
  nextEventHandle: number;
  /** Set Timestamp's value (ns), null until set (Get Timestamp then returns 0, as QEMU does). */
  timestamp: bigint | null;
  /** Pending volatile capacity (bytes) after Set Partition Info without Immediate. */
  nextVolatile: number | null;
  /** Poison list overflowed (records were dropped) and when. */
  poisonOverflow: bigint | null = null;

  constructor(dev: Type3Spec) {
    this.id = dev.id;
    this.volatile = dev.volatile;
    this.persistent = dev.persistent;
    this.props = deviceProps(dev);
    this.lsa = new LabelStorage(this.props.lsaSize);
    const saved = dev.device?.state;
    for (const chunk of saved?.lsa ?? []) {
      const bytes = decodeBase64(chunk.data);
      if (!bytes.ok) continue; // the file reader has already reported it
      const n = Math.min(bytes.value.length, Math.max(0, this.props.lsaSize - chunk.offset));
      if (n > 0) this.lsa.write(chunk.offset, bytes.value.subarray(0, n));
    }
    this.poison = (saved?.poison ?? []).map((p) => ({ ...p }));
    this.logs = [0, 1, 2, 3].map(() => ({
      records: [],
      overflowCount: 0,
      firstOverflow: 0n,
      lastOverflow: 0n,
    }));
    for (const e of saved?.events ?? []) {
      const bytes = decodeBase64(e.record);
      const full = new Uint8Array(EVENT_RECORD_SIZE);
      if (bytes.ok) full.set(bytes.value.subarray(0, EVENT_RECORD_SIZE));
      this.logs[e.log]?.records.push({ handle: e.handle, bytes: full });
    }
    this.nextEventHandle = saved?.nextEventHandle ?? 1;
    const ts = saved?.timestamp;
    this.timestamp = ts !== undefined && /^[0-9]{1,20}$/.test(ts) ? BigInt.asUintN(64, BigInt(ts)) : null;
    this.nextVolatile = saved?.nextVolatile ?? null;
  }

  get total(): number {
    return this.volatile + this.persistent;
  }

  /** The state to save (undefined when nothing differs from a fresh device). */
  saved(): DeviceSavedState | undefined {
    const events: EventRecordSpec[] = this.logs.flatMap((l, log) =>
      l.records.map((r) => ({ log, handle: r.handle, record: encodeBase64(r.bytes) })),
    );
    const s: DeviceSavedState = {
      lsa: lsaChunks(this.lsa.pages()),
      poison: this.poison.map((p) => ({ ...p })),
      events,
      nextEventHandle: this.nextEventHandle,
    };
    if (this.timestamp !== null) s.timestamp = this.timestamp.toString();
    if (this.nextVolatile !== null) s.nextVolatile = this.nextVolatile;
    const empty =
      s.lsa.length === 0 &&
      s.poison.length === 0 &&
      events.length === 0 &&
      s.nextEventHandle === 1 &&
      this.timestamp === null &&
      this.nextVolatile === null;
    return empty ? undefined : s;
  }

  /** The device's spec with its current capacities and saved state (what `--apply` writes). */
  applyTo(dev: Type3Spec): Type3Spec {
    const out: Type3Spec = { ...dev, volatile: this.volatile, persistent: this.persistent };
    const saved = this.saved();
    const device = { ...(dev.device ?? {}) };
    delete device.state;
    if (saved !== undefined) device.state = saved;
    if (Object.keys(device).length > 0) out.device = device;
    else delete out.device;
    return out;
  }
}
