/**
 * The narrow view of a lab that routing, checks and region assembly need: the validated topology,
 * the decoded state of every HDM decoder, and a version counter that changes on every register
 * write (so compiled fast paths know when to rebuild).
 */
import type { DecoderState } from './hdm/decoder-state.ts';
import type { Topology } from './topology/model.ts';

export interface LabCore {
  readonly topology: Topology;
  /** Decoded decoders of a host bridge, switch or Type 3 (empty for a passthrough host bridge). */
  decoders(componentId: string): readonly DecoderState[];
  /** Increments on every register write or topology change. */
  readonly version: number;
}
