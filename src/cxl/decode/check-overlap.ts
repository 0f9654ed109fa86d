/**
 * Overlapping and aliasing committed decoders: warnings (the hardware accepts them when Lock On
 * Commit is 0), each with what the specification, Linux and QEMU do about them.
 *
 * Sources, as read:
 * - CXL r3.1 §8.2.4.20.12 (Committing Decoder Programming): with Lock On Commit = 1, committing
 *   decoder m+1 checks Decoder[m+1].Base ≥ Decoder[m].Base + Decoder[m].Size and sets Error Not
 *   Committed on failure; "If Lock On Commit=0, decoder logic does not implement the address
 *   aliasing checks. Software is fully responsible for avoiding aliasing". §8.2.4.20.13 (Decoder
 *   Protection, decode-flow implementation notes): a component decodes an HPA with the active
 *   decoder satisfying Base ≤ HPA < Base + Size; the text names no winner when two do.
 * - QEMU hw/cxl/cxl-host.c cxl_hdm_find_target (host bridges, switch upstream ports): decoders in
 *   index order, the first whose range holds the HPA is used (routing fails if that one is not
 *   committed); hw/mem/cxl_type3.c cxl_type3_dpa: the same for devices, stopping at the first
 *   uncommitted decoder; hdm_decoder_commit commits with no checks ("TODO: Sanity checks").
 * - Linux drivers/cxl/core/hdm.c init_hdm_decoder enumerates committed decoders without comparing
 *   their ranges; drivers/cxl/core/region.c assembles one region per distinct endpoint range
 *   (match_region_by_range), finds a port's decoder by exact range (match_auto_decoder: the first
 *   one), refuses a lower-numbered decoder at a higher base ("HPA order violation", alloc_region_ref
 *   / auto_order_ok), and on a region range that overlaps another only warns ("cannot insert
 *   resource", construct_region) and goes on.
 */
import type { DecoderState } from '../hdm/decoder-state.ts';
import type { LabCore } from '../lab-core.ts';
import type { ComponentSpec } from '../topology/model.ts';
import { hexAddr } from './walk.ts';

/** What one party does about a finding: the hardware per the specification, Linux, or QEMU. */
export interface FindingBehaviour {
  who: 'hardware' | 'linux' | 'qemu';
  does: string;
  ref: string;
}

/** A warning this module adds (the fields of `Finding` it fills). */
export interface OverlapFinding {
  severity: 'warning';
  code: string;
  message: string;
  component: string;
  decoder: number;
  rule: 'spec';
  ref: string;
  behaviour: FindingBehaviour[];
}

export const REF_COMMIT_ALIAS =
  'CXL r3.1 §8.2.4.20.12 (Committing Decoder Programming: with Lock On Commit = 0 software avoids aliasing)';
const REF_DECODE_FLOW = 'CXL r3.1 §8.2.4.20.13 (Decoder Protection: decode flow)';
const REF_QEMU_PORT = 'qemu hw/cxl/cxl-host.c cxl_hdm_find_target';
const REF_QEMU_DEVICE = 'qemu hw/mem/cxl_type3.c cxl_type3_dpa';

/** Two committed decoders of one component whose HPA ranges intersect. */
export const OVERLAP_BEHAVIOUR: readonly FindingBehaviour[] = [
  {
    who: 'hardware',
    does: 'With Lock On Commit = 1 the component refuses the later decoder (Error Not Committed: its base is below the end of the decoder before it). With Lock On Commit = 0 it does no check and commits; the specification leaves avoiding overlaps to software and names no decoder that wins an address both claim.',
    ref: `${REF_COMMIT_ALIAS}; ${REF_DECODE_FLOW}`,
  },
  {
    who: 'linux',
    does: 'Enumerates both decoders without comparing their ranges. Each distinct range becomes its own region; when one region overlaps another, Linux only warns ("cannot insert resource") and assembles it anyway. A lower-numbered decoder at a higher base is refused ("HPA order violation").',
    ref: 'linux drivers/cxl/core/hdm.c init_hdm_decoder; drivers/cxl/core/region.c construct_region, alloc_region_ref / auto_order_ok',
  },
  {
    who: 'qemu',
    does: 'Walks the decoders in index order and uses the first whose range holds the address: the lower-numbered decoder wins the overlap, the other one is never reached there. The lab routes the same way.',
    ref: `${REF_QEMU_PORT}; ${REF_QEMU_DEVICE}`,
  },
];

/** Two HPAs inside one region reaching the same device byte. */
export const ALIAS_BEHAVIOUR: readonly FindingBehaviour[] = [
  {
    who: 'hardware',
    does: 'Every component decodes each address on its own, so both HPAs read and write the same bytes. Only Lock On Commit makes a component check its own decoders (ranges ascending, targets distinct); nothing checks one level against another, so software must avoid aliasing.',
    ref: `${REF_COMMIT_ALIAS}; ${REF_DECODE_FLOW}`,
  },
  {
    who: 'linux',
    does: 'Has no alias check: it never routes addresses. It refuses to assemble a region whose port decoders differ from the ways and granularity it derives ("expected iw … ig …"), and translates DPAs to HPAs with its own position formula.',
    ref: 'linux drivers/cxl/core/region.c cxl_port_setup_targets, cxl_dpa_to_hpa',
  },
  {
    who: 'qemu',
    does: 'Routes each access through the window, host bridge and device decoders with no check: both HPAs land on the same backing bytes.',
    ref: `qemu hw/cxl/cxl-host.c cxl_cfmws_find_device, cxl_hdm_find_target; ${REF_QEMU_DEVICE}`,
  },
];

/** Two regions (committed endpoint decoder sets) claiming overlapping ranges of one window. */
export const REGION_OVERLAP_BEHAVIOUR: readonly FindingBehaviour[] = [
  {
    who: 'hardware',
    does: 'Accepts it: each component decodes with its own decoders, so each address of the overlap reaches whichever device the decoders above it pick, and the other region never sees it.',
    ref: `${REF_COMMIT_ALIAS}; ${REF_DECODE_FLOW}`,
  },
  {
    who: 'linux',
    does: 'Assembles one region per distinct range; the overlapping one only gets a warning ("cannot insert resource").',
    ref: 'linux drivers/cxl/core/region.c construct_region, match_region_by_range',
  },
  {
    who: 'qemu',
    does: 'Takes the first decoder (index order) whose range holds the address at every level; no check.',
    ref: `${REF_QEMU_PORT}; ${REF_QEMU_DEVICE}`,
  },
];

function rangeText(base: number, size: number): string {
  return `[${hexAddr(base)}, ${hexAddr(base + size)})`;
}

/** Pairs (lower index first) of committed, non-empty decoders whose HPA ranges intersect. */
export function overlappingPairs(decoders: readonly DecoderState[]): [DecoderState, DecoderState][] {
  const live = decoders.filter((d) => d.committed && d.size > 0);
  const pairs: [DecoderState, DecoderState][] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i];
      const b = live[j];
      if (a === undefined || b === undefined) continue;
      if (a.base < b.base + b.size && b.base < a.base + a.size) pairs.push([a, b]);
    }
  }
  return pairs;
}

function ownsDecoders(c: ComponentSpec): boolean {
  return c.kind === 'host-bridge' || c.kind === 'switch' || c.kind === 'type3';
}

/** One warning per overlapping pair of committed decoders in a component, about the later one. */
export function checkDecoderOverlaps(core: LabCore): OverlapFinding[] {
  const found: OverlapFinding[] = [];
  for (const c of core.topology.spec.components) {
    if (!ownsDecoders(c)) continue;
    for (const [a, b] of overlappingPairs(core.decoders(c.id))) {
      const from = Math.max(a.base, b.base);
      const to = Math.min(a.base + a.size, b.base + b.size);
      found.push({
        severity: 'warning',
        code: 'decoder.overlap',
        message: `${c.id} decoder ${b.index} ${rangeText(b.base, b.size)} and decoder ${a.index} ${rangeText(a.base, a.size)} are both committed and overlap on ${rangeText(from, to - from)}: QEMU and the lab use decoder ${a.index} there (first in index order), so decoder ${b.index} is never reached on it`,
        component: c.id,
        decoder: b.index,
        rule: 'spec',
        ref: REF_COMMIT_ALIAS,
        behaviour: OVERLAP_BEHAVIOUR.map((x) => ({ ...x })),
      });
    }
  }
  return found;
}
