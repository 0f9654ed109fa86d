/**
 * A Type 3 device's runtime state on the device side: its capacities and partition, Label Storage
 * Area, poison list, event logs and timestamp. Built from the file's `device` entry, changed only by
 * mailbox commands (and, later, poisoned reads), and saved back as `DeviceSavedState`.
 */
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
    for (const page of saved?.lsa ?? []) {
      const n = Math.min(page.bytes.length, Math.max(0, this.props.lsaSize - page.offset));
      if (n > 0) this.lsa.write(page.offset, page.bytes.subarray(0, n));
    }
    this.poison = (saved?.poison ?? []).map((p) => ({ ...p }));
    this.logs = [0, 1, 2, 3].map(() => ({
      records: [],
      overflowCount: 0,
      firstOverflow: 0n,
      lastOverflow: 0n,
    }));
    for (const e of saved?.events ?? [])
      this.logs[e.log]?.records.push({ handle: e.handle, bytes: e.bytes.slice() });
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
      l.records.map((r) => ({ log, handle: r.handle, bytes: r.bytes })),
    );
    const s: DeviceSavedState = {
      lsa: this.lsa.pages().map(([offset, bytes]) => ({ offset, bytes })),
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
